#include "storage/incident_facts.hpp"

namespace storage {

void for_each_incident_facts(Database& db, core::TimePoint since,
                             const std::function<void(const core::IncidentFacts&)>& visit) {
    Query q = db.query(
        "SELECT severity, declared_at, acknowledged_at, resolved_at, postmortem_due_at, "
        "postmortem_link <> '' FROM incidents WHERE declared_at >= ?1 ORDER BY declared_at");
    q.bind(1, since);
    while (q.step()) {
        const auto severity = core::parse_severity(q.text(0));
        visit({severity.value_or(core::Severity::Sev1), q.time(1), q.optional_time(2),
               q.optional_time(3), q.optional_time(4), q.int64(5) != 0});
    }
}

}  // namespace storage
