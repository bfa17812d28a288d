#pragma once
// What the incident channel is told when an incident reopens or its update
// reminders are snoozed, and the "Snooze 30 min" button on each reminder.
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/incident.hpp"
#include "messages/incident_text.hpp"
#include "messages/slack_message.hpp"

namespace messages {

// `incident` is the state after reopening; `reason` as typed (may be empty).
SlackMessage reopened(const core::Incident& incident, std::string_view reason,
                      std::string_view by_user, const UpdateSchedule& schedule);

// `incident.snoozed_until` says until when.
SlackMessage snoozed(const core::Incident& incident, std::string_view by_user);

// The actions block under a reminder: [ Post an update ] [ Snooze 30 min ].
nlohmann::json reminder_controls(const core::Incident& incident);

}  // namespace messages
