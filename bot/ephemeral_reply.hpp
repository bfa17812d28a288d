#pragma once
// A message only one person sees: through the command's or click's
// response_url (valid 30 minutes, works in channels the bot is not in), and
// chat.postEphemeral when that is missing or refused.
#include <functional>

#include <nlohmann/json.hpp>

#include "bot/slack_work.hpp"
#include "core/result.hpp"
#include "messages/slack_message.hpp"
#include "slack/payloads.hpp"
#include "slack/web_api.hpp"

namespace bot {

// Where a reply to the person who typed the command, or clicked, goes.
slack_work::ReplyTarget reply_target(const slack::SlashCommand& request);
slack_work::ReplyTarget reply_target(const slack::BlockActions& actions);

using EphemeralDone = std::function<void(core::Result<nlohmann::json>)>;

void send_ephemeral(slack::WebApi& web, const slack_work::ReplyTarget& target,
                    const messages::SlackMessage& message, EphemeralDone done);
// The same for a message already in its JSON form (messages::to_json), such
// as an ack payload that missed its deadline; `response_type` and
// `replace_original` in it are set here.
void send_ephemeral(slack::WebApi& web, const slack_work::ReplyTarget& target,
                    nlohmann::json message, EphemeralDone done);

// Replaces the ephemeral message whose button was clicked (only its
// response_url can change it), e.g. a draft once it is posted; nothing
// without a response_url. Best effort: a failure leaves the message as it was.
void replace_clicked_message(slack::WebApi& web, const std::string& response_url,
                             const messages::SlackMessage& message);

// The person is told that the change they just made may not have been saved
// (its sync ended in doubt), where no ack payload can carry it: a click, or a
// form that closed at its deadline.
void tell_change_in_doubt(slack::WebApi& web, const slack_work::ReplyTarget& target);

}  // namespace bot
