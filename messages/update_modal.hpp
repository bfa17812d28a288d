#pragma once
// The status update form (`/incident update` with no text): the runbook's
// template as a modal, Status required, Impact and Actions filled in with
// the last update's so that only what changed needs typing, and when the
// next update will come (empty: the severity's cadence). Opened with
// views.open and the command's trigger_id; its view_submission is read by
// commands/update_form.hpp.
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/incident.hpp"
#include "messages/modal.hpp"

namespace messages {

inline constexpr std::string_view kUpdateModalCallbackId = "incident.update_modal";
inline constexpr std::string_view kUpdateStatusBlock = "update.status";
inline constexpr std::string_view kUpdateImpactBlock = "update.impact";
inline constexpr std::string_view kUpdateActionsBlock = "update.actions";
inline constexpr std::string_view kUpdateNextBlock = "update.next";

// `origin_channel` (the incident's) and the command's `response_url` travel
// in private_metadata: a view_submission carries neither.
nlohmann::json update_modal(const core::Incident& incident, std::string_view origin_channel,
                            std::string_view response_url, std::string_view last_impact,
                            std::string_view last_actions);

}  // namespace messages
