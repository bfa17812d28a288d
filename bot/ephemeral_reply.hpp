#pragma once
// A message only one person sees: through the command's or click's
// response_url (valid 30 minutes, works in channels the bot is not in), and
// chat.postEphemeral when that is missing or refused.
#include <functional>

#include <nlohmann/json.hpp>

#include "bot/slack_work.hpp"
#include "core/result.hpp"
#include "messages/slack_message.hpp"
#include "slack/web_api.hpp"

namespace bot {

void send_ephemeral(slack::WebApi& web, const slack_work::ReplyTarget& target,
                    const messages::SlackMessage& message,
                    std::function<void(core::Result<nlohmann::json>)> done);

}  // namespace bot
