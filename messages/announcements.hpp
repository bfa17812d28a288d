#pragma once
// What the bot posts in an incident channel when something happens there.
// `incident` is the state after the change; user ids are Slack ids (`U…`).
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/incident.hpp"
#include "messages/incident_text.hpp"
#include "messages/slack_message.hpp"

namespace messages {

// The runbook's status template; free text goes in `status`.
struct StatusReport {
    std::string status;
    std::string impact;   // empty: not given
    std::string actions;  // empty: not given
};

SlackMessage acknowledged(const core::Incident& incident, std::string_view by_user);
// `previous_holder` empty for a first assignment; otherwise a hand-over.
SlackMessage role_assigned(const core::Incident& incident, core::Role role,
                           std::string_view assignee, std::string_view previous_holder,
                           std::string_view by_user);
// Nobody holds `role` now; `previous_holder` did until `by_user` cleared it
// (the same person: they stepped down).
SlackMessage role_unassigned(const core::Incident& incident, core::Role role,
                             std::string_view previous_holder, std::string_view by_user);
SlackMessage status_update(const core::Incident& incident, const StatusReport& report,
                           std::string_view by_user, const UpdateSchedule& schedule,
                           core::TimePoint now);
SlackMessage severity_changed(const core::Incident& incident, core::Severity from,
                              std::string_view by_user, const UpdateSchedule& schedule,
                              core::TimePoint now);
SlackMessage note_added(const core::Incident& incident, std::string_view text,
                        std::string_view by_user);
// Uses incident.resolution, resolved_at and postmortem_due_at.
SlackMessage resolved(const core::Incident& incident, std::string_view by_user);
// Uses incident.postmortem_link.
SlackMessage postmortem_done(const core::Incident& incident, std::string_view by_user);
// Uses incident.mitigated_at (its time said when it is a minute or more
// before `now`); `what` as typed (may be empty).
SlackMessage mitigated(const core::Incident& incident, std::string_view what,
                       std::string_view by_user, core::TimePoint now);
// The incident's new title (`incident.title`), and the one it replaces.
SlackMessage renamed(const core::Incident& incident, std::string_view previous_title,
                     std::string_view by_user);

}  // namespace messages
