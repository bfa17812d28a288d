#include "storage/incident_facts.hpp"

#include <algorithm>
#include <tuple>
#include <utility>

#include "core/severity.hpp"

namespace storage {

namespace {

// The nine columns; the condition follows.
#define IB_FACT_COLUMNS                                                                   \
    "SELECT id, severity, declared_at, acknowledged_at, resolved_at, postmortem_due_at, " \
    "postmortem_link <> '', mitigated_at, duplicate_of <> '' FROM incidents WHERE "

core::IncidentFacts read_fact(const Query& q) {
    const auto severity = core::parse_severity(q.text(1));
    return {severity.value_or(core::Severity::Sev1),
            q.time(2),
            q.optional_time(3),
            q.optional_time(4),
            q.optional_time(5),
            q.int64(6) != 0,
            0,
            q.int64(0),
            q.optional_time(7),
            q.int64(8) != 0};
}

// The newest incident's and timeline row's ids.
std::pair<std::int64_t, std::int64_t> newest_ids(Database& db) {
    Query q = db.query(
        "SELECT (SELECT COALESCE(MAX(id), 0) FROM incidents), "
        "(SELECT COALESCE(MAX(id), 0) FROM timeline_events)");
    q.step();
    return {q.int64(0), q.int64(1)};
}

void oldest_first(std::vector<core::IncidentFacts>& facts) {
    // Ids mostly follow declared_at already: then there is nothing to do.
    const auto earlier = [](const auto& a, const auto& b) { return a.declared_at < b.declared_at; };
    if (!std::is_sorted(facts.begin(), facts.end(), earlier))
        std::stable_sort(facts.begin(), facts.end(), earlier);
}

}  // namespace

std::vector<core::IncidentFacts> incident_facts_since(Database& db, core::TimePoint since,
                                                      const core::Date& today) {
    // The overdue items from their index alone, matched by id in memory:
    // joined to the incidents in SQL, each item cost a lookup of its
    // incident, and for 10,000 items that was a seventh of the dashboard's
    // CPU (perf, bench/dashboard_bench).
    Query items = db.query(
        "SELECT incident_id FROM action_items WHERE done = 0 AND due_date <> '' AND "
        "due_date < ?1");
    items.bind(1, core::to_string(today));
    std::unordered_map<std::int64_t, std::int64_t> overdue;
    while (items.step()) ++overdue[items.int64(0)];
    // Every incident's row in table order, sorted here: `+declared_at`
    // keeps both engines off the index on declared_at, which for a year of
    // incidents means one lookup of the row per incident (4 ms for 10,000
    // in `sqlite3`, against 1 ms for reading the table).
    std::vector<core::IncidentFacts> out;
    Query q = db.query(IB_FACT_COLUMNS "+declared_at >= ?1");
    q.bind(1, since);
    while (q.step()) {
        out.push_back(read_fact(q));
        if (const auto n = overdue.find(out.back().id); n != overdue.end())
            out.back().actions_overdue = n->second;
    }
    oldest_first(out);
    return out;
}

std::vector<core::IncidentFacts> IncidentFactsCache::since(Database& db, core::TimePoint since,
                                                           core::TimePoint now) {
    const auto today = core::utc_date(now);
    std::lock_guard lock(mutex_);
    // A whole read keeps the window it had: the window never shrinks.
    if (!filled_ || today != today_ || since < since_ || now < read_at_ ||
        now - read_at_ >= kFullEvery)
        read_all(db, filled_ ? std::min(since, since_) : since, today, now);
    else
        read_changed(db, today);
    const auto from =
        std::partition_point(facts_.begin(), facts_.end(),
                             [&](const core::IncidentFacts& f) { return f.declared_at < since; });
    return {from, facts_.end()};
}

int IncidentFactsCache::full_reads() const {
    std::lock_guard lock(mutex_);
    return full_reads_;
}

void IncidentFactsCache::read_all(Database& db, core::TimePoint since, const core::Date& today,
                                  core::TimePoint now) {
    std::tie(last_incident_, last_event_) = newest_ids(db);  // in the same snapshot as the facts
    facts_ = incident_facts_since(db, since, today);
    reindex();
    filled_ = true;
    ++full_reads_;
    since_ = since;
    today_ = today;
    read_at_ = now;
}

void IncidentFactsCache::reindex() {
    where_.clear();
    for (std::size_t i = 0; i < facts_.size(); ++i) where_[facts_[i].id] = i;
}

void IncidentFactsCache::read_changed(Database& db, const core::Date& today) {
    const auto [newest_incident, newest_event] = newest_ids(db);
    // Nothing new, or a read transaction older than the one these came from.
    if (newest_incident <= last_incident_ && newest_event <= last_event_) return;

    // An incident newer than the last read, or with a newer timeline row.
    Query q = db.query(IB_FACT_COLUMNS
                       "id > ?1 OR id IN (SELECT incident_id FROM timeline_events WHERE id > ?2)");
    q.bind(1, last_incident_).bind(2, last_event_);
    std::vector<core::IncidentFacts> changed;
    while (q.step()) changed.push_back(read_fact(q));
    const auto due_before = core::to_string(today);
    bool out_of_order = false;
    for (auto& f : changed) {
        // Its overdue items by the (incident, number) index: the whole
        // overdue list is what a read of everything takes.
        Query items = db.query(
            "SELECT COUNT(*) FROM action_items WHERE incident_id = ?1 AND done = 0 AND "
            "due_date <> '' AND due_date < ?2");
        items.bind(1, f.id).bind(2, due_before);
        items.step();
        f.actions_overdue = items.int64(0);
        if (const auto at = where_.find(f.id); at != where_.end()) {
            facts_[at->second] = f;
        } else if (f.declared_at >= since_) {
            out_of_order =
                out_of_order || (!facts_.empty() && f.declared_at < facts_.back().declared_at);
            where_[f.id] = facts_.size();
            facts_.push_back(f);
        }
    }
    if (out_of_order) {
        oldest_first(facts_);
        reindex();
    }
    last_incident_ = newest_incident;
    last_event_ = newest_event;
}

}  // namespace storage
