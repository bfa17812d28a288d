#pragma once
// Test code: checks a message against the Block Kit limits Slack enforces
// (slack-protocol.md "Block Kit limits"), so renderer tests fail here rather
// than with `invalid_blocks` in production. Lengths are counted in code points.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulator/slack_emulator.hpp"

namespace test_support {

// Every limit the message breaks, one line each; empty when Slack would take it.
// `message` is {"text": …, "blocks": […]}. Also a raw `<` in mrkdwn, which
// Slack takes but shows mangled.
std::vector<std::string> block_kit_violations(const nlohmann::json& message);

// The same for every message the bot sent to `slack` so far, posted, edited
// or shown to one person, each problem with the method that sent it. The
// test rigs check this once at the end of each test.
std::vector<std::string> problems_in_sent_messages(const emulator::SlackEmulator& slack);

}  // namespace test_support
