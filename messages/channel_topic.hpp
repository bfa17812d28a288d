#pragma once
// The incident channel's topic: severity, state, IC and the incident, in
// Slack's 250-character limit for topics.
#include <cstddef>
#include <string>

#include "core/incident.hpp"

namespace messages {

inline constexpr std::size_t kMaxTopic = 250;

// "SEV1 · Acknowledged · IC: <@U1> · INC-2026-001 Payment processing down";
// the title is escaped and cut (never inside an entity) to fit.
std::string channel_topic(const core::Incident& incident);

}  // namespace messages
