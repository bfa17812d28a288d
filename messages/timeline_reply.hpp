#pragma once
// `/incident timeline`: every event, oldest first, with time and actor, in
// Slack's limits. When it does not fit, the latest entries are shown and the
// reply says how many earlier ones were left out.
#include <span>
#include <string>

#include "core/incident.hpp"
#include "messages/slack_message.hpp"

namespace messages {

// Longest event text shown in a timeline line; the full text is in the channel.
inline constexpr std::size_t kMaxTimelineEntryText = 1000;

// `events` oldest first; `total` (at least their number) counts earlier
// events the caller did not read.
SlackMessage timeline_reply(const core::Incident& incident,
                            std::span<const core::TimelineEvent> events, std::size_t total = 0);

// "Update", "Role", "Post-mortem done", …
std::string event_label(core::EventKind kind);

}  // namespace messages
