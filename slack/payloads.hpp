#pragma once
// The payloads inside Socket Mode envelopes that the bot acts on, as typed
// values. They come from the network: parsing never throws, and a payload
// missing what the bot needs is an error value to log and ignore.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

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

// The `type` of an interactive payload ("block_actions", "view_submission", …).
std::string interactive_type(const nlohmann::json& payload);

}  // namespace slack
