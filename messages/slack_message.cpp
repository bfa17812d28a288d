#include "messages/slack_message.hpp"

namespace messages {

nlohmann::json to_json(const SlackMessage& message) {
    nlohmann::json out{{"text", message.text}};
    if (!message.blocks.empty()) out["blocks"] = message.blocks;
    return out;
}

}  // namespace messages
