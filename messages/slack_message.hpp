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

}  // namespace messages
