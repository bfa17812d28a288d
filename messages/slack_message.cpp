#include "messages/slack_message.hpp"

#include <utility>

namespace messages {

nlohmann::json to_json(const SlackMessage& message) {
    return to_json(SlackMessage(message));
}

nlohmann::json to_json(SlackMessage&& message) {
    nlohmann::json out(nlohmann::json::value_t::object);
    out["text"] = std::move(message.text);
    if (!message.blocks.empty()) out["blocks"] = std::move(message.blocks);
    return out;
}

}  // namespace messages
