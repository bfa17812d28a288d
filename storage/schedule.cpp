#include "storage/schedule.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <tuple>

namespace storage {
namespace {

constexpr std::array<std::string_view, 4> kKinds{"reminder", "escalation", "postmortem",
                                                 "action_due"};

Timer row_to_timer(const Query& q) {
    Timer t;
    t.incident_id = q.int64(0);
    t.kind = parse_timer_kind(q.text(1)).value_or(TimerKind::Reminder);
    t.due_at = q.time(2);
    t.level = static_cast<int>(q.int64(3));
    return t;
}

}  // namespace

std::string_view to_string(TimerKind k) {
    return kKinds[static_cast<std::size_t>(k)];
}

std::optional<TimerKind> parse_timer_kind(std::string_view s) {
    for (std::size_t i = 0; i < kKinds.size(); ++i)
        if (kKinds[i] == s) return static_cast<TimerKind>(i);
    return std::nullopt;
}

void Schedule::set(std::int64_t incident_id, TimerKind kind, core::TimePoint due_at, int level) {
    db_.note_timer_set(due_at);
    db_.query(
           "INSERT INTO timers (incident_id, kind, due_at, level) VALUES (?1, ?2, ?3, ?4) "
           "ON CONFLICT (incident_id, kind) DO UPDATE SET due_at = excluded.due_at, "
           "level = excluded.level, claimed_by = '', lease_until = 0")
        .bind(1, incident_id)
        .bind(2, to_string(kind))
        .bind(3, due_at)
        .bind(4, level)
        .send();
}

void Schedule::clear(std::int64_t incident_id, std::span<const TimerKind> kinds) {
    if (kinds.empty()) return;
    if (kinds.size() > kKinds.size()) throw std::invalid_argument("more timer kinds than exist");
    if (db_.dialect() == Dialect::Sqlite) {
        // No round trips to save in-process, and a point delete per kind
        // costs a fraction of one statement with an IN list, for which SQLite
        // builds a temporary table at every call (it was nine tenths of what
        // a command's timers cost).
        for (const auto kind : kinds)
            db_.query("DELETE FROM timers WHERE incident_id = ?1 AND kind = ?2")
                .bind(1, incident_id)
                .bind(2, to_string(kind))
                .send();
        return;
    }
    // A kind not given is bound as '', which no row has.
    Query q = db_.query("DELETE FROM timers WHERE incident_id = ?1 AND kind IN (?2, ?3, ?4, ?5)");
    q.bind(1, incident_id);
    for (std::size_t i = 0; i < kKinds.size(); ++i)
        q.bind(static_cast<int>(i) + 2,
               i < kinds.size() ? to_string(kinds[i]) : std::string_view{});
    q.send();
}

void Schedule::clear_all(std::int64_t incident_id) {
    db_.query("DELETE FROM timers WHERE incident_id = ?1").bind(1, incident_id).run();
}

std::optional<Timer> Schedule::get(std::int64_t incident_id, TimerKind kind) {
    Query q = db_.query(
        "SELECT incident_id, kind, due_at, level FROM timers WHERE incident_id = ?1 AND kind = ?2");
    q.bind(1, incident_id).bind(2, to_string(kind));
    if (!q.step()) return std::nullopt;
    return row_to_timer(q);
}

std::vector<Timer> Schedule::due(core::TimePoint now, int limit) {
    if (db_.claims()) {
        // Several replicas: one fires a due timer; firing moves it (set()
        // clears the claim), and a replica that died leaves it to another
        // once the lease runs out.
        Query q = db_.query(
            "UPDATE timers SET claimed_by = ?3, lease_until = ?4 WHERE (incident_id, kind) IN "
            "(SELECT incident_id, kind FROM timers WHERE due_at <= ?1 AND (claimed_by = '' OR "
            "claimed_by = ?3 OR lease_until <= ?1) ORDER BY due_at, incident_id, kind LIMIT ?2 "
            "FOR UPDATE SKIP LOCKED) RETURNING incident_id, kind, due_at, level");
        q.bind(1, now).bind(2, limit).bind(3, db_.replica_id()).bind(4, now + db_.lease());
        std::vector<Timer> out;
        while (q.step()) out.push_back(row_to_timer(q));
        std::sort(out.begin(), out.end(), [](const Timer& a, const Timer& b) {
            return std::tie(a.due_at, a.incident_id) < std::tie(b.due_at, b.incident_id);
        });
        return out;
    }
    Query q = db_.query(
        "SELECT incident_id, kind, due_at, level FROM timers WHERE due_at <= ?1 "
        "ORDER BY due_at, incident_id, kind LIMIT ?2");
    q.bind(1, now).bind(2, limit);
    std::vector<Timer> out;
    while (q.step()) out.push_back(row_to_timer(q));
    return out;
}

std::optional<core::TimePoint> Schedule::next_due_at() {
    if (db_.claims()) {
        // A timer another replica holds is ours to fire only when its lease ends.
        Query q = db_.query(
            "SELECT MIN(CASE WHEN claimed_by <> '' AND claimed_by <> ?1 AND lease_until > due_at "
            "THEN lease_until ELSE due_at END) FROM timers");
        q.bind(1, db_.replica_id());
        q.step();
        return q.optional_time(0);
    }
    // MIN over an indexed column is one index probe in SQLite and PostgreSQL.
    Query q = db_.query("SELECT MIN(due_at) FROM timers");
    q.step();
    return q.optional_time(0);
}

std::int64_t Schedule::count() {
    Query q = db_.query("SELECT COUNT(*) FROM timers");
    q.step();
    return q.int64(0);
}

}  // namespace storage
