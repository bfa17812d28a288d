#pragma once
// The message pinned in the incident channel and kept current with
// chat.update: title, severity, state, declarer, each role with its holder
// and the controls to take or assign it, when the next update is due.
#include "core/incident.hpp"
#include "messages/incident_text.hpp"
#include "messages/slack_message.hpp"

namespace messages {

// Shows no relative times ("in 12 min"): it stays pinned between updates.
SlackMessage opening_message(const core::Incident& incident, const UpdateSchedule& schedule);

// "I'll be IC", "I'll be Tech Lead", …
std::string take_role_label(core::Role role);

}  // namespace messages
