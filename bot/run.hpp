#pragma once
// The two ways to run the bot, assembled from the same App: against Slack
// (Socket Mode, tokens from the configuration) and in the sandbox (an
// emulated Slack in this process, a terminal to act as its people).
#include <iosfwd>

#include "bot/config.hpp"

namespace bot {

// Returns the process exit code: 0 after SIGINT/SIGTERM, 1 when Slack
// refuses the tokens or disables Socket Mode, or the database is unusable.
int run_slack(const Config& config);

// Reads lines from `in` until it ends or `quit`; a transcript goes to `out`.
// `interactive`: prompts as a person types; otherwise (a drill script) each
// line is echoed after its prompt.
int run_sandbox(const Config& config, std::istream& in, std::ostream& out, bool interactive);

}  // namespace bot
