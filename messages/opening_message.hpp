#pragma once
// The message pinned in the incident channel and kept current with
// chat.update: title, severity, state, declarer, each role with its holder
// and the controls to take or assign it, when the next update is due.
#include <vector>

#include "alerts/webhook.hpp"
#include "core/incident.hpp"
#include "messages/incident_text.hpp"
#include "messages/slack_message.hpp"

namespace messages {

// Shows no relative times ("in 12 min"): it stays pinned between updates.
// `alerts`: what Alertmanager declared the incident from (the first
// kMaxOpeningAlerts, each with its labels and a link to its source), and
// `more_alerts` how many others there are; empty for a slash-command declare.
inline constexpr std::size_t kMaxOpeningAlerts = 10;
SlackMessage opening_message(const core::Incident& incident, const UpdateSchedule& schedule,
                             const std::vector<alerts::Alert>& alerts = {},
                             std::size_t more_alerts = 0);

// "I'll be IC", "I'll be Tech Lead", …
std::string take_role_label(core::Role role);

// "Post an update", which opens the update form: under the opening message's
// roles and on every update reminder.
nlohmann::json post_update_button(const core::Incident& incident);

}  // namespace messages
