#pragma once
// The /incident grammar (SPEC "The `/incident` command"): the text after the
// command, exactly as Slack sends it, to a typed Command, or an error whose
// message is one line telling the person what would work.
#include <string_view>

#include "commands/command.hpp"
#include "core/result.hpp"

namespace commands {

// Error codes: unknown_command, unknown_severity, unknown_role, bad_user,
// missing_argument, extra_argument, too_long, bad_update, bad_link.
core::Result<Command> parse_command(std::string_view text);

// The value of a status update's `next update:` (`30m`, `in 1 hour`,
// `14:30`, `14:30 UTC`), as typed or in the update form; bad_next_update.
core::Result<NextUpdate> parse_next_update(std::string_view value);

// The fields of a status update as stored on the timeline (Update::text):
// what parse_command found in it when it was typed. Text that would not
// parse now is the status.
StatusFields status_fields(std::string_view update_text);

}  // namespace commands
