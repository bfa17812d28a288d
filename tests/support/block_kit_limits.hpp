#pragma once
// Test code: checks a message against the Block Kit limits Slack enforces
// (slack-protocol.md "Block Kit limits"), so renderer tests fail here rather
// than with `invalid_blocks` in production. Lengths are counted in code points.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace test_support {

// Every limit the message breaks, one line each; empty when Slack would take it.
// `message` is {"text": …, "blocks": […]}.
std::vector<std::string> block_kit_violations(const nlohmann::json& message);

}  // namespace test_support
