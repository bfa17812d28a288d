#include "storage/alert_groups.hpp"

namespace storage {

void AlertGroups::lock(std::string_view group_key) {
    // SQLite: the write transaction already holds the one write lock.
    if (db_.dialect() != Dialect::Postgres) return;
    // A transaction-scoped advisory lock on (constant, hash of the key): two
    // replicas handling the same group's webhooks take turns, so the group
    // is read and written by one at a time (else both may see no open group
    // and declare two incidents). A hash collision only makes two groups wait.
    db_.query("SELECT pg_advisory_xact_lock(1769104243, hashtext(?1))").bind(1, group_key).step();
}

std::optional<StoredAlertGroup> AlertGroups::open_for(std::string_view group_key) {
    StoredAlertGroup g;
    {
        Query q = db_.query(
            "SELECT g.id, g.group_key, g.incident_id, COALESCE(g.previous_incident_id, 0), "
            "g.status FROM alert_groups g JOIN incidents i ON i.id = g.incident_id "
            "WHERE g.group_key = ?1 AND i.state != 'resolved' ORDER BY g.id DESC LIMIT 1");
        q.bind(1, group_key);
        if (!q.step()) return std::nullopt;
        g.id = q.int64(0);
        g.group_key = q.text(1);
        g.incident_id = q.int64(2);
        g.previous_incident_id = q.int64(3);
        g.status = q.text(4);
    }
    Query q = db_.query("SELECT fingerprint, status FROM alert_states WHERE group_id = ?1");
    q.bind(1, g.id);
    while (q.step()) g.seen.emplace(q.text(0), q.text(1));
    return g;
}

std::int64_t AlertGroups::latest_incident(std::string_view group_key) {
    Query q = db_.query(
        "SELECT incident_id FROM alert_groups WHERE group_key = ?1 ORDER BY id DESC LIMIT 1");
    q.bind(1, group_key);
    return q.step() ? q.int64(0) : 0;
}

std::int64_t AlertGroups::add(const NewAlertGroup& group, core::TimePoint now) {
    Query q = db_.query(
        "INSERT INTO alert_groups (group_key, incident_id, previous_incident_id, receiver, "
        "group_labels, status, created_at, updated_at) "
        "VALUES (?1, ?2, NULLIF(?3, 0), ?4, ?5, ?6, ?7, ?7) RETURNING id");
    q.bind(1, group.group_key)
        .bind(2, group.incident_id)
        .bind(3, group.previous_incident_id)
        .bind(4, group.receiver)
        .bind(5, group.group_labels)
        .bind(6, group.status)
        .bind(7, now);
    q.step();
    return q.int64(0);
}

void AlertGroups::set_status(std::int64_t group_id, std::string_view status, core::TimePoint now) {
    Query q = db_.query("UPDATE alert_groups SET status = ?2, updated_at = ?3 WHERE id = ?1");
    q.bind(1, group_id).bind(2, status).bind(3, now);
    q.run();
}

void AlertGroups::record(std::int64_t group_id, const AlertState& state, core::TimePoint now) {
    Query q = db_.query(
        "INSERT INTO alert_states (group_id, fingerprint, status, labels, generator_url, "
        "starts_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
        "ON CONFLICT (group_id, fingerprint) DO UPDATE SET status = excluded.status, "
        "labels = excluded.labels, generator_url = excluded.generator_url, "
        "updated_at = excluded.updated_at");
    q.bind(1, group_id)
        .bind(2, state.fingerprint)
        .bind(3, state.status)
        .bind(4, state.labels)
        .bind(5, state.generator_url)
        .bind(6, state.starts_at)
        .bind(7, now);
    q.run();
}

std::vector<AlertState> AlertGroups::states_of_incident(std::int64_t incident_id, int limit) {
    Query q = db_.query(
        "SELECT s.fingerprint, s.status, s.labels, s.generator_url, s.starts_at "
        "FROM alert_states s JOIN alert_groups g ON g.id = s.group_id "
        "WHERE g.incident_id = ?1 ORDER BY s.starts_at, s.fingerprint LIMIT ?2");
    q.bind(1, incident_id).bind(2, limit);
    std::vector<AlertState> out;
    while (q.step()) out.push_back({q.text(0), q.text(1), q.text(2), q.text(3), q.time(4)});
    return out;
}

std::int64_t AlertGroups::count_of_incident(std::int64_t incident_id) {
    Query q = db_.query(
        "SELECT COUNT(*) FROM alert_states s JOIN alert_groups g ON g.id = s.group_id "
        "WHERE g.incident_id = ?1");
    q.bind(1, incident_id);
    q.step();
    return q.int64(0);
}

}  // namespace storage
