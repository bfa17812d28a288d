#pragma once
// The after-resolve part of the /incident grammar: impact, detection, action
// items, export and stats. `rest` is the text after the subcommand word, in
// Slack's wire format; errors are one line that shows the right shape.
#include <optional>
#include <string_view>

#include "commands/command.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"

namespace commands {

core::Result<Command> parse_impact(std::string_view rest);
core::Result<Command> parse_detected(std::string_view rest);
// `mitigated [what stopped it] [at 14:20]`
core::Result<Command> parse_mitigated(std::string_view rest);
core::Result<Command> parse_action(std::string_view rest);
core::Result<Command> parse_export(std::string_view rest);
core::Result<Command> parse_stats(std::string_view rest);
// A number of days back from now as `stats` takes it: `30d` (1 to 36,500
// days; the `d` lowercase); nullopt otherwise.
std::optional<int> window_days(std::string_view word);

// `14:15` or `9:05` (HH:MM or H:MM) as minutes since midnight; nullopt otherwise.
std::optional<int> time_of_day(std::string_view s);

// `2026-01-15T14:15:00Z`, `2026-01-15T14:15Z`, `2026-01-15 14:15` (UTC).
std::optional<core::TimePoint> parse_utc_time(std::string_view text);

}  // namespace commands
