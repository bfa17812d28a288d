#pragma once
// Block Kit and mrkdwn rendered as a person reads them in Slack, for the
// sandbox's terminal: mentions resolved to names, date tokens as UTC times,
// buttons as `[ label ]`. Pure: names and `now` are passed in.
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"

namespace sandbox {

// Id -> display name (without `@`/`#`); nullopt when unknown (the id is shown).
using NameLookup = std::function<std::optional<std::string>(std::string_view id)>;

struct TextStyle {
    bool colour = false;      // ANSI emphasis; off when the output is not a terminal
    NameLookup user_name;     // U123 -> "alice"
    NameLookup channel_name;  // C123 -> "ops"
    core::TimePoint now{};    // decides whether a date token shows its date
};

// One line of mrkdwn (or several): links, mentions, dates and entities resolved.
std::string render_mrkdwn(std::string_view text, const TextStyle& style);

// `<!date^…>` content after `!date^`, e.g. "1700000000^{date_short} {time}|fallback".
std::string render_date_token(std::string_view token, const TextStyle& style);

// The message as lines of terminal text (no trailing newline): its blocks when
// it has any, else its top-level text.
std::string render_message(std::string_view text, const nlohmann::json& blocks,
                           const TextStyle& style);

}  // namespace sandbox
