#include "storage/timeline.hpp"

#include <algorithm>

#include "core/escalation.hpp"

namespace storage {

void Timeline::append(const core::TimelineEvent& event) {
    Query q = db_.query(
        "INSERT INTO timeline_events (incident_id, occurred_at, actor, kind, body, subject, link, "
        "message_ts) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    q.bind(1, event.incident_id)
        .bind(2, event.at)
        .bind(3, event.actor)
        .bind(4, core::to_string(event.kind))
        .bind(5, event.text)
        .bind(6, event.subject)
        .bind(7, event.link)
        .bind(8, event.message_ts);
    q.send();
}

namespace {

core::TimelineEvent read_event(const Query& q) {
    core::TimelineEvent e;
    e.id = q.int64(0);
    e.incident_id = q.int64(1);
    e.at = q.time(2);
    e.actor = q.text(3);
    e.kind = core::parse_event_kind(q.text(4)).value_or(core::EventKind::Note);
    e.text = q.text(5);
    e.subject = q.text(6);
    e.link = q.text(7);
    e.message_ts = q.text(8);
    return e;
}

std::vector<core::TimelineEvent> read_events(Query& q) {
    std::vector<core::TimelineEvent> out;
    while (q.step()) out.push_back(read_event(q));
    return out;
}

}  // namespace

std::vector<core::TimelineEvent> Timeline::list(std::int64_t incident_id) {
    Query q = db_.query(
        "SELECT id, incident_id, occurred_at, actor, kind, body, subject, link, message_ts "
        "FROM timeline_events "
        "WHERE incident_id = ?1 ORDER BY occurred_at, id");
    q.bind(1, incident_id);
    return read_events(q);
}

std::vector<core::TimelineEvent> Timeline::latest(std::int64_t incident_id, int limit) {
    Query q = db_.query(
        "SELECT id, incident_id, occurred_at, actor, kind, body, subject, link, message_ts "
        "FROM timeline_events "
        "WHERE incident_id = ?1 ORDER BY occurred_at DESC, id DESC LIMIT ?2");
    q.bind(1, incident_id).bind(2, limit);
    auto events = read_events(q);
    std::reverse(events.begin(), events.end());
    return events;
}

std::vector<core::TimelineEvent> Timeline::page(std::int64_t incident_id, core::TimePoint after_at,
                                                std::int64_t after_id, int limit) {
    // Two statements rather than one with "?3 = 0 OR": the row-value range
    // alone lets the index (incident_id, occurred_at, id) start at the
    // cursor, so page 200 of a 100,000-row timeline reads 500 rows, not 100,000.
    if (after_id == 0) {
        Query q = db_.query(
            "SELECT id, incident_id, occurred_at, actor, kind, body, subject, link, message_ts "
            "FROM timeline_events WHERE incident_id = ?1 ORDER BY occurred_at, id LIMIT ?2");
        q.bind(1, incident_id).bind(2, limit);
        return read_events(q);
    }
    Query q = db_.query(
        "SELECT id, incident_id, occurred_at, actor, kind, body, subject, link, message_ts "
        "FROM timeline_events WHERE incident_id = ?1 AND (occurred_at, id) > (?2, ?3) "
        "ORDER BY occurred_at, id LIMIT ?4");
    q.bind(1, incident_id).bind(2, after_at).bind(3, after_id).bind(4, limit);
    return read_events(q);
}

std::optional<core::TimelineEvent> Timeline::newest(std::int64_t incident_id,
                                                    core::EventKind kind) {
    Query q = db_.query(
        "SELECT id, incident_id, occurred_at, actor, kind, body, subject, link, message_ts "
        "FROM timeline_events "
        "WHERE incident_id = ?1 AND kind = ?2 ORDER BY occurred_at DESC, id DESC LIMIT 1");
    q.bind(1, incident_id).bind(2, core::to_string(kind));
    auto events = read_events(q);
    if (events.empty()) return std::nullopt;
    return events.front();
}

bool Timeline::has_message(std::int64_t incident_id, const std::string& message_ts) {
    Query q = db_.query(
        "SELECT 1 FROM timeline_events WHERE incident_id = ?1 AND message_ts = ?2 AND "
        "message_ts <> ''");
    q.bind(1, incident_id).bind(2, message_ts);
    return q.step();
}

void Timeline::remove_message(std::int64_t incident_id, const std::string& message_ts) {
    Query q = db_.query(
        "DELETE FROM timeline_events WHERE incident_id = ?1 AND message_ts = ?2 AND "
        "message_ts <> ''");
    q.bind(1, incident_id).bind(2, message_ts);
    q.step();
}

std::int64_t Timeline::count(std::int64_t incident_id) {
    Query q = db_.query("SELECT COUNT(*) FROM timeline_events WHERE incident_id = ?1");
    q.bind(1, incident_id);
    q.step();
    return q.int64(0);
}

std::int64_t Timeline::count_up_to(std::int64_t incident_id, std::int64_t limit) {
    Query q = db_.query(
        "SELECT COUNT(*) FROM (SELECT 1 FROM timeline_events WHERE incident_id = ?1 LIMIT ?2) "
        "AS counted");
    q.bind(1, incident_id).bind(2, limit);
    q.step();
    return q.int64(0);
}

std::int64_t Timeline::count(std::int64_t incident_id, core::EventKind kind) {
    Query q =
        db_.query("SELECT COUNT(*) FROM timeline_events WHERE incident_id = ?1 AND kind = ?2");
    q.bind(1, incident_id).bind(2, core::to_string(kind));
    q.step();
    return q.int64(0);
}

void Timeline::for_each(std::int64_t incident_id,
                        const std::function<void(const core::TimelineEvent&)>& visit) {
    Query q = db_.query(
        "SELECT id, incident_id, occurred_at, actor, kind, body, subject, link, message_ts "
        "FROM timeline_events "
        "WHERE incident_id = ?1 ORDER BY occurred_at, id");
    q.bind(1, incident_id);
    while (q.step()) visit(read_event(q));
}

bool Timeline::involves(std::int64_t incident_id, const std::string& user_id) {
    const auto people = this->people(incident_id);
    if (std::find(people.begin(), people.end(), user_id) != people.end()) return true;
    Query q =
        db_.query("SELECT body FROM timeline_events WHERE incident_id = ?1 AND kind IN (?2, ?3)");
    q.bind(1, incident_id)
        .bind(2, core::to_string(core::EventKind::EscalationSent))
        .bind(3, core::to_string(core::EventKind::Paged));
    while (q.step()) {
        const auto paged = core::parse_escalation_event(q.text(0));
        if (paged && std::find(paged->contacts.begin(), paged->contacts.end(), user_id) !=
                         paged->contacts.end())
            return true;
    }
    return false;
}

std::vector<std::string> Timeline::people(std::int64_t incident_id) {
    Query q = db_.query(
        "SELECT actor FROM timeline_events WHERE incident_id = ?1 AND actor <> '' "
        "UNION SELECT subject FROM timeline_events WHERE incident_id = ?1 AND subject <> '' "
        "ORDER BY 1");
    q.bind(1, incident_id);
    std::vector<std::string> out;
    while (q.step()) out.push_back(q.text(0));
    return out;
}

}  // namespace storage
