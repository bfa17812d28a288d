#pragma once
// `incident-bot export …` and `incident-bot stats …`: the reports from the
// shell. They read INCIDENT_DB_PATH in read transactions (never the write
// lock, so the running bot is never blocked) and need no Slack tokens.
#include <iosfwd>
#include <string>
#include <vector>

#include "bot/env.hpp"
#include "core/clock.hpp"

namespace bot {

// True when `args` (without the program name) start with `export` or `stats`.
bool is_report_command(const std::vector<std::string>& args);

// Runs one; returns the exit code: 0 done, 1 unknown incident or unreadable
// database, 2 bad arguments. Errors are one line on `err`.
int run_report_command(const std::vector<std::string>& args, const Env& env, std::ostream& out,
                       std::ostream& err, const core::Clock& clock);

}  // namespace bot
