#include "messages/mrkdwn.hpp"

#include <algorithm>
#include <cctype>

#include "messages/time_text.hpp"
#include "messages/utf8.hpp"

namespace messages {

namespace {

bool is_slack_id(std::string_view id) {
    return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
        return std::isupper(static_cast<unsigned char>(c)) ||
               std::isdigit(static_cast<unsigned char>(c));
    });
}

// A byte offset at most `max` code points into `text` where a cut is safe.
// Prefers a newline, then a space, in the last quarter of the window.
std::size_t cut_point(std::string_view text, std::size_t max) {
    const std::string_view window = prefix_code_points(text, max);
    std::size_t cut = window.size();
    if (cut == text.size()) return cut;
    for (const char separator : {'\n', ' '}) {
        const std::size_t at = window.rfind(separator);
        if (at != std::string_view::npos && at > 0 && at >= window.size() * 3 / 4) {
            cut = at + 1;
            break;
        }
    }
    // Never leave half a token or half an entity behind.
    const std::string_view kept = text.substr(0, cut);
    const std::size_t open = kept.rfind('<');
    if (open != std::string_view::npos && kept.find('>', open) == std::string_view::npos &&
        open > 0)
        cut = open;
    const std::size_t amp = text.substr(0, cut).rfind('&');
    if (amp != std::string_view::npos && cut - amp < 8 &&
        text.substr(0, cut).find(';', amp) == std::string_view::npos && amp > 0)
        cut = amp;
    return cut;
}

}  // namespace

std::string escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string user_mention(std::string_view user_id) {
    if (!is_slack_id(user_id)) return escape(user_id);
    return "<@" + std::string(user_id) + ">";
}

std::string contact_mention(std::string_view id) {
    if (!is_slack_id(id)) return escape(id);
    if (id.front() == 'S') return "<!subteam^" + std::string(id) + ">";
    return user_mention(id);
}

std::string channel_link(std::string_view channel_id) {
    if (!is_slack_id(channel_id)) return escape(channel_id);
    return "<#" + std::string(channel_id) + ">";
}

std::string web_link(std::string_view url, std::string_view label) {
    const bool web = url.starts_with("http://") || url.starts_with("https://");
    if (!web || url.size() > 2000 || url.find_first_of("|<> \n\r\t") != std::string_view::npos)
        return {};
    return "<" + std::string(url) + "|" + escape(label) + ">";
}

namespace {

// `<!date^<unix>^<format>|<fallback>>`: Slack shows `format` in the reader's
// time zone, and `fallback` where it cannot.
std::string date_token(core::TimePoint t, std::string_view format, const std::string& fallback) {
    return "<!date^" + std::to_string(core::unix_seconds(t)) + "^" + std::string(format) + "|" +
           fallback + ">";
}

}  // namespace

std::string time_token(core::TimePoint t) {
    return date_token(t, "{time}", utc_time(t));
}

std::string date_time_token(core::TimePoint t) {
    return date_token(t, "{date_short} {time}", utc_date_time(t));
}

std::string date_time_ago_token(core::TimePoint t) {
    return date_token(t, "{date_short} {time} ({ago})", utc_date_time(t));
}

std::string cut_mrkdwn(std::string_view text, std::size_t max) {
    if (code_points(text) <= max) return std::string(text);
    if (max == 0) return {};
    std::string out(text.substr(0, cut_point(text, max - 1)));
    while (!out.empty() && (out.back() == ' ' || out.back() == '\n')) out.pop_back();
    return out + "…";
}

std::vector<std::string> split_mrkdwn(std::string_view text, std::size_t max) {
    std::vector<std::string> pieces;
    if (max == 0) return pieces;
    while (!text.empty()) {
        std::size_t cut = cut_point(text, max);
        if (cut == 0) cut = prefix_code_points(text, max).size();
        pieces.emplace_back(text.substr(0, cut));
        text.remove_prefix(cut);
    }
    return pieces;
}

}  // namespace messages
