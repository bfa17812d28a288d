#pragma once
// What the two channels are told when an incident is closed as a duplicate
// of another (`/incident duplicate INC-2026-004 [why]`).
#include <string>
#include <string_view>
#include <vector>

#include "core/incident.hpp"
#include "messages/slack_message.hpp"

namespace messages {

// In the duplicate's channel: closed, and where the work goes on.
// `incident`: the duplicate as closed; `reason` as typed (may be empty).
SlackMessage marked_duplicate(const core::Incident& incident, const core::Incident& original,
                              std::string_view reason, std::string_view by_user);

// In the original's channel: which incident was closed as its duplicate,
// and its people, invited there first.
SlackMessage duplicate_closed(const core::Incident& original, const core::Incident& duplicate,
                              const std::vector<std::string>& people, std::string_view reason,
                              std::string_view by_user);

// In the original's channel: its duplicate is an incident of its own again.
SlackMessage duplicate_reopened(const core::Incident& original, const core::Incident& reopened,
                                std::string_view reason, std::string_view by_user);

// The incident as another channel may name it: its id and title, or its id
// alone when it is private (its title stays inside it).
std::string other_incident_line(const core::Incident& other);

}  // namespace messages
