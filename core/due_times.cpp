#include "core/due_times.hpp"

#include <algorithm>

namespace core {

std::optional<TimePoint> next_update_due(const Incident& incident, const Runbook& runbook) {
    const auto& cadence = runbook.cadence(incident.severity);
    if (incident.state == IncidentState::Resolved || !cadence) return std::nullopt;
    const TimePoint since = incident.last_update_at.value_or(incident.declared_at);
    return std::max(since, incident.reopened_at.value_or(since)) + *cadence;
}

std::optional<TimePoint> escalation_due_at(const Incident& incident, const Runbook& runbook,
                                           int level) {
    const auto& respond = runbook.respond(incident.severity);
    const auto& policy = runbook.escalation_for(incident.severity);
    if (!respond || level < 0 || static_cast<std::size_t>(level) >= policy.size())
        return std::nullopt;
    // A reopened incident is owed a response from the moment it reopened.
    return incident.reopened_at.value_or(incident.declared_at) + *respond +
           policy[static_cast<std::size_t>(level)].after;
}

int escalation_levels_due(const Incident& incident, const Runbook& runbook, TimePoint now) {
    int level = 0;
    for (;;) {
        const auto at = escalation_due_at(incident, runbook, level);
        if (!at || *at > now) return level;
        ++level;
    }
}

DueTimes due_times(const Incident& incident, const Runbook& runbook) {
    DueTimes due;
    if (const auto update = next_update_due(incident, runbook)) {
        // After a nudge, the next one waits a whole cadence: a bot that was
        // down for an hour posts one reminder on start, not four.
        due.reminder = incident.last_reminder_at
                           ? std::max(*update, *incident.last_reminder_at +
                                                   *runbook.cadence(incident.severity))
                           : *update;
        // Snoozing holds the nudge back; an update still restarts the cadence.
        if (incident.snoozed_until && *incident.snoozed_until > *due.reminder)
            due.reminder = incident.snoozed_until;
    }
    // Acknowledging (or anyone taking IC) is what stops escalation.
    if (incident.state == IncidentState::Declared)
        due.escalation = escalation_due_at(incident, runbook, incident.escalation_level);
    if (incident.state == IncidentState::Resolved && incident.postmortem_due_at &&
        incident.postmortem_link.empty() && !incident.postmortem_reminded_at)
        due.postmortem = incident.postmortem_due_at;
    return due;
}

}  // namespace core
