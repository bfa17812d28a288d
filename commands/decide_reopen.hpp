#pragma once
// What `/incident reopen` and `/incident snooze` decide (pure, like
// commands/decide.hpp, which dispatches to these).
#include "commands/command.hpp"
#include "commands/decide.hpp"
#include "core/incident.hpp"
#include "core/result.hpp"

namespace commands {

// A resolved incident opens again: acknowledged if it ever was, else declared
// (escalation starts over from now); reminders count from now; the post-mortem
// due time and the resolution wait for the next resolve. Error `not_resolved`
// on an open incident.
core::Result<Change> decide_reopen(const core::Incident& before, const Reopen& command,
                                   const Actor& actor);

// No "status update due" nudge until now + the duration (escalation goes on).
// Error `resolved` on a resolved incident.
core::Result<Change> decide_snooze(const core::Incident& before, const Snooze& command,
                                   const Actor& actor);

}  // namespace commands
