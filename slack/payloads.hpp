#pragma once
// The payloads inside Socket Mode envelopes that the bot acts on, as typed
// values. They come from the network: parsing never throws, and a payload
// missing what the bot needs is an error value to log and ignore.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace slack {

// A `slash_commands` payload (what Slack would POST to a request URL).
struct SlashCommand {
    std::string command;  // "/incident"
    std::string text;     // after the command, in Slack's wire format (escaped)
    std::string user_id;
    std::string user_name;
    std::string channel_id;
    std::string channel_name;
    std::string team_id;
    std::string response_url;
    std::string trigger_id;
};

// One element of a `block_actions` payload's `actions`.
struct BlockAction {
    std::string type;  // button, users_select, …
    std::string action_id;
    std::string block_id;
    std::string value;          // buttons
    std::string selected_user;  // users_select
};

// An `interactive` payload of type `block_actions`.
struct BlockActions {
    std::string user_id;
    std::string channel_id;  // channel.id, else container.channel_id
    std::string message_ts;  // container.message_ts, else message.ts
    std::string response_url;
    std::string trigger_id;
    std::vector<BlockAction> actions;
};

// Errors: `bad_payload` naming the missing field.
core::Result<SlashCommand> parse_slash_command(const nlohmann::json& payload);
core::Result<BlockActions> parse_block_actions(const nlohmann::json& payload);

// A message as an event carries it (pin_added's item.message).
struct EventMessage {
    std::string ts;
    std::string user;  // empty for a webhook's or another app's message
    std::string text;  // Slack's wire format (escaped, `<@U…>` tokens)
    std::string permalink;
};

// reaction_added/removed and pin_added/removed on a message: the events that
// put a message of an incident channel on the timeline, or take it off.
struct MessageMarkEvent {
    enum class Kind { ReactionAdded, ReactionRemoved, PinAdded, PinRemoved };
    Kind kind = Kind::ReactionAdded;
    std::string event_id;    // the events_api payload's: re-deliveries repeat it
    std::string user;        // who reacted or pinned
    std::string channel_id;  // item.channel (pins: channel_id)
    std::string message_ts;
    std::string reaction;                 // without colons or skin tone: "pushpin"
    std::string item_user;                // the message's author, when Slack says
    std::optional<EventMessage> message;  // pins carry the message itself
    bool added() const { return kind == Kind::ReactionAdded || kind == Kind::PinAdded; }
    bool pin() const { return kind == Kind::PinAdded || kind == Kind::PinRemoved; }
};

// `payload` is an events_api envelope's payload (type event_callback).
// Errors: `ignored_event` for other events and for marks on files, with the
// event's type in the message; `bad_payload` naming what is missing.
core::Result<MessageMarkEvent> parse_message_mark(const nlohmann::json& payload);

// A Slack ts ("1700000000.000100") as a time, to the millisecond.
std::optional<core::TimePoint> time_of_ts(std::string_view ts);

// The `type` of an interactive payload ("block_actions", "view_submission", …).
std::string interactive_type(const nlohmann::json& payload);

}  // namespace slack
