#include "commands/follow_up_parser.hpp"

#include <charconv>
#include <string>
#include <vector>

#include "commands/slack_text.hpp"
#include "commands/user_ref.hpp"
#include "commands/words.hpp"

namespace commands {
namespace {

constexpr std::string_view kImpactUsage =
    "e.g. `/incident impact users: 15000 | revenue: $45000 | checkout failing in EU`";
constexpr std::string_view kDetectedUsage =
    "e.g. `/incident detected monitoring_alert at 14:15` (or `at 2026-01-15T14:15:00Z`, UTC)";
constexpr std::string_view kActionUsage =
    "e.g. `/incident action Add monitoring for the connection pool @alice due 2026-01-20` (or "
    "`due 3d`)";
constexpr std::string_view kDueUsage = "Use `due YYYY-MM-DD` or `due 3d` (days) / `due 2w` (weeks)";

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

std::optional<std::int64_t> whole_number(std::string_view s, std::int64_t max) {
    if (!all_digits(s) || s.size() > 15) return std::nullopt;
    std::int64_t value = 0;
    std::from_chars(s.data(), s.data() + s.size(), value);
    if (value > max) return std::nullopt;
    return value;
}

// "15000", "15,000", "15 000", "15_000".
std::optional<std::int64_t> people_count(std::string_view text) {
    std::string digits;
    for (char c : text)
        if (c != ',' && c != '_' && c != ' ') digits += c;
    return whole_number(digits, 100'000'000'000);
}

// "$45000", "$45,000.50", "45000", "€1200": the sign kept, separators dropped.
std::optional<std::string> money(std::string_view text) {
    std::string sign;
    for (std::string_view s : {"$", "€", "£", "¥"}) {
        if (text.starts_with(s)) {
            sign = std::string(s);
            text.remove_prefix(s.size());
            break;
        }
    }
    text = trim(text);
    std::string whole, cents;
    bool in_cents = false;
    for (char c : text) {
        if (c == ',' || c == '_') {
            if (in_cents) return std::nullopt;
            continue;
        }
        if (c == '.') {
            if (in_cents) return std::nullopt;
            in_cents = true;
            continue;
        }
        if (c < '0' || c > '9') return std::nullopt;
        (in_cents ? cents : whole) += c;
    }
    if (whole.empty() || whole.size() > 15 || (in_cents && (cents.empty() || cents.size() > 2)))
        return std::nullopt;
    return sign + whole + (in_cents ? "." + cents : "");
}

std::optional<std::string> impact_key(std::string_view segment) {
    const auto colon = segment.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    const std::string key = lower(trim(segment.substr(0, colon)));
    if (key == "users" || key == "users affected" || key == "users_affected" || key == "customers")
        return std::string("users");
    if (key == "revenue" || key == "revenue lost" || key == "revenue_lost")
        return std::string("revenue");
    return std::nullopt;
}

core::Result<DueSpec> parse_due(std::string_view wire) {
    const std::string word = lower(plain_text(wire));
    if (const auto date = core::parse_date(word)) return DueSpec{date, 0};
    if (word.size() >= 2 && (word.back() == 'd' || word.back() == 'w')) {
        if (const auto n = whole_number(std::string_view(word).substr(0, word.size() - 1), 3650);
            n && *n > 0)
            return DueSpec{std::nullopt, static_cast<int>(*n * (word.back() == 'w' ? 7 : 1))};
    }
    return fail("bad_due", quote(wire) + " is not a due date. " + std::string(kDueUsage) + ".");
}

std::optional<int> item_number(std::string_view word) {
    const auto n = whole_number(word, 100000);
    if (!n || *n == 0) return std::nullopt;
    return static_cast<int>(*n);
}

core::Error bad_number(std::string_view word) {
    return fail("bad_number", quote(word) +
                                  " is not an action item number. Say which one by number, e.g. "
                                  "`/incident action done 2` (`/incident actions` lists them).");
}

core::Result<Command> parse_action_edit(int number, const std::vector<std::string_view>& args) {
    const std::string usage = "Change one with `/incident action " + std::to_string(number) +
                              " owner @alice` or `/incident action " + std::to_string(number) +
                              " due 2026-01-20`.";
    if (args.size() != 3)
        return fail(args.size() < 3 ? "missing_argument" : "extra_argument", usage);
    const std::string what = lower(args[1]);
    EditAction edit{number, std::nullopt, std::nullopt};
    if (what == "owner") {
        const auto user = parse_user_ref(args[2]);
        if (!user) return fail("bad_user", quote(args[2]) + " is not a person. " + usage);
        edit.owner = *user;
        return Command{edit};
    }
    if (what == "due") {
        auto due = parse_due(args[2]);
        if (!due) return due.error();
        edit.due = *due;
        return Command{edit};
    }
    return fail("bad_action", usage);
}

}  // namespace

// HH:MM (or H:MM), as minutes since midnight.
std::optional<int> time_of_day(std::string_view s) {
    const auto colon = s.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon > 2 || s.size() != colon + 3)
        return std::nullopt;
    const auto h = whole_number(s.substr(0, colon), 23);
    const auto m = whole_number(s.substr(colon + 1), 59);
    if (!h || !m) return std::nullopt;
    return static_cast<int>(*h * 60 + *m);
}

std::optional<core::TimePoint> parse_utc_time(std::string_view s) {
    if (s.size() < 16) return std::nullopt;
    const auto date = core::parse_date(s.substr(0, 10));
    if (!date || (s[10] != 'T' && s[10] != 't' && s[10] != ' ')) return std::nullopt;
    std::string_view rest = s.substr(11);
    if (rest.ends_with("Z") || rest.ends_with("z"))
        rest.remove_suffix(1);
    else if (rest.ends_with("+00:00"))
        rest.remove_suffix(6);
    const auto minutes = time_of_day(rest.substr(0, 5));
    if (!minutes) return std::nullopt;
    int seconds = 0;
    if (rest.size() == 8 && rest[5] == ':') {
        const auto sec = whole_number(rest.substr(6), 59);
        if (!sec) return std::nullopt;
        seconds = static_cast<int>(*sec);
    } else if (rest.size() != 5) {
        return std::nullopt;
    }
    return core::TimePoint{std::chrono::sys_days{*date}} + std::chrono::minutes(*minutes) +
           std::chrono::seconds(seconds);
}

core::Result<Command> parse_impact(std::string_view rest) {
    auto text = user_text(rest, "impact", "Keep the impact short; put details in a note.");
    if (!text) return text.error();
    if (text->empty())
        return fail("missing_argument",
                    "Say what the impact is, " + std::string(kImpactUsage) + ".");
    RecordImpact impact;
    std::string free_text;
    std::string_view remaining = *text;
    while (true) {
        const auto bar = remaining.find('|');
        const std::string_view segment = trim(remaining.substr(0, bar));
        if (const auto key = impact_key(segment)) {
            const std::string_view value = trim(segment.substr(segment.find(':') + 1));
            if (*key == "users") {
                const auto users = people_count(value);
                if (!users)
                    return fail("bad_impact", "`users:` takes a number of people, not " +
                                                  quote(value) + ", " + std::string(kImpactUsage) +
                                                  ".");
                impact.users = *users;
            } else {
                const auto amount = money(value);
                if (!amount)
                    return fail("bad_impact", "`revenue:` takes an amount such as `$45000`, not " +
                                                  quote(value) + ", " + std::string(kImpactUsage) +
                                                  ".");
                impact.revenue = *amount;
            }
        } else if (!segment.empty()) {
            free_text += (free_text.empty() ? "" : " | ") + std::string(segment);
        }
        if (bar == std::string_view::npos) break;
        remaining.remove_prefix(bar + 1);
    }
    impact.text = std::move(free_text);
    return Command{impact};
}

namespace {

// A trailing `at 14:15`, `at 2026-01-15T14:15Z` or `at 2026-01-15 14:15`:
// the time and how many of `args` it takes (none: 0). With a `usage`, an
// `at` followed by something else is an error showing it; without, those
// are words of the text.
struct TrailingTime {
    std::optional<PastTime> at;
    std::size_t words = 0;
};
core::Result<TrailingTime> trailing_time(const std::vector<std::string_view>& args,
                                         std::string_view usage) {
    const std::size_t n = args.size();
    if (n >= 3 && lower(args[n - 3]) == "at" && core::parse_date(args[n - 2])) {
        const std::string typed = std::string(args[n - 2]) + " " + std::string(args[n - 1]);
        if (const auto at = parse_utc_time(typed)) return TrailingTime{PastTime{at, -1}, 3};
        if (!usage.empty())
            return fail("bad_time", quote(typed) + " is not a time, " + std::string(usage) + ".");
    }
    if (n >= 2 && lower(args[n - 2]) == "at") {
        if (const auto minutes = time_of_day(args[n - 1]))
            return TrailingTime{PastTime{std::nullopt, *minutes}, 2};
        if (const auto at = parse_utc_time(args[n - 1])) return TrailingTime{PastTime{at, -1}, 2};
        if (!usage.empty())
            return fail("bad_time",
                        quote(args[n - 1]) + " is not a time, " + std::string(usage) + ".");
    }
    return TrailingTime{};
}

// The text before the last `kept` of `args`, as typed (in Slack's wire format).
std::string_view leading_text(std::string_view rest, const std::vector<std::string_view>& args,
                              std::size_t kept) {
    if (kept == 0) return rest.substr(0, 0);
    return rest.substr(
        0, static_cast<std::size_t>(args[kept - 1].data() + args[kept - 1].size() - rest.data()));
}

}  // namespace

core::Result<Command> parse_detected(std::string_view rest) {
    const auto args = words(rest);
    if (args.empty())
        return fail("missing_argument",
                    "Say how it was detected, " + std::string(kDetectedUsage) + ".");
    const auto time = trailing_time(args, kDetectedUsage);
    if (!time) return time.error();
    const std::size_t how_words = args.size() - time->words;
    if (how_words == 0)
        return fail("missing_argument", "Say how it was detected before the time, " +
                                            std::string(kDetectedUsage) + ".");
    auto how = user_text(leading_text(rest, args, how_words), "detection", "Keep it short.");
    if (!how) return how.error();
    return Command{RecordDetection{collapse_whitespace(*how), time->at}};
}

core::Result<Command> parse_mitigated(std::string_view rest) {
    const auto args = words(rest);
    // `at` and something not a time are words of the text ("pointed DNS at
    // the standby"), not a mistake.
    const auto time = trailing_time(args, {});
    if (!time) return time.error();
    auto text = user_text(leading_text(rest, args, args.size() - time->words), "mitigation",
                          "Put details in a note.");
    if (!text) return text.error();
    return Command{Mitigate{*text, time->at}};
}

// A person, not `@here`, `@channel` or `@everyone` typed out (Slack sends
// those as `<!here>` …, which reach the text neutralised): they stay words.
bool is_mention(std::string_view word) {
    if (word.starts_with("<@")) return true;
    if (!word.starts_with("@")) return false;
    const std::string name = lower(word.substr(1));
    return name != "here" && name != "channel" && name != "everyone";
}

core::Error not_an_owner(std::string_view word) {
    return fail("bad_user", quote(word) + " is not a person. Mention the owner, " +
                                std::string(kActionUsage) + ".");
}

core::Result<Command> parse_action(std::string_view rest) {
    const auto args = words(rest);
    if (args.empty())
        return fail("missing_argument", "Say what needs doing, " + std::string(kActionUsage) + ".");
    const std::string first = lower(args[0]);
    if (first == "done" || first == "undone") {
        if (args.size() < 2)
            return fail("missing_argument",
                        "Say which one by number, e.g. `/incident action " + first + " 2`.");
        if (args.size() > 2)
            return fail("extra_argument", "`/incident action " + first +
                                              "` takes one number, e.g. `/incident action " +
                                              first + " 2`.");
        const auto number = item_number(args[1]);
        if (!number) return bad_number(args[1]);
        return Command{SetActionDone{*number, first == "done"}};
    }
    if (all_digits(args[0])) {
        const auto number = item_number(args[0]);
        if (!number) return bad_number(args[0]);
        return parse_action_edit(*number, args);
    }
    AddAction add;
    // The owner comes last (`fix it @bob due 3d`) or first: `@bob fix it`, and
    // `add @bob fix it`, where "add" is the verb only because a person follows.
    std::size_t start = 0;
    if (first == "add" && args.size() > 1 && is_mention(args[1])) {
        if (!(add.owner = parse_user_ref(args[1]))) return not_an_owner(args[1]);
        start = 2;
    }
    const bool owner_first = add.owner.has_value();
    std::size_t kept = args.size();
    for (int pass = 0; pass < 2 && kept > start + 1; ++pass) {
        if (!add.due && kept >= 2 && lower(args[kept - 2]) == "due") {
            auto due = parse_due(args[kept - 1]);
            if (!due) return due.error();
            add.due = *due;
            kept -= 2;
        } else if (!owner_first && is_mention(args[kept - 1])) {
            if (add.owner || !(add.owner = parse_user_ref(args[kept - 1])))
                return not_an_owner(args[kept - 1]);
            kept -= 1;
        }
    }
    if (!add.owner && kept > start + 1 && is_mention(args[start])) {
        if (!(add.owner = parse_user_ref(args[start]))) return not_an_owner(args[start]);
        ++start;
    }
    if (kept > start && lower(args[kept - 1]) == "due")
        return fail("bad_due", "Say when after `due`. " + std::string(kDueUsage) + ".");
    if (kept == start)
        return fail("missing_argument", "Say what needs doing, " + std::string(kActionUsage) + ".");
    const auto begin = static_cast<std::size_t>(args[start].data() - rest.data());
    const auto end =
        static_cast<std::size_t>(args[kept - 1].data() + args[kept - 1].size() - rest.data());
    auto text = user_text(rest.substr(begin, end - begin), "action item",
                          "Keep it to one line; add a note.");
    if (!text) return text.error();
    add.text = collapse_whitespace(*text);
    return Command{add};
}

core::Result<Command> parse_export(std::string_view rest) {
    const auto args = words(rest);
    if (args.empty()) return Command{Export{core::ReportFormat::Markdown}};
    const auto format = core::parse_report_format(lower(args[0]));
    if (!format || args.size() > 1)
        return fail("bad_format", "Unknown format " + quote(rest) +
                                      ". Use `/incident export md`, `/incident export json` or "
                                      "`/incident export yaml`.");
    return Command{Export{*format}};
}

std::optional<int> window_days(std::string_view word) {
    if (word.size() < 2 || word.back() != 'd') return std::nullopt;
    const auto n = whole_number(word.substr(0, word.size() - 1), 36500);
    if (!n || *n <= 0) return std::nullopt;
    return static_cast<int>(*n);
}

core::Result<Command> parse_stats(std::string_view rest) {
    const auto args = words(rest);
    if (args.empty()) return Command{Stats{30}};
    const std::string w = lower(args[0]);
    if (args.size() == 1 && w == "all") return Command{Stats{std::nullopt}};
    if (args.size() == 1)
        if (const auto days = window_days(w)) return Command{Stats{*days}};
    return fail("bad_window", "Unknown period " + quote(rest) +
                                  ". Use `/incident stats 30d`, `/incident stats 90d` or "
                                  "`/incident stats all`.");
}

}  // namespace commands
