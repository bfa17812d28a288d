#pragma once
// The declare form (`/incident` with no text, or `/incident declare` with no
// title): a modal with severity, title, optional description. Opened with
// views.open and the command's trigger_id; its view_submission is read by
// commands/declare_form.hpp.
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/severity.hpp"
#include "messages/modal.hpp"

namespace messages {

inline constexpr std::string_view kDeclareModalCallbackId = "incident.declare_modal";
// The message shortcut "Declare incident from this message" (slack-app-manifest.json).
inline constexpr std::string_view kDeclareShortcutCallbackId = "incident.declare_from_message";
inline constexpr std::string_view kSeverityBlock = "declare.severity";
inline constexpr std::string_view kTitleBlock = "declare.title";
inline constexpr std::string_view kDescriptionBlock = "declare.description";
inline constexpr std::string_view kPrivateBlock = "declare.private";
inline constexpr std::string_view kPrivateValue = "private";

// `origin_channel` and the command's `response_url`: where the declarer is
// told the incident's channel (carried in private_metadata). A view_submission
// has no response_url of its own, and chat.postEphemeral needs the bot in
// that channel.
// From a message shortcut: `description` is the message's text (cut to the
// field's 2,500 characters) and `message_link` its permalink, kept in the
// view's private_metadata for the timeline.
// `severity`: chosen already (`/incident declare SEV1` with no title).
nlohmann::json declare_modal(std::string_view origin_channel, std::string_view response_url,
                             std::string_view description = {}, std::string_view message_link = {},
                             std::optional<core::Severity> severity = std::nullopt);

}  // namespace messages
