#pragma once
// What the MTTA / MTTR figures need of an incident, and nothing else: read by
// a narrow query (storage/incident_facts.hpp), so that stats over ten
// thousand incidents stay cheap.
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
};

}  // namespace core
