#include "core/due_times.hpp"

#include <algorithm>

namespace core {

std::optional<TimePoint> next_update_due(const Incident& incident, const Runbook& runbook) {
    if (incident.state == IncidentState::Resolved) return std::nullopt;
    const auto& cadence = runbook.cadence(incident.severity);
    std::optional<TimePoint> due;
    if (cadence) {
        const TimePoint since = incident.last_update_at.value_or(incident.declared_at);
        due = std::max(since, incident.reopened_at.value_or(since)) + *cadence;
    }
    // A time the last update gave can bring the next one forward, never put
    // it off past the cadence (a severity raised since may have shortened it).
    if (incident.next_update_at)
        due = due ? std::min(*due, *incident.next_update_at) : *incident.next_update_at;
    return due;
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
        // down for an hour posts one reminder on start, not four. A time the
        // last update gave is nudged once when it passes; with no cadence,
        // nothing after that.
        const auto& cadence = runbook.cadence(incident.severity);
        const auto& last = incident.last_reminder_at;
        if (!last || (incident.next_update_at && *last < *update))
            due.reminder = *update;
        else if (cadence)
            due.reminder = std::max(*update, *last + *cadence);
        // Snoozing holds the nudge back; an update still restarts the cadence.
        if (due.reminder && incident.snoozed_until && *incident.snoozed_until > *due.reminder)
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
