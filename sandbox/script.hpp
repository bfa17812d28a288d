#pragma once
// One line typed at the sandbox prompt (or read from a drill script) parsed
// into a typed action, and the escaping Slack applies to slash command text.
// Pure: the workspace's names are passed in as lookups.
#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "core/result.hpp"

namespace sandbox {

// `/incident …`: the text after the command exactly as typed.
struct SlashCommand {
    std::string command;  // "/incident"
    std::string text;
};
struct SwitchUser {  // as @alice
    std::string name;
};
struct SwitchChannel {  // in #ops, in ops, in incident
    std::string name;
    bool newest_incident = false;
};
struct ListChannels {};
struct ShowChannel {  // show [#channel] [N]
    std::optional<std::string> channel;
    std::size_t count = 10;
};
struct ClickButton {  // click I'll be IC
    std::string label;
};
struct PickUser {        // pick tech @bob
    std::string target;  // a role or the picker's label
    std::string user;    // without `@`
};
struct Say {  // say Rolled back deploy 4411: a message in the current channel
    std::string text;
};
// react :pushpin: 2 / unreact :pushpin: 2 / pin 2 / unpin 2: on the message
// numbered 2 by `show` (1 = the newest message of the current channel).
struct MarkMessage {
    enum class Kind { React, Unreact, Pin, Unpin };
    Kind kind = Kind::React;
    std::string reaction;  // without colons; reactions only
    std::size_t number = 1;
};
struct ArchiveChannel {};  // archive: the channel you are in, as you would in Slack
struct RemoveMember {      // remove @incident-bot: from the channel you are in
    std::string user;      // the name, without `@`
};
struct ShowDms {  // dms [N]: what the app sent you in its DM with you
    std::size_t count = 10;
};
struct Wait {  // wait 15m
    std::chrono::seconds duration;
};
struct ListUsers {};
struct Help {};
struct Quit {};
struct Comment {  // `# …` or a blank line: nothing to do
    std::string text;
};

using Action = std::variant<SlashCommand, SwitchUser, SwitchChannel, ListChannels, ShowChannel,
                            ClickButton, PickUser, Say, MarkMessage, ArchiveChannel, RemoveMember,
                            ShowDms, Wait, ListUsers, Help, Quit, Comment>;

inline constexpr std::string_view kSlashCommand = "/incident";
inline constexpr std::size_t kDefaultShowCount = 10;

// Errors are one line a person can act on (code `bad_input`).
core::Result<Action> parse_line(std::string_view line);

// The sandbox's own verbs, one per line.
std::string help_text();

// Name (without `@`/`#`) -> Slack id; nullopt when there is no such user/channel.
using IdLookup = std::function<std::optional<std::string>(std::string_view name)>;

// What Slack does to a command's text with "Escape channels, users, and links"
// on: `&`,`<`,`>` become entities; `@known` becomes `<@U…|known>`, `#known`
// `<#C…|known>`, `@here`/`@channel`/`@everyone` `<!here>`…; unknown names stay.
std::string escape_like_slack(std::string_view typed, const IdLookup& user_id,
                              const IdLookup& channel_id);

}  // namespace sandbox
