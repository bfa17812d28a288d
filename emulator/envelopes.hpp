#pragma once
// The payloads Slack puts inside Socket Mode envelopes, built from workspace
// state exactly as an HTTP request URL would receive them: a slash command,
// a button click or user pick on a posted message, a view submission, an
// Events API callback. Each one issues its own trigger_id and response_url.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "emulator/workspace.hpp"

namespace emulator {

nlohmann::json slash_command_payload(Workspace& ws, const std::string& user_id,
                                     const std::string& channel_id, const std::string& text);

// nullopt when the message or the element does not exist. `selected_user`
// empty: a button found by action_id or by its label; otherwise a
// users_select found by action_id. `block_id` non-empty: only in that block
// (an action_id need be unique only within its block).
std::optional<nlohmann::json> block_actions_payload(Workspace& ws, const std::string& user_id,
                                                    const std::string& channel_id,
                                                    const std::string& message_ts,
                                                    const std::string& label_or_action_id,
                                                    const std::string& selected_user = "",
                                                    const std::string& block_id = "");

// A button on an ephemeral message (only its recipient saw `blocks`): Slack
// sends container.is_ephemeral true and no `message` object.
std::optional<nlohmann::json> ephemeral_block_actions_payload(
    Workspace& ws, const std::string& user_id, const std::string& channel_id,
    const nlohmann::json& blocks, const std::string& label_or_action_id);

// A message shortcut on a message in a channel ("message_action"), with a
// single-use trigger_id and a response_url; nullopt for an unknown message.
std::optional<nlohmann::json> message_action_payload(Workspace& ws, const std::string& user_id,
                                                     const std::string& channel_id,
                                                     const std::string& message_ts,
                                                     const std::string& callback_id);
std::optional<nlohmann::json> view_submission_payload(Workspace& ws, const std::string& user_id,
                                                      const std::string& view_id,
                                                      const nlohmann::json& values);

nlohmann::json event_callback_payload(Workspace& ws, const nlohmann::json& event,
                                      const std::string& event_id);

}  // namespace emulator
