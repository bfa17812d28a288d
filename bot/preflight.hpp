#pragma once
// `incident-bot --check`: before a deploy, with the configured tokens, check
// everything the bot needs from Slack and the host, one line each: the
// database opens and migrates, the bot token works and was granted every
// scope the code uses (Slack's x-oauth-scopes header), Socket Mode connects,
// ALERT_DECLARE_CHANNEL exists and the bot can post there, and every
// escalation contact exists. A failed line says how to fix it. Tokens are
// never printed.
#include <iosfwd>

#include "bot/config.hpp"

namespace bot {

// 0 when every check passed, 1 otherwise.
int run_preflight(const Config& config, std::ostream& out);

}  // namespace bot
