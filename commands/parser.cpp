#include "commands/parser.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include "commands/follow_up_parser.hpp"
#include "commands/limits.hpp"
#include "commands/slack_text.hpp"
#include "commands/words.hpp"
#include "core/ascii.hpp"
#include "core/duration.hpp"
#include "core/incident.hpp"
#include "messages/utf8.hpp"

namespace commands {

namespace {

constexpr std::string_view kDeclareExample = "`/incident SEV1 Payment processing down`";

// "sev9", "P7", "sev-1": meant as a severity, whether or not it is one.
bool looks_like_severity(std::string_view word) {
    const std::string w = lower(word);
    std::string_view digits;
    if (w.starts_with("sev"))
        digits = std::string_view(w).substr(3);
    else if (w.starts_with("p"))
        digits = std::string_view(w).substr(1);
    else
        return false;
    if (digits.starts_with("-") || digits.starts_with("_")) digits.remove_prefix(1);
    return !digits.empty() && std::all_of(digits.begin(), digits.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c));
    });
}

// core::parse_severity, also reading "SEV-1" and "sev_2" as people write them.
std::optional<core::Severity> severity_of(std::string_view word) {
    std::string w(word);
    if (w.size() > 4 && (w[3] == '-' || w[3] == '_')) w.erase(3, 1);
    return core::parse_severity(w);
}

core::Error unknown_severity(std::string_view word, std::string_view example) {
    return fail("unknown_severity",
                "Unknown severity " + quote(word) +
                    ". Use SEV1–SEV4 or P0–P3 (or critical, high, medium, low), e.g. " +
                    std::string(example) + ".");
}

// `--private` anywhere among the title's words (also as "—private": some
// keyboards turn two hyphens into an em dash) makes a private incident.
bool take_private_flag(std::string& title) {
    bool found = false;
    std::string kept;
    std::size_t at = 0;
    while (at < title.size()) {
        const auto end = std::min(title.find(' ', at), title.size());
        const std::string_view word = std::string_view(title).substr(at, end - at);
        if (word == "--private" || word == "\xE2\x80\x94private") {
            found = true;
        } else {
            if (!kept.empty()) kept += ' ';
            kept += word;
        }
        at = end + 1;
    }
    if (found) title = kept;
    return found;
}

core::Result<Command> parse_declare(std::string_view severity_word, std::string_view wire_title) {
    const auto severity = severity_of(severity_word);
    if (!severity) return unknown_severity(severity_word, kDeclareExample);
    std::string title = collapse_whitespace(plain_text(wire_title));
    const bool is_private = take_private_flag(title);
    if (title.empty())
        return fail("missing_argument",
                    "Add a title after the severity, e.g. " + std::string(kDeclareExample) + ".");
    const std::size_t length = messages::code_points(title);
    if (length > kMaxTitle)
        return too_long("title", length, kMaxTitle,
                        "Put the rest in `/incident note` once the channel is open.");
    return Command{Declare{*severity, title, is_private}};
}

core::Result<Command> parse_rename(std::string_view wire_title) {
    const std::string title = collapse_whitespace(plain_text(wire_title));
    if (title.empty())
        return fail("missing_argument",
                    "Give the new title, e.g. `/incident rename Checkout errors for EU cards`.");
    const std::size_t length = messages::code_points(title);
    if (length > kMaxTitle)
        return too_long("title", length, kMaxTitle, "Put the rest in `/incident note`.");
    return Command{Rename{title}};
}

// "nobody holds it": `/incident role tech none`.
bool is_nobody(std::string_view word) {
    const std::string w = lower(word);
    return w == "none" || w == "nobody" || w == "noone" || w == "-";
}

// `/incident unassign tech`: the role is left to nobody.
core::Result<Command> parse_unassign(std::string_view rest) {
    const auto args = words(rest);
    const std::string usage =
        "Say which role to leave to nobody, e.g. `/incident unassign tech` or `/incident role "
        "tech none` (roles: ic, tech, comms, scribe).";
    if (args.size() != 1) return fail(args.empty() ? "missing_argument" : "extra_argument", usage);
    const auto role = core::parse_role(args[0]);
    if (!role) return fail("unknown_role", "Unknown role " + quote(args[0]) + ". " + usage);
    return Command{UnassignRole{*role}};
}

core::Result<Command> parse_role_command(std::string_view rest) {
    const std::string usage =
        "Say which role and who, e.g. `/incident role ic @alice`, `/incident role tech me` or "
        "`/incident role scribe none` (roles: ic, tech, comms, scribe).";
    const auto args = words(rest);
    if (args.size() > 2 && core::parse_role(args[0]) &&
        std::all_of(args.begin() + 1, args.end(),
                    [](std::string_view w) { return parse_user_ref(w).has_value(); })) {
        // As typed, made readable (a plain `@name` may carry any bytes).
        const std::string who = quote(args[1]);
        return fail("extra_argument",
                    "A role goes to one person: `/incident role " + lower(args[0]) + " " +
                        who.substr(1, who.size() - 2) +
                        "`. Give the others a role of their own (ic, tech, comms, scribe).");
    }
    if (args.size() != 2)
        return fail(args.size() < 2 ? "missing_argument" : "extra_argument", usage);
    // Either order reads naturally: "role ic @bob" and "role @bob ic".
    for (const auto& [role_word, user_word] :
         std::array<std::pair<std::string_view, std::string_view>, 2>{
             {{args[0], args[1]}, {args[1], args[0]}}}) {
        const auto role = core::parse_role(role_word);
        if (!role) continue;
        if (is_nobody(user_word)) return Command{UnassignRole{*role}};
        const auto user = parse_user_ref(user_word);
        if (!user)
            return fail("bad_user", quote(user_word) +
                                        " is not a person. Mention someone, e.g. `/incident "
                                        "role ic @alice`, or say `me`.");
        return Command{AssignRole{*role, *user}};
    }
    const std::string_view role_word = parse_user_ref(args[0]) ? args[1] : args[0];
    return fail("unknown_role", "Unknown role " + quote(role_word) +
                                    ". Use ic, tech, comms or scribe, e.g. `/incident role ic "
                                    "@alice`.");
}

std::optional<std::string> status_key(std::string_view segment) {
    const std::size_t colon = segment.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    const std::string key = lower(trim(segment.substr(0, colon)));
    if (key == "status" || key == "impact" || key == "actions") return key;
    if (key == "action") return std::string("actions");
    if (key == "next update" || key == "next") return std::string("next update");
    return std::nullopt;
}

constexpr std::string_view kUpdateExample =
    "e.g. `/incident update status: investigating | impact: checkout failing | actions: "
    "rolling back | next update: 30m`";

// Free text, which is the status, ending perhaps in `| next update: …`.
StatusFields free_text_fields(std::string_view text) {
    const std::size_t last = text.find_last_of("|\n");
    if (last != std::string_view::npos) {
        // Only the whole key: in free text, `| next: check the replica` is
        // more likely words than a time.
        const std::string_view tail = text.substr(last + 1);
        const std::size_t colon = tail.find(':');
        if (colon != std::string_view::npos &&
            lower(trim(tail.substr(0, colon))) == "next update") {
            const std::string_view status = trim(text.substr(0, last));
            if (!status.empty())
                return StatusFields{std::string(status), "", "",
                                    std::string(trim(tail.substr(colon + 1)))};
        }
    }
    return StatusFields{std::string(text), "", "", ""};
}

// `status: … | impact: … | actions: … | next update: …` (segments separated
// by `|` or a new line; one that does not start with a key continues the
// field before it, separator included), or free text, which is the status.
core::Result<StatusFields> split_status_fields(std::string_view text, bool* structured) {
    if (structured) *structured = false;
    if (!status_key(text.substr(0, text.find_first_of("|\n")))) return free_text_fields(text);
    if (structured) *structured = true;
    std::array<std::optional<std::string>, 4> fields;
    const std::array<std::string_view, 4> keys{"status", "impact", "actions", "next update"};
    std::size_t current = 0;
    std::string_view remaining = text;
    char separator = 0;
    while (true) {
        const std::size_t end = remaining.find_first_of("|\n");
        const std::string_view segment = remaining.substr(0, end);
        if (const auto key = status_key(segment)) {
            current =
                static_cast<std::size_t>(std::find(keys.begin(), keys.end(), *key) - keys.begin());
            if (fields[current])
                return fail("bad_update", "`" + *key +
                                              ":` appears twice; give each of status, "
                                              "impact, actions and next update once, " +
                                              std::string(kUpdateExample) + ".");
            fields[current] = std::string(trim(segment.substr(segment.find(':') + 1)));
        } else {
            *fields[current] +=
                std::string(separator == '|' ? " | " : "\n") + std::string(trim(segment));
        }
        if (end == std::string_view::npos) break;
        separator = remaining[end];
        remaining.remove_prefix(end + 1);
    }
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (fields[i] && trim(*fields[i]).empty())
            return fail("bad_update", "`" + std::string(keys[i]) +
                                          ":` is empty; write something after it or leave it "
                                          "out, " +
                                          std::string(kUpdateExample) + ".");
    }
    return StatusFields{fields[0].value_or(""), fields[1].value_or(""), fields[2].value_or(""),
                        fields[3].value_or("")};
}

constexpr std::string_view kNextUpdateUsage =
    "give a time from now, such as `30m`, `1h` or `1h30m`, or a time of day in UTC, such as "
    "`14:30`";

}  // namespace

// `30m`, `1h30m`, `in 45 minutes`, `2 hours`; `14:30`, `at 14:30 UTC`, `09:05Z`.
core::Result<NextUpdate> parse_next_update(std::string_view value) {
    std::string text = lower(trim(value));
    const auto wrong = [&](std::string why) -> core::Result<NextUpdate> {
        return fail("bad_next_update", std::move(why));
    };
    if (const std::size_t colon = text.find(':'); colon != std::string::npos) {
        // In UTC, said or not, as `/incident detected … at 14:15` reads it.
        if (text.starts_with("at ")) return parse_next_update(text.substr(3));
        std::string rest = text.substr(colon + 1);
        if (rest.ends_with("utc")) rest.resize(rest.size() - 3);
        if (rest.ends_with("z")) rest.pop_back();
        rest = std::string(trim(rest));
        // `14:30`, `9:05`, as `detected … at` reads them.
        const auto minute =
            time_of_day(std::string(trim(text.substr(0, colon))) + ":" + std::string(rest));
        if (!minute)
            return wrong(quote(value) + " is not a time for the next update: " +
                         std::string(kNextUpdateUsage) + ".");
        return NextUpdate{{}, *minute};
    }
    if (text.starts_with("in ")) text = text.substr(3);
    std::string compact;
    for (std::string_view word : words(text)) {
        for (const auto& [long_unit, unit] : {std::pair{"minutes", "m"},
                                              {"minute", "m"},
                                              {"mins", "m"},
                                              {"min", "m"},
                                              {"hours", "h"},
                                              {"hour", "h"},
                                              {"hrs", "h"},
                                              {"hr", "h"}}) {
            if (word.ends_with(long_unit) && word.size() > std::string_view(long_unit).size()) {
                compact +=
                    std::string(word.substr(0, word.size() - std::string_view(long_unit).size())) +
                    unit;
                word = {};
                break;
            }
            if (word == long_unit) {
                compact += unit;
                word = {};
                break;
            }
        }
        compact += std::string(word);
    }
    const auto in = core::parse_duration(compact);
    if (!in)
        return wrong(quote(value) +
                     " is not a time for the next update: " + std::string(kNextUpdateUsage) + ".");
    if (*in < std::chrono::minutes(1) || *in > std::chrono::hours(24))
        return wrong("The next update can be from 1 minute to 24 hours away, not " + quote(value) +
                     ": " + std::string(kNextUpdateUsage) + ".");
    return NextUpdate{*in, std::nullopt};
}

namespace {

core::Result<Command> parse_update(std::string_view rest) {
    auto text = user_text(rest, "update", "Post it as two updates, or put details in a note.");
    if (!text) return text.error();
    if (text->empty())
        return fail("missing_argument", "Say what changed, " + std::string(kUpdateExample) + ".");
    Update update{*text, {}, false, std::nullopt};
    auto fields = split_status_fields(*text, &update.structured);
    if (!fields) return fields.error();
    update.fields = std::move(*fields);
    if (!update.fields.next_update.empty()) {
        auto next = parse_next_update(update.fields.next_update);
        if (next)
            update.next = *next;
        else
            update.next_unread = next.error().message;
    }
    return Command{update};
}

core::Result<Command> parse_severity_change(std::string_view rest) {
    const auto args = words(rest);
    if (args.empty())
        return fail("missing_argument", "Say which severity, e.g. `/incident severity SEV2`.");
    if (!severity_of(args[0])) return unknown_severity(args[0], "`/incident severity SEV2`");
    if (args.size() > 1)
        return fail("extra_argument",
                    "`/incident severity` takes only the new severity, e.g. `/incident severity "
                    "SEV2`; give the reason with `/incident note`.");
    return Command{ChangeSeverity{*severity_of(args[0])}};
}

// An http(s) address, or a scheme-less one as intranets use them
// (`go/pm-42`, `wiki.example.com/pm/42`); not a bare word, and no other scheme
// (`javascript:…`), since the link is shown to people to click.
bool looks_like_link(std::string_view link) {
    const std::string l = lower(link);
    if (const auto scheme = l.find("://"); scheme != std::string::npos)
        return (l.starts_with("https://") || l.starts_with("http://")) && l.size() > scheme + 3;
    if (l.find(':') != std::string::npos && l.find(':') < l.find('/')) return false;
    return l.find_first_of("/.") != std::string::npos &&
           l.find_first_not_of("/.") != std::string::npos;
}

core::Result<Command> parse_postmortem(std::string_view rest) {
    const std::string usage =
        "`/incident postmortem` uploads the draft; once the post-mortem is written, say "
        "`/incident postmortem done <link>`, e.g. "
        "`/incident postmortem done https://wiki.example.com/pm/inc-2026-001`.";
    auto [done, link_wire] = split_first(rest);
    if (done.empty()) return Command{Postmortem{}};
    if (lower(done) != "done") return fail("extra_argument", usage);
    if (link_wire.empty()) return fail("missing_argument", usage);
    const auto link_words = words(link_wire);
    if (link_words.size() > 1) return fail("extra_argument", usage);
    std::string link(trim(link_target(link_words[0])));
    const std::size_t length = messages::code_points(link);
    if (length > kMaxLink) return too_long("link", length, kMaxLink, "Use a shorter link.");
    // A line break inside the token (Slack keeps one in `<…|label>`) is no link either.
    if (!looks_like_link(link) || link.find_first_of(" \t\n") != std::string::npos)
        return fail("bad_link", quote(link_words[0]) +
                                    " is not a link to the post-mortem: give its address, e.g. "
                                    "`/incident postmortem done "
                                    "https://wiki.example.com/pm/inc-2026-001`.");
    return Command{PostmortemDone{link}};
}

// `page @carol @dave need a DBA`: the people first, then why.
core::Result<Command> parse_page(std::string_view rest) {
    const std::string usage =
        "Say whom to page: `/incident page @carol [why]` (type @ and pick them, so Slack "
        "links them).";
    Page command;
    while (true) {
        const auto [word, after] = split_first(rest);
        const auto user = parse_user_ref(word);
        if (word.empty() || !user) break;
        if (user->is_me)
            return fail("bad_argument",
                        "You are here already: page someone else, e.g. "
                        "`/incident page @carol [why]`.");
        if (user->id.empty())
            return fail("unknown_user", quote(word) +
                                            " is not linked to a person: type @ and pick them "
                                            "from the list, so Slack sends who they are.");
        if (std::find(command.people.begin(), command.people.end(), user->id) ==
            command.people.end())
            command.people.push_back(user->id);
        rest = after;
    }
    if (command.people.empty()) return fail("missing_argument", usage);
    if (command.people.size() > 10) return fail("bad_argument", "Page at most 10 people at once.");
    auto reason = user_text(rest, "reason", "Put details in a note.");
    if (!reason) return reason.error();
    command.reason = *reason;
    return Command{std::move(command)};
}

// `duplicate [of] INC-2026-004 [why]`, or the incident's channel instead of its key.
core::Result<Command> parse_duplicate(std::string_view rest) {
    const std::string usage =
        "Say which incident this one duplicates: `/incident duplicate INC-2026-004 [why]`, or "
        "its channel instead of its id.";
    auto [first, after] = split_first(rest);
    if (lower(first) == "of") {
        const auto next = split_first(after);
        first = next.first;
        after = next.second;
    }
    if (first.empty()) return fail("missing_argument", usage);
    MarkDuplicate command;
    if (const auto key = core::parse_incident_key(core::ascii_upper(first))) {
        command.year = key->first;
        command.number = key->second;
    } else if (first.starts_with("<#C") && first.ends_with(">")) {
        const std::string_view inside = first.substr(2, first.size() - 3);
        command.channel_id = std::string(inside.substr(0, inside.find('|')));
    } else {
        return fail("bad_argument", quote(first) + " is not an incident. " + usage);
    }
    auto reason = user_text(after, "reason", "Put details in a note.");
    if (!reason) return reason.error();
    command.reason = std::move(*reason);
    return Command{command};
}

core::Result<Command> parse_snooze(std::string_view rest) {
    const std::string usage =
        "Say for how long, e.g. `/incident snooze 30m` (or `1h`, `2h`; at most 12h). "
        "Escalation is not snoozed.";
    const auto args = words(rest);
    if (args.empty()) return fail("missing_argument", usage);
    if (args.size() > 1) return fail("extra_argument", usage);
    const auto duration = core::parse_duration(lower(args[0]));
    if (!duration || *duration < std::chrono::minutes(1) || *duration > kMaxSnooze)
        return fail("bad_duration", quote(args[0]) + " is not a snooze length. " + usage);
    return Command{Snooze{*duration}};
}

core::Result<Command> no_arguments(Command command, std::string_view rest, std::string message) {
    if (!rest.empty()) return fail("extra_argument", std::move(message));
    return command;
}

}  // namespace

core::Result<Command> parse_command(std::string_view text) {
    const std::string normalised = normalise_spaces(text);
    const auto [first, rest] = split_first(normalised);
    if (first.empty()) return Command{Help{}};
    const std::string word = lower(first);

    if (word == "help" || word == "?") return Command{Help{}};
    if (word == "list" || word == "ls") return Command{List{}};
    if (word == "declare" || word == "new" || word == "open") {
        const auto [severity_word, title] = split_first(rest);
        if (severity_word.empty())
            return fail("missing_argument",
                        "Give a severity and a title, e.g. `/incident declare SEV1 Payment "
                        "processing down`.");
        if (!severity_of(severity_word))
            return unknown_severity(severity_word,
                                    "`/incident declare SEV1 Payment processing down`");
        return parse_declare(severity_word, title);
    }
    // The shorthand takes every severity word the runbooks use (SEV1, P0,
    // critical, high, ...), and anything shaped like SEVn / Pn, to say what is
    // wrong with "SEV9". None of them is a subcommand.
    if (looks_like_severity(first) || severity_of(first)) return parse_declare(first, rest);
    if (word == "ack" || word == "acknowledge")
        return no_arguments(Ack{}, rest,
                            "`/incident ack` takes no text; add context with `/incident note`.");
    if (word == "role" || word == "assign") return parse_role_command(rest);
    if (word == "unassign") return parse_unassign(rest);
    if (word == "update") return parse_update(rest);
    if (word == "severity" || word == "sev") return parse_severity_change(rest);
    if (word == "note") {
        auto note = user_text(rest, "note", "Split it into two notes.");
        if (!note) return note.error();
        if (note->empty())
            return fail("missing_argument",
                        "Say what to record, e.g. `/incident note Rolled back deploy 1234`.");
        return Command{Note{*note}};
    }
    if (word == "resolve" || word == "resolved" || word == "close") {
        auto resolution = user_text(rest, "resolution", "Put details in a note first.");
        if (!resolution) return resolution.error();
        return Command{Resolve{*resolution}};
    }
    if (word == "status")
        return no_arguments(Status{}, rest,
                            "`/incident status` shows the summary and takes no text; to post an "
                            "update use `/incident update <text>`.");
    if (word == "timeline" || word == "log")
        return no_arguments(Timeline{}, rest, "`/incident timeline` takes no text.");
    if (word == "postmortem" || word == "post-mortem" || word == "pm")
        return parse_postmortem(rest);
    if (word == "impact") return parse_impact(rest);
    if (word == "detected" || word == "detection") return parse_detected(rest);
    if (word == "action" || word == "followup" || word == "follow-up") return parse_action(rest);
    if (word == "actions" || word == "followups")
        return no_arguments(ListActions{}, rest,
                            "`/incident actions` lists the action items and takes no text; add "
                            "one with `/incident action <text> [@owner] [due YYYY-MM-DD]`.");
    if (word == "export") return parse_export(rest);
    if (word == "stats" || word == "metrics") return parse_stats(rest);
    if (word == "reopen" || word == "re-open") {
        auto reason = user_text(rest, "reason", "Put details in a note.");
        if (!reason) return reason.error();
        return Command{Reopen{*reason}};
    }
    if (word == "snooze") return parse_snooze(rest);
    if (word == "rename" || word == "title") return parse_rename(rest);
    if (word == "mitigated" || word == "mitigate" || word == "mitigation")
        return parse_mitigated(rest);
    if (word == "escalate" || word == "escalation") {
        auto reason = user_text(rest, "reason", "Put details in a note.");
        if (!reason) return reason.error();
        return Command{Escalate{*reason}};
    }
    if (word == "duplicate" || word == "dup" || word == "dupe") return parse_duplicate(rest);
    if (word == "page") return parse_page(rest);
    if (word == "follow" || word == "subscribe")
        return no_arguments(Follow{true}, rest,
                            "`/incident follow` takes no text: it sends you a direct message "
                            "whenever the incident changes.");
    if (word == "unfollow" || word == "unsubscribe")
        return no_arguments(Follow{false}, rest, "`/incident unfollow` takes no text.");
    if (word == "comms") {
        const std::string audience = lower(rest);
        if (audience == "internal") return Command{Comms{Audience::Internal}};
        if (audience == "external") return Command{Comms{Audience::External}};
        return fail(rest.empty() ? "missing_argument" : "bad_argument",
                    "Say for whom: `/incident comms internal` (the company) or `/incident comms "
                    "external` (customers).");
    }
    return fail("unknown_command", "Unknown command " + quote(first) + ". Declare with " +
                                       std::string(kDeclareExample) + ", or see `/incident help`.");
}

StatusFields status_fields(std::string_view update_text) {
    auto fields = split_status_fields(update_text, nullptr);
    if (!fields) return StatusFields{std::string(update_text), "", "", ""};
    return std::move(*fields);
}

}  // namespace commands
