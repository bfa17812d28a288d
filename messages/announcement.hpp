#pragma once
// The incident's one message in the announcement channel
// (INCIDENT_ANNOUNCE_CHANNEL), posted on declare and kept current with
// chat.update, and the replies in its thread (severity, resolve, reopen,
// status updates when ANNOUNCE_UPDATES=true).
#include <string_view>

#include "commands/decide.hpp"
#include "core/clock.hpp"
#include "core/incident.hpp"
#include "messages/slack_message.hpp"

namespace messages {

// id, title, severity, state, IC, channel link, declared at (and time to
// resolve), last status line (`last_status` as typed; empty: none yet).
SlackMessage announcement(const core::Incident& incident, std::string_view last_status);

// True for the announcements that also go to the announcement thread.
bool goes_to_announcement_thread(commands::Announcement::Kind kind, bool announce_updates);

// One line for the thread; `incident` is the state after the change. (A
// status update goes to the thread as posted in the incident's channel.)
SlackMessage announcement_reply(const commands::Announcement& announcement,
                                const core::Incident& incident, std::string_view by_user);

}  // namespace messages
