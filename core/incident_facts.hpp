#pragma once
// What the MTTA / MTTR figures need of an incident, and nothing else: read by
// a narrow query (storage/incident_facts.hpp), so that stats over ten
// thousand incidents stay cheap.
#include <cstdint>
#include <optional>

#include "core/clock.hpp"
#include "core/severity.hpp"

namespace core {

struct IncidentFacts {
    Severity severity = Severity::Sev1;
    TimePoint declared_at{};
    std::optional<TimePoint> acknowledged_at;
    std::optional<TimePoint> resolved_at;
    std::optional<TimePoint> postmortem_due_at;
    bool postmortem_done = false;
    std::int64_t actions_overdue = 0;  // open action items past their due date, as read
    std::int64_t id = 0;               // the incident's row
    std::optional<TimePoint> mitigated_at = {};
    bool duplicate = false;  // closed as a duplicate of another: left out of the figures

    bool operator==(const IncidentFacts&) const = default;
};

}  // namespace core
