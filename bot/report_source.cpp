#include "bot/report_source.hpp"

#include <vector>

#include "storage/action_items.hpp"
#include "storage/incident_facts.hpp"
#include "storage/incidents.hpp"
#include "storage/timeline.hpp"
#include "storage/users.hpp"

namespace bot {

namespace {

// What the whole report and the summary share; each counts the timeline its own way.
reports::IncidentReport names_and_action_items(storage::Database& db,
                                               const core::Incident& incident) {
    auto r = load_report_names(db, incident);
    r.action_items = storage::ActionItems(db).list(incident.id);
    return r;
}

}  // namespace

reports::IncidentReport load_report(storage::Database& db, const core::Incident& incident) {
    auto r = names_and_action_items(db, incident);
    storage::Timeline timeline(db);
    r.events = timeline.count(incident.id);
    r.people = timeline.people(incident.id);
    r.updates = timeline.count(incident.id, core::EventKind::Update);
    return r;
}

reports::IncidentReport load_report_summary(storage::Database& db, const core::Incident& incident) {
    auto r = names_and_action_items(db, incident);
    r.events = storage::Timeline(db).count_up_to(incident.id, kSummaryEventsCounted + 1);
    if (r.events > kSummaryEventsCounted) {
        r.events = kSummaryEventsCounted;
        r.events_more = true;
    }
    return r;
}

reports::IncidentReport load_report_names(storage::Database& db, const core::Incident& incident) {
    reports::IncidentReport r;
    r.incident = incident;
    r.names = storage::Users(db).names();
    return r;
}

reports::EventSource timeline_source(storage::Database& db, std::int64_t incident_id) {
    return [&db, incident_id](const reports::EventVisitor& visit) {
        storage::Timeline(db).for_each(incident_id, visit);
    };
}

reports::StatsReport load_stats(storage::Database& db, std::optional<int> days,
                                core::TimePoint now) {
    const core::TimePoint since = days ? now - std::chrono::days(*days) : core::TimePoint{};
    return reports::compute_stats(storage::incident_facts_since(db, since, core::utc_date(now)),
                                  days, now);
}

}  // namespace bot
