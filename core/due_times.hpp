#pragma once
// When the runbook next expects something of an incident: a status update, an
// acknowledgement (escalation), a post-mortem. Derived from the incident
// alone (including what the scheduler already did), so a restart, a severity
// change or a new configuration recomputes them instead of replaying history.
#include <optional>

#include "core/clock.hpp"
#include "core/incident.hpp"
#include "core/runbook.hpp"

namespace core {

struct DueTimes {
    std::optional<TimePoint> reminder;    // "status update due" nudge
    std::optional<TimePoint> escalation;  // the next escalation level
    std::optional<TimePoint> postmortem;  // the post-mortem nudge
};

DueTimes due_times(const Incident& incident, const Runbook& runbook);

// When the next status update is due: the last update (or the declaring)
// plus one cadence, or the time that update gave for the next if sooner;
// nullopt when resolved, or when the severity has no cadence and no time was given.
std::optional<TimePoint> next_update_due(const Incident& incident, const Runbook& runbook);

// How many escalation levels are due by `now` (0 … policy size); levels
// below incident.escalation_level were paged already.
int escalation_levels_due(const Incident& incident, const Runbook& runbook, TimePoint now);

// When level `level` (0-based) falls due: the respond-within time after
// declaring, plus the level's delay. nullopt when there is no such level.
std::optional<TimePoint> escalation_due_at(const Incident& incident, const Runbook& runbook,
                                           int level);

}  // namespace core
