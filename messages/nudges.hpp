#pragma once
// What the scheduler posts when the runbook is not being followed: a status
// update overdue, nobody acknowledging, a post-mortem overdue.
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/incident.hpp"
#include "messages/incident_text.hpp"
#include "messages/slack_message.hpp"

namespace messages {

// Mentions the IC and Comms Lead (or says nobody holds them) and shows the
// update template to copy. Uses incident.last_update_at (else declared_at).
SlackMessage update_reminder(const core::Incident& incident, const UpdateSchedule& schedule,
                             core::TimePoint now);

// The same, sent to the IC and Comms Lead directly because the channel of
// the still-open incident is archived: the commands name the incident.
SlackMessage update_reminder_direct(const core::Incident& incident, const UpdateSchedule& schedule,
                                    core::TimePoint now);

// `contacts`: Slack user ids (`U…`/`W…`) and user-group ids (`S…`); `level` from 1.
SlackMessage escalation(const core::Incident& incident, int level,
                        const std::vector<std::string>& contacts,
                        std::chrono::seconds unacknowledged_for);
// The page, sent to one contact directly because the channel is archived.
SlackMessage escalation_direct(const core::Incident& incident, int level,
                               std::chrono::seconds unacknowledged_for);

// A person paged the next level by hand (`/incident escalate [why]`):
// `incident` after it, its escalation_level the level paged.
SlackMessage escalated(const core::Incident& incident, const std::vector<std::string>& contacts,
                       std::string_view reason, std::string_view by_user);
// The same, to one contact directly because the channel is archived.
SlackMessage escalated_direct(const core::Incident& incident, std::string_view reason,
                              std::string_view by_user);

// People paged by hand (`/incident page @carol [why]`), already invited.
SlackMessage paged(const core::Incident& incident, const std::vector<std::string>& people,
                   std::string_view reason, std::string_view by_user);
// The same, to one of them directly because the channel is archived.
SlackMessage paged_direct(const core::Incident& incident, std::string_view reason,
                          std::string_view by_user);

// Mentions the IC (or says nobody holds it); uses incident.postmortem_due_at.
SlackMessage postmortem_reminder(const core::Incident& incident, core::TimePoint now);
// The same, sent to one person directly because the channel is archived:
// `/incident INC-… postmortem done <link>` works from any channel.
SlackMessage postmortem_reminder_direct(const core::Incident& incident, core::TimePoint now);

}  // namespace messages
