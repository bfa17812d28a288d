#include "sandbox/script.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <vector>

#include "core/ascii.hpp"
#include "core/duration.hpp"

namespace sandbox {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

std::vector<std::string_view> words(std::string_view s) {
    std::vector<std::string_view> out;
    while (true) {
        s = trim(s);
        if (s.empty()) return out;
        const auto end = std::min(s.find_first_of(" \t"), s.size());
        out.push_back(s.substr(0, end));
        s.remove_prefix(end);
    }
}

bool is_name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '_' || c == '-';
}

bool is_name(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), is_name_char);
}

std::string_view strip_prefix(std::string_view s, char c) {
    if (!s.empty() && s.front() == c) s.remove_prefix(1);
    return s;
}

std::string_view strip_quotes(std::string_view s) {
    for (std::string_view q : {"\"", "'"}) {
        if (s.size() >= 2 && s.starts_with(q) && s.ends_with(q)) return s.substr(1, s.size() - 2);
    }
    for (std::string_view open : {"“", "‘"}) {
        const std::string_view close = open == "“" ? "”" : "’";
        if (s.starts_with(open) && s.ends_with(close) && s.size() >= open.size() + close.size())
            return s.substr(open.size(), s.size() - open.size() - close.size());
    }
    return s;
}

core::Error bad(std::string message) {
    return core::make_error("bad_input", std::move(message));
}

// A count typed after a verb (`show 5`, `dms 3`, `pin 2`): a whole number,
// 0 included (each verb says what 0 means to it).
std::optional<std::size_t> number_of(std::string_view arg) {
    const auto n = core::whole_number(arg);
    if (!n || *n < 0) return std::nullopt;
    return static_cast<std::size_t>(*n);
}

core::Result<Action> parse_show(const std::vector<std::string_view>& args) {
    ShowChannel show;
    show.count = kDefaultShowCount;
    if (args.size() > 2) return bad("usage: show [#channel] [N]");
    for (auto arg : args) {
        if (const auto n = number_of(arg)) {
            if (*n == 0) return bad("show: the number of messages must be at least 1");
            show.count = *n;
        } else if (is_name(strip_prefix(arg, '#')) && !show.channel) {
            show.channel = core::ascii_lower(strip_prefix(arg, '#'));
        } else {
            return bad("usage: show [#channel] [N] (e.g. `show #ops 5`)");
        }
    }
    return Action{show};
}

core::Result<Action> parse_dms(const std::vector<std::string_view>& args) {
    ShowDms dms;
    dms.count = kDefaultShowCount;
    if (args.empty()) return Action{dms};
    const auto n = args.size() == 1 ? number_of(args[0]) : std::nullopt;
    if (!n || *n == 0) return bad("usage: dms [N] (e.g. `dms 3` for the last three)");
    dms.count = *n;
    return Action{dms};
}

core::Result<Action> parse_mark(std::string_view verb, const std::vector<std::string_view>& args) {
    using Kind = MarkMessage::Kind;
    MarkMessage mark;
    const bool reaction = verb == "react" || verb == "unreact";
    mark.kind = verb == "react"     ? Kind::React
                : verb == "unreact" ? Kind::Unreact
                : verb == "pin"     ? Kind::Pin
                                    : Kind::Unpin;
    const std::string usage =
        reaction ? "usage: " + std::string(verb) +
                       " :emoji: <n>, n as numbered by `show` (e.g. `react :pushpin: 1` for "
                       "the newest message)"
                 : "usage: " + std::string(verb) +
                       " <n>, n as numbered by `show` (e.g. `pin 1` for the newest message)";
    if (args.size() != (reaction ? 2u : 1u)) return bad(usage);
    if (reaction) {
        auto name = args[0];
        if (name.size() > 2 && name.front() == ':' && name.back() == ':')
            name = name.substr(1, name.size() - 2);
        if (name.empty() || name.find_first_of(": \t") != std::string_view::npos) return bad(usage);
        mark.reaction = core::ascii_lower(name);
    }
    const auto n = number_of(args.back());
    if (!n || *n == 0) return bad(usage);
    mark.number = *n;
    return Action{mark};
}

core::Result<Action> parse_verb(std::string_view verb, std::string_view rest) {
    const auto args = words(rest);
    if (verb == "as") {
        if (args.size() != 1 || !is_name(strip_prefix(args[0], '@')))
            return bad("usage: as @name (e.g. `as @bob`; a new name creates that user)");
        return Action{SwitchUser{core::ascii_lower(strip_prefix(args[0], '@'))}};
    }
    if (verb == "in") {
        if (args.size() != 1 || !is_name(strip_prefix(args[0], '#')))
            return bad("usage: in #channel (or `in incident` for the newest incident channel)");
        if (args[0] == "incident") return Action{SwitchChannel{"", true}};
        return Action{SwitchChannel{core::ascii_lower(strip_prefix(args[0], '#')), false}};
    }
    if (verb == "show") return parse_show(args);
    if (verb == "click") {
        const auto label = trim(strip_quotes(trim(rest)));
        if (label.empty()) return bad("usage: click <button label> (e.g. `click I'll be IC`)");
        return Action{ClickButton{std::string(label)}};
    }
    if (verb == "pick") {
        if (args.size() < 2 || !args.back().starts_with('@') || !is_name(args.back().substr(1)))
            return bad("usage: pick <role or picker label> @user (e.g. `pick tech @bob`)");
        const auto user = args.back().substr(1);
        const auto target = trim(rest.substr(0, rest.rfind(args.back())));
        return Action{PickUser{std::string(strip_quotes(target)), core::ascii_lower(user)}};
    }
    if (verb == "say") {
        const auto text = trim(rest);
        if (text.empty()) return bad("usage: say <message> (e.g. `say rolled back deploy 4411`)");
        return Action{Say{std::string(text)}};
    }
    if (verb == "react" || verb == "unreact" || verb == "pin" || verb == "unpin")
        return parse_mark(verb, args);
    if (verb == "wait") {
        const auto d = args.size() == 1 ? core::parse_duration(args[0]) : std::nullopt;
        if (!d) return bad("usage: wait <duration> (e.g. `wait 15m`, `wait 90s`, `wait 1h30m`)");
        return Action{Wait{*d}};
    }
    if (verb == "dms") return parse_dms(args);
    if (verb == "remove") {
        if (args.size() != 1 || !args[0].starts_with('@') || !is_name(args[0].substr(1)))
            return bad(
                "usage: remove @user (e.g. `remove @incident-bot`): from the channel you "
                "are in");
        return Action{RemoveMember{core::ascii_lower(args[0].substr(1))}};
    }
    const bool bare = args.empty();
    if (verb == "archive" && bare) return Action{ArchiveChannel{}};
    if (verb == "archive")
        return bad("`archive` takes no arguments: it archives the channel you are in");
    if (verb == "channels" && bare) return Action{ListChannels{}};
    if (verb == "users" && bare) return Action{ListUsers{}};
    if (verb == "help" && bare) return Action{Help{}};
    if ((verb == "quit" || verb == "exit") && bare) return Action{Quit{}};
    if (verb == "channels" || verb == "users" || verb == "help" || verb == "quit" || verb == "exit")
        return bad("`" + std::string(verb) + "` takes no arguments");
    return bad("unknown command `" + std::string(verb) +
               "`: type `help` for the sandbox's commands, or `/incident help`");
}

}  // namespace

core::Result<Action> parse_line(std::string_view line) {
    line = trim(line);
    if (line.empty() || line.starts_with('#')) return Action{Comment{std::string(line)}};
    if (line.starts_with('/')) {
        const auto end = std::min(line.find_first_of(" \t"), line.size());
        const auto command = core::ascii_lower(line.substr(0, end));
        if (command != kSlashCommand)
            return bad("`" + command + "` is not a command in this workspace: only " +
                       std::string(kSlashCommand) + " is installed");
        return Action{SlashCommand{command, std::string(trim(line.substr(end)))}};
    }
    const auto end = std::min(line.find_first_of(" \t"), line.size());
    return parse_verb(core::ascii_lower(line.substr(0, end)), line.substr(end));
}

std::string help_text() {
    return "Type what you would type in Slack, e.g. `/incident SEV1 Payment processing down`,\n"
           "or one of the sandbox's commands:\n"
           "  as @name            act as another user (a new name creates the user)\n"
           "  in #channel         switch channel; `in incident` = the newest incident channel\n"
           "  channels            list channels (* = you are a member)\n"
           "  users               list users\n"
           "  show [#channel] [N] the last N messages of a channel (default: here, 10)\n"
           "  click <label>       click a button of the latest message here that has it\n"
           "  pick <role> @user   choose a user in a user picker (e.g. `pick tech @bob`)\n"
           "  say <text>          post a message here as yourself\n"
           "  react :emoji: <n>   react to message [n] of the last `show` ([1] = newest);\n"
           "                      :pushpin: puts it on the incident timeline\n"
           "  unreact :emoji: <n> take the reaction away\n"
           "  pin <n>, unpin <n>  pin message n (it goes on the timeline too) or unpin it\n"
           "  archive             archive the channel you are in, as you would in Slack\n"
           "  remove @user        remove someone (or @incident-bot) from the channel you are in\n"
           "  dms [N]             the last N direct messages the app sent you (default 10);\n"
           "                      new ones show as `── DM · incident-bot → you ──` when they\n"
           "                      come, and `as @name` shows those that came to @name meanwhile\n"
           "  wait <duration>     move the clock (e.g. `wait 15m`, `wait 1h30m`)\n"
           "  help, quit          this text; leave\n"
           "Lines starting with # are comments.";
}

std::string escape_like_slack(std::string_view typed, const IdLookup& user_id,
                              const IdLookup& channel_id) {
    std::string out;
    std::size_t i = 0;
    while (i < typed.size()) {
        const char c = typed[i];
        if (c == '&' || c == '<' || c == '>') {
            out += c == '&' ? "&amp;" : c == '<' ? "&lt;" : "&gt;";
            ++i;
            continue;
        }
        const bool boundary = i == 0 || !is_name_char(typed[i - 1]);
        if ((c == '@' || c == '#') && boundary) {
            std::size_t end = i + 1;
            while (end < typed.size() && is_name_char(typed[end])) ++end;
            // A sentence's full stop or dash is not part of the name.
            while (end > i + 1 && (typed[end - 1] == '.' || typed[end - 1] == '-')) --end;
            const auto name = typed.substr(i + 1, end - i - 1);
            std::optional<std::string> replacement;
            if (c == '@' && (name == "here" || name == "channel" || name == "everyone")) {
                replacement = "<!" + std::string(name) + ">";
            } else if (!name.empty()) {
                const auto& lookup = c == '@' ? user_id : channel_id;
                if (auto id = lookup ? lookup(name) : std::nullopt)
                    replacement = std::string("<") + c + *id + "|" + std::string(name) + ">";
            }
            if (replacement) {
                out += *replacement;
                i = end;
                continue;
            }
        }
        out += c;
        ++i;
    }
    return out;
}

}  // namespace sandbox
