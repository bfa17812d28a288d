#include "bot/router.hpp"

#include <spdlog/spdlog.h>

#include "slack/payloads.hpp"

namespace bot {

void Router::attach(slack::SocketModeClient& client) {
    client.on("slash_commands", [this](const slack::Envelope& e, slack::Ack ack) {
        on_slash_command(e, std::move(ack));
    });
    client.on("interactive", [this](const slack::Envelope& e, slack::Ack ack) {
        on_interactive(e, std::move(ack));
    });
    client.on("events_api",
              [this](const slack::Envelope& e, slack::Ack ack) { on_event(e, std::move(ack)); });
}

void Router::on_slash_command(const slack::Envelope& envelope, slack::Ack ack) {
    auto command = slack::parse_slash_command(envelope.payload);
    if (!command) {
        ack();
        log_->warn("ignored slash command envelope {}: {}", envelope.envelope_id,
                   command.error().message);
        return;
    }
    slash_commands_.handle(*command, std::move(ack));
}

void Router::on_interactive(const slack::Envelope& envelope, slack::Ack ack) {
    const auto type = slack::interactive_type(envelope.payload);
    if (type == "view_submission")
        return view_submissions_.handle(envelope.payload, std::move(ack));
    if (type == "message_action")
        return view_submissions_.handle_shortcut(envelope.payload, std::move(ack));
    if (type != "block_actions") {
        ack();
        log_->info("ignored interactive payload of type '{}'", type);
        return;
    }
    auto actions = slack::parse_block_actions(envelope.payload);
    if (!actions) {
        ack();
        log_->warn("ignored block_actions envelope {}: {}", envelope.envelope_id,
                   actions.error().message);
        return;
    }
    role_buttons_.handle(*actions, std::move(ack));
}

void Router::on_event(const slack::Envelope& envelope, slack::Ack ack) {
    // Reactions and pins (the app's only subscriptions); the handler acks
    // once what the event changed is stored.
    timeline_marks_.handle(envelope.payload, std::move(ack));
}

}  // namespace bot
