#include "sandbox/block_kit_text.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <vector>

namespace sandbox {
namespace {

using nlohmann::json;

constexpr std::string_view kBold = "\x1b[1m";
constexpr std::string_view kBoldOff = "\x1b[22m";
constexpr std::string_view kItalic = "\x1b[3m";
constexpr std::string_view kItalicOff = "\x1b[23m";
constexpr std::string_view kStrike = "\x1b[9m";
constexpr std::string_view kStrikeOff = "\x1b[29m";
constexpr std::string_view kDim = "\x1b[2m";
constexpr std::string_view kReset = "\x1b[0m";

bool is_word_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

std::string unescape_entities(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '&') {
            if (s.substr(i, 4) == "&lt;") {
                out += '<';
                i += 3;
                continue;
            }
            if (s.substr(i, 4) == "&gt;") {
                out += '>';
                i += 3;
                continue;
            }
            if (s.substr(i, 5) == "&amp;") {
                out += '&';
                i += 4;
                continue;
            }
        }
        out += s[i];
    }
    return out;
}

// Slack's emphasis rules: a marker opens after a boundary and before a
// non-space, closes after a non-space and before a boundary, on one line.
// Links and code spans are left alone.
std::string apply_emphasis(std::string_view s) {
    std::string out;
    std::size_t i = 0;
    while (i < s.size()) {
        const char c = s[i];
        if (c == '<' || c == '`') {
            const auto end = s.find(c == '<' ? '>' : '`', i + 1);
            const auto stop = end == std::string_view::npos ? s.size() : end + 1;
            out.append(s.substr(i, stop - i));
            i = stop;
            continue;
        }
        const bool marker = c == '*' || c == '_' || c == '~';
        const bool opens = marker && (i == 0 || !is_word_char(s[i - 1])) && i + 1 < s.size() &&
                           s[i + 1] != ' ' && s[i + 1] != c;
        if (opens) {
            std::size_t j = i + 1;
            while (
                j < s.size() && s[j] != '\n' && s[j] != '<' &&
                !(s[j] == c && s[j - 1] != ' ' && (j + 1 == s.size() || !is_word_char(s[j + 1]))))
                ++j;
            if (j < s.size() && s[j] == c) {
                const auto [on, off] = c == '*'   ? std::pair{kBold, kBoldOff}
                                       : c == '_' ? std::pair{kItalic, kItalicOff}
                                                  : std::pair{kStrike, kStrikeOff};
                out.append(on);
                out.append(s.substr(i + 1, j - i - 1));
                out.append(off);
                i = j + 1;
                continue;
            }
        }
        out += c;
        ++i;
    }
    return out;
}

std::string lookup_or(const NameLookup& lookup, std::string_view id) {
    if (lookup) {
        if (auto name = lookup(id)) return *name;
    }
    return std::string(id);
}

// The content of one `<…>` token, without the angle brackets.
std::string render_token(std::string_view token, const TextStyle& style) {
    const auto bar = token.find('|');
    const auto target = token.substr(0, bar);
    const auto label = bar == std::string_view::npos ? std::string_view{} : token.substr(bar + 1);
    if (target.starts_with('@')) {
        if (auto name = style.user_name ? style.user_name(target.substr(1)) : std::nullopt)
            return "@" + *name;
        return "@" + std::string(label.empty() ? target.substr(1) : label);
    }
    if (target.starts_with('#')) {
        if (!label.empty()) return "#" + unescape_entities(label);
        return "#" + lookup_or(style.channel_name, target.substr(1));
    }
    if (target.starts_with("!date^")) return render_date_token(token.substr(6), style);
    if (target.starts_with("!subteam^")) {
        if (!label.empty()) return unescape_entities(label);
        return "@" + std::string(target.substr(9));
    }
    if (target.starts_with('!')) return "@" + std::string(target.substr(1));
    const auto url = unescape_entities(target);
    if (label.empty() || label == target) return url;
    if (target.starts_with("mailto:")) return unescape_entities(label);
    return unescape_entities(label) + " (" + url + ")";
}

std::string two_digits(unsigned v) {
    return std::string{static_cast<char>('0' + v / 10 % 10), static_cast<char>('0' + v % 10)};
}

std::string ordinal(unsigned d) {
    const char* suffix = (d % 100 >= 11 && d % 100 <= 13) ? "th"
                         : d % 10 == 1                    ? "st"
                         : d % 10 == 2                    ? "nd"
                         : d % 10 == 3                    ? "rd"
                                                          : "th";
    return std::to_string(d) + suffix;
}

struct DateParts {
    std::chrono::year_month_day ymd;
    std::chrono::weekday wd;
    std::chrono::hh_mm_ss<std::chrono::seconds> hms;
    int days_from_today = 0;
    std::int64_t seconds_ago = 0;  // negative: still to come
};

// Slack's `{ago}`: "5 minutes ago", "in 2 hours".
std::string ago(std::int64_t seconds_ago) {
    const std::int64_t s = seconds_ago < 0 ? -seconds_ago : seconds_ago;
    if (s < 60) return seconds_ago < 0 ? "in a few seconds" : "a few seconds ago";
    const auto [n, unit] = s < 3600    ? std::pair{s / 60, "minute"}
                           : s < 86400 ? std::pair{s / 3600, "hour"}
                                       : std::pair{s / 86400, "day"};
    const std::string amount = std::to_string(n) + " " + unit + (n == 1 ? "" : "s");
    return seconds_ago < 0 ? "in " + amount : amount + " ago";
}

DateParts date_parts(std::int64_t unix, core::TimePoint now) {
    using namespace std::chrono;
    const sys_seconds t{seconds{unix}};
    const auto day = floor<days>(t);
    const auto today = floor<days>(time_point_cast<seconds>(now));
    return {year_month_day{day}, weekday{day}, hh_mm_ss<seconds>{t - day},
            static_cast<int>((day - today).count()), (time_point_cast<seconds>(now) - t).count()};
}

std::string format_date_token(std::string_view name, const DateParts& p, bool drop_date) {
    static constexpr std::array<const char*, 12> kMonths = {
        "January", "February", "March",     "April",   "May",      "June",
        "July",    "August",   "September", "October", "November", "December"};
    static constexpr std::array<const char*, 7> kDays = {
        "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
    const unsigned m = static_cast<unsigned>(p.ymd.month());
    const unsigned d = static_cast<unsigned>(p.ymd.day());
    const auto year = std::to_string(static_cast<int>(p.ymd.year()));
    const std::string month = kMonths[m - 1];
    if (name == "ago") return ago(p.seconds_ago);
    if (name == "time")
        return two_digits(p.hms.hours().count()) + ":" + two_digits(p.hms.minutes().count()) +
               " UTC";
    if (name == "time_secs")
        return two_digits(p.hms.hours().count()) + ":" + two_digits(p.hms.minutes().count()) + ":" +
               two_digits(static_cast<unsigned>(p.hms.seconds().count())) + " UTC";
    std::string base(name);
    if (base.ends_with("_pretty")) {
        base.resize(base.size() - 7);
        if (p.days_from_today == 0) return "today";
        if (p.days_from_today == -1) return "yesterday";
        if (p.days_from_today == 1) return "tomorrow";
    } else if (drop_date && base.starts_with("date")) {
        return "";
    }
    if (base == "date_num") return year + "-" + two_digits(m) + "-" + two_digits(d);
    if (base == "date_short") return month.substr(0, 3) + " " + std::to_string(d) + ", " + year;
    if (base == "date") return month + " " + ordinal(d) + ", " + year;
    if (base == "date_long")
        return std::string(kDays[p.wd.c_encoding()]) + ", " + month + " " + ordinal(d) + ", " +
               year;
    return "{" + std::string(name) + "}";
}

std::string collapse_spaces(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
        out += c;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    if (out.starts_with("at ")) out.erase(0, 3);
    return out;
}

std::string text_object(const json& t, const TextStyle& style) {
    if (!t.is_object()) return "";
    const auto text = t.value("text", std::string{});
    return t.value("type", std::string{}) == "mrkdwn" ? render_mrkdwn(text, style) : text;
}

std::string dim(std::string s, const TextStyle& style) {
    return style.colour ? std::string(kDim) + s + std::string(kReset) : s;
}

// `*Severity*\nSEV1` reads as `Severity: SEV1`.
std::string field_line(const json& field, const TextStyle& style) {
    const auto raw = field.value("text", std::string{});
    const auto nl = raw.find('\n');
    if (field.value("type", std::string{}) == "mrkdwn" && nl != std::string::npos && nl > 2 &&
        raw.front() == '*' && raw[nl - 1] == '*') {
        auto label = raw.substr(1, nl - 2);
        if (label.ends_with(':')) label.pop_back();
        std::string value = raw.substr(nl + 1);
        for (auto& c : value)
            if (c == '\n') c = ' ';
        const auto shown_label = render_mrkdwn(label, style);
        return (style.colour ? std::string(kBold) + shown_label + std::string(kBoldOff)
                             : shown_label) +
               ": " + render_mrkdwn(value, style);
    }
    auto line = text_object(field, style);
    for (auto& c : line)
        if (c == '\n') c = ' ';
    return line;
}

std::string element_text(const json& e, const TextStyle& style) {
    const auto type = e.value("type", std::string{});
    const auto placeholder = e.contains("placeholder") ? text_object(e["placeholder"], style) : "";
    if (type == "button") {
        const auto label = text_object(e.value("text", json::object()), style);
        const auto shown = "[ " + label + " ]";
        if (!style.colour) return shown;
        const auto colour = e.value("style", std::string{});
        if (colour == "primary") return "\x1b[32m" + shown + std::string(kReset);
        if (colour == "danger") return "\x1b[31m" + shown + std::string(kReset);
        return shown;
    }
    if (type == "users_select") {
        if (e.contains("initial_user"))
            return "[ @" + lookup_or(style.user_name, e.value("initial_user", "")) + " ▾ ]";
        return "[ " + (placeholder.empty() ? std::string("Select a user") : placeholder) + " ▾ ]";
    }
    if (type == "overflow") return "[ … ]";
    if (type.ends_with("select") || type == "datepicker" || type == "timepicker") {
        if (e.contains("initial_option"))
            return "[ " + text_object(e["initial_option"].value("text", json::object()), style) +
                   " ▾ ]";
        return "[ " + (placeholder.empty() ? std::string("Select…") : placeholder) + " ▾ ]";
    }
    if (type == "image") return "[image: " + e.value("alt_text", std::string{}) + "]";
    if (type == "plain_text" || type == "mrkdwn") return text_object(e, style);
    return "[ " + type + " ]";
}

void rich_text(const json& node, const TextStyle& style, std::string& out) {
    if (node.is_array()) {
        for (const auto& n : node) rich_text(n, style, out);
        return;
    }
    if (!node.is_object()) return;
    const auto type = node.value("type", std::string{});
    if (type == "text") out += node.value("text", std::string{});
    if (type == "user") out += "@" + lookup_or(style.user_name, node.value("user_id", ""));
    if (type == "channel") out += "#" + lookup_or(style.channel_name, node.value("channel_id", ""));
    if (type == "link") out += node.value("text", node.value("url", std::string{}));
    if (type == "emoji") out += ":" + node.value("name", std::string{}) + ":";
    if (node.contains("elements")) rich_text(node["elements"], style, out);
    if (type == "rich_text_section" || type == "rich_text_preformatted") out += '\n';
}

std::vector<std::string> block_lines(const json& block, const TextStyle& style) {
    const auto type = block.value("type", std::string{});
    if (type == "header") {
        const auto t = text_object(block.value("text", json::object()), style);
        if (style.colour) return {"\x1b[1;4m" + t + std::string(kReset)};
        return {"== " + t + " =="};
    }
    if (type == "divider") {
        std::string rule;
        for (int i = 0; i < 40; ++i) rule += "─";
        return {dim(rule, style)};
    }
    std::vector<std::string> lines;
    if (type == "section") {
        if (block.contains("text")) lines.push_back(text_object(block["text"], style));
        for (const auto& f : block.value("fields", json::array()))
            lines.push_back(field_line(f, style));
        if (block.contains("accessory")) {
            const auto acc = element_text(block["accessory"], style);
            if (lines.empty())
                lines.push_back(acc);
            else
                lines.back() += "  " + acc;
        }
        return lines;
    }
    if (type == "context" || type == "actions") {
        std::string line;
        for (const auto& e : block.value("elements", json::array())) {
            if (!line.empty()) line += type == "context" ? "  " : " ";
            line += element_text(e, style);
        }
        return {type == "context" ? dim(line, style) : line};
    }
    if (type == "image") return {element_text(block, style)};
    if (type == "rich_text") {
        std::string t;
        rich_text(block.value("elements", json::array()), style, t);
        while (t.ends_with('\n')) t.pop_back();
        return {t};
    }
    return {"[unsupported block: " + type + "]"};
}

}  // namespace

std::string render_date_token(std::string_view token, const TextStyle& style) {
    const auto bar = token.find('|');
    const auto fallback =
        bar == std::string_view::npos ? std::string_view{} : token.substr(bar + 1);
    const auto spec = token.substr(0, bar);
    const auto caret = spec.find('^');
    std::int64_t unix = 0;
    const auto digits = spec.substr(0, caret);
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), unix);
    if (ec != std::errc{} || end != digits.data() + digits.size() ||
        caret == std::string_view::npos)
        return unescape_entities(fallback);
    auto format = spec.substr(caret + 1);
    format = format.substr(0, format.find('^'));  // an optional `^link` follows
    const bool has_time = format.find("{time") != std::string_view::npos;
    const auto parts = date_parts(unix, style.now);
    const bool drop_date = has_time && parts.days_from_today == 0;
    std::string out;
    for (std::size_t i = 0; i < format.size(); ++i) {
        const auto close = format[i] == '{' ? format.find('}', i) : std::string_view::npos;
        if (close == std::string_view::npos) {
            out += format[i];
            continue;
        }
        out += format_date_token(format.substr(i + 1, close - i - 1), parts, drop_date);
        i = close;
    }
    return collapse_spaces(out);
}

namespace {

// Slack shows :shortcodes: as emoji; these are the ones the bot uses.
std::string with_emoji(std::string text) {
    static constexpr std::pair<std::string_view, std::string_view> kEmoji[] = {
        {":memo:", "📝"},
        {":alarm_clock:", "⏰"},
        {":white_check_mark:", "✅"},
        {":rotating_light:", "🚨"},
        {":large_green_circle:", "🟢"},
        {":large_yellow_circle:", "🟡"},
        {":red_circle:", "🔴"},
        {":zzz:", "💤"},
        {":pushpin:", "📌"},
        {":books:", "📚"},
        {":warning:", "⚠️"},
        {":tada:", "🎉"},
        {":pencil2:", "✏️"},
        {":wave:", "👋"},
        {":lock:", "🔒"},
        {":white_square:", "⬜"},
        {":chart_with_downwards_trend:", "📉"},
        {":mag:", "🔍"},
        {":clipboard:", "📋"},
        {":page_facing_up:", "📄"},
        {":package:", "📦"},
        {":information_source:", "ℹ️"},
    };
    for (const auto& [code, emoji] : kEmoji)
        for (auto at = text.find(code); at != std::string::npos; at = text.find(code, at))
            text.replace(at, code.size(), emoji);
    return text;
}

}  // namespace

std::string render_mrkdwn(std::string_view text, const TextStyle& style) {
    const std::string source = style.colour ? apply_emphasis(text) : std::string(text);
    std::string out;
    std::size_t i = 0;
    while (i < source.size()) {
        const auto open = source.find('<', i);
        const auto close = open == std::string::npos ? open : source.find('>', open);
        if (close == std::string::npos) {
            out += with_emoji(unescape_entities(std::string_view(source).substr(i)));
            break;
        }
        out += with_emoji(unescape_entities(std::string_view(source).substr(i, open - i)));
        out += render_token(std::string_view(source).substr(open + 1, close - open - 1), style);
        i = close + 1;
    }
    return out;
}

std::string render_message(std::string_view text, const json& blocks, const TextStyle& style) {
    if (!blocks.is_array() || blocks.empty()) return render_mrkdwn(text, style);
    std::string out;
    for (const auto& block : blocks) {
        if (!block.is_object()) continue;
        for (const auto& line : block_lines(block, style)) {
            if (!out.empty()) out += '\n';
            out += line;
        }
    }
    return out;
}

}  // namespace sandbox
