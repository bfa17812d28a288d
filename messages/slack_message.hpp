#pragma once
// What every renderer returns: a message as chat.postMessage / chat.update /
// chat.postEphemeral / a slash-command ack take it.
#include <string>

#include <nlohmann/json.hpp>

namespace messages {

struct SlackMessage {
    std::string text;  // notification fallback and screen-reader text: never empty
    nlohmann::json blocks = nlohmann::json::array();  // may be empty
};

// {"text": …, "blocks": […]} (blocks left out when empty).
nlohmann::json to_json(const SlackMessage& message);
// A message rendered for the call: its blocks moved, not copied (a copy was
// 2 % of the bot's instructions, bench/instructions.sh).
nlohmann::json to_json(SlackMessage&& message);

}  // namespace messages
