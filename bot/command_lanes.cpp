#include "bot/command_lanes.hpp"

#include <functional>
#include <initializer_list>
#include <string_view>

#include <boost/asio/post.hpp>

namespace bot {
namespace {

// The string at `path` in `json`, or "" when any step is missing or of
// another type (a payload may be anything Slack, or an attacker, sends).
std::string string_at(const nlohmann::json& json, std::initializer_list<std::string_view> path) {
    const nlohmann::json* at = &json;
    for (const auto key : path) {
        if (!at->is_object()) return {};
        const auto it = at->find(key);
        if (it == at->end()) return {};
        at = &*it;
    }
    return at->is_string() ? at->get<std::string>() : std::string{};
}

}  // namespace

std::string lane_key(const slack::Envelope& envelope) {
    const auto& p = envelope.payload;
    for (const auto& path : {
             // slash_commands
             std::initializer_list<std::string_view>{"channel_id"},
             // interactive: block_actions, message_action
             {"channel", "id"},
             {"container", "channel_id"},
             // events_api: reaction_added/removed, pin_added/removed
             {"event", "item", "channel"},
             {"event", "channel_id"},
             {"event", "channel"},
             // a view_submission has no channel: its sender's
             {"user", "id"},
             {"user_id"},
         }) {
        if (auto key = string_at(p, path); !key.empty()) return key;
    }
    return {};
}

std::size_t lane_index(const std::string& key, std::size_t lanes) {
    return key.empty() ? 0 : std::hash<std::string>{}(key) % lanes;
}

CommandLanes::CommandLanes(std::vector<Lane> lanes,
                           std::shared_ptr<std::atomic<std::size_t>> in_flight)
    : lanes_(std::move(lanes)), in_flight_(std::move(in_flight)) {}

void CommandLanes::attach(slack::SocketModeClient& client) {
    client.on("slash_commands", [this](const slack::Envelope& e, slack::Ack ack) {
        hand_over(e, std::move(ack), &Router::on_slash_command);
    });
    client.on("interactive", [this](const slack::Envelope& e, slack::Ack ack) {
        hand_over(e, std::move(ack), &Router::on_interactive);
    });
    client.on("events_api", [this](const slack::Envelope& e, slack::Ack ack) {
        hand_over(e, std::move(ack), &Router::on_event);
    });
}

void CommandLanes::hand_over(const slack::Envelope& envelope, slack::Ack ack, Handle handle) {
    const Lane& lane = lanes_[lane_index(lane_key(envelope), lanes_.size())];
    ++*in_flight_;
    boost::asio::post(*lane.io, [router = lane.router, handle, in_flight = in_flight_,
                                 envelope = envelope, ack = std::move(ack)]() mutable {
        (router->*handle)(envelope, std::move(ack));
        --*in_flight;
    });
}

}  // namespace bot
