#include "bot/ephemeral_reply.hpp"

#include <memory>

#include "bot/required_scopes.hpp"
#include "bot/storage_failure.hpp"
#include "messages/replies.hpp"

namespace bot {

namespace {

void post_ephemeral(slack::WebApi& web, const slack_work::ReplyTarget& target, nlohmann::json args,
                    EphemeralDone done) {
    if (target.channel_id.empty() || target.user_id.empty())
        return done(core::make_error("no_reply_target", "nowhere to send an ephemeral reply"));
    args.erase("response_type");
    args.erase("replace_original");
    args["channel"] = target.channel_id;
    args["user"] = target.user_id;
    web.call(std::string(method::kPostEphemeral), std::move(args), std::move(done));
}

}  // namespace

slack_work::ReplyTarget reply_target(const slack::SlashCommand& request) {
    return {request.response_url, request.channel_id, request.user_id};
}

slack_work::ReplyTarget reply_target(const slack::BlockActions& actions) {
    return {actions.response_url, actions.channel_id, actions.user_id};
}

void send_ephemeral(slack::WebApi& web, const slack_work::ReplyTarget& target,
                    const messages::SlackMessage& message, EphemeralDone done) {
    send_ephemeral(web, target, messages::to_json(message), std::move(done));
}

void send_ephemeral(slack::WebApi& web, const slack_work::ReplyTarget& target,
                    nlohmann::json message, EphemeralDone done) {
    if (target.response_url.empty())
        return post_ephemeral(web, target, std::move(message), std::move(done));
    nlohmann::json body = message;
    body["response_type"] = "ephemeral";
    // From a button click, a response_url would otherwise replace the message
    // that holds the button: the pinned opening message.
    body["replace_original"] = false;
    web.post_json(
        target.response_url, std::move(body),
        [&web, target, message = std::move(message), done = std::move(done)](auto result) mutable {
            if (result) return done(std::move(result));
            // Expired (30 minutes) or used up (5 times): try the API.
            post_ephemeral(web, target, std::move(message), std::move(done));
        });
}

void replace_clicked_message(slack::WebApi& web, const std::string& response_url,
                             const messages::SlackMessage& message) {
    if (response_url.empty()) return;
    auto body = messages::to_json(message);
    body["replace_original"] = true;
    web.post_json(response_url, body, [](auto) {});
}

void tell_change_in_doubt(slack::WebApi& web, const slack_work::ReplyTarget& target) {
    send_ephemeral(web, target, messages::error_reply(change_in_doubt_text()), [](auto) {});
}

}  // namespace bot
