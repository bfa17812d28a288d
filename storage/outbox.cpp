#include "storage/outbox.hpp"

#include <algorithm>
#include <map>
#include <ranges>
#include <set>
#include <tuple>

#include "storage/incident_row.hpp"
#include "storage/incidents.hpp"

namespace storage {
namespace {

// Status values are SQL literals, not parameters, so that SQLite can use the
// partial indexes (`WHERE status = 'pending'`).
#define IB_OUTBOX_COLUMNS \
    "id, incident_id, kind, payload, available_at, attempts, last_error, status, created_at"

// "This row is the head of its incident's queue."
#define IB_OUTBOX_IS_HEAD                                                                  \
    "(o.incident_id = 0 OR NOT EXISTS (SELECT 1 FROM outbox e WHERE e.status = 'pending' " \
    "AND e.incident_id = o.incident_id AND e.id < o.id))"

// "A row of the same kind for the same incident waits behind this one" (the
// outbox_pending_by_incident index answers it), read with the row so that a
// refresh is skipped without a statement of its own.
#define IB_OUTBOX_SUPERSEDED(row)                                                                 \
    "(" row                                                                                       \
    ".incident_id <> 0 AND EXISTS (SELECT 1 FROM outbox l WHERE l.status = "                      \
    "'pending' AND l.incident_id = " row ".incident_id AND l.kind = " row ".kind AND l.id > " row \
    ".id))"

// The ready rows (Outbox::next_ready on SQLite), leaving out `in_hand`:
// one statement for each of the lists of what is in hand that are not empty
// (?3: incidents whose head is in hand; ?4: rows in hand of no incident).
#define IB_OUTBOX_READY(in_hand)                                                               \
    "SELECT " IB_OUTBOX_COLUMNS ", " IB_OUTBOX_SUPERSEDED(                                     \
        "o") " FROM outbox o WHERE o.status = 'pending' AND o.available_at <= ?1 AND " in_hand \
        IB_OUTBOX_IS_HEAD " ORDER BY o.available_at, o.id LIMIT ?2"
#define IB_OUTBOX_NOT_OF_INCIDENTS "o.incident_id NOT IN (SELECT value FROM json_each(?3)) AND "
#define IB_OUTBOX_NOT_ROWS \
    "(o.incident_id <> 0 OR o.id NOT IN (SELECT value FROM json_each(?4))) AND "
constexpr const char* kReady[2][2] = {
    {IB_OUTBOX_READY(""), IB_OUTBOX_READY(IB_OUTBOX_NOT_ROWS)},
    {IB_OUTBOX_READY(IB_OUTBOX_NOT_OF_INCIDENTS),
     IB_OUTBOX_READY(IB_OUTBOX_NOT_OF_INCIDENTS IB_OUTBOX_NOT_ROWS)}};

OutboxStatus parse_status(std::string_view s) {
    if (s == "done") return OutboxStatus::Done;
    if (s == "failed") return OutboxStatus::Failed;
    return OutboxStatus::Pending;
}

OutboxMessage row_to_message(const Query& q) {
    OutboxMessage m;
    m.id = q.int64(0);
    m.incident_id = q.int64(1);
    m.kind = q.text(2);
    // Written by enqueue from a json value, so it parses; a damaged row yields
    // a discarded value that the caller's call will reject and fail.
    m.payload = nlohmann::json::parse(q.text(3), nullptr, false);
    m.available_at = q.time(4);
    m.attempts = static_cast<int>(q.int64(5));
    m.last_error = q.text(6);
    m.status = parse_status(q.text(7));
    m.created_at = q.time(8);
    return m;
}

std::vector<OutboxMessage> all(Query& q) {
    std::vector<OutboxMessage> out;
    while (q.step()) out.push_back(row_to_message(q));
    return out;
}

// Ids as one literal a statement takes as a single parameter: a JSON array
// for SQLite's json_each, `{1,2}` for a PostgreSQL BIGINT[].
template <std::ranges::input_range Ids>
std::string id_list(const Ids& ids, char open, char close) {
    std::string out(1, open);
    for (const auto id : ids) {
        if (out.size() > 1) out += ',';
        out += std::to_string(id);
    }
    out += close;
    return out;
}

// Rows read with IB_OUTBOX_SUPERSEDED after their columns, and then, when
// `with_incidents`, their incident's IB_INCIDENT_COLUMNS (NULL when none).
std::vector<OutboxMessage> ready(Query& q, bool with_incidents) {
    std::vector<OutboxMessage> out;
    while (q.step()) {
        out.push_back(row_to_message(q));
        out.back().superseded = q.int64(9) != 0;
        if (with_incidents && !q.is_null(10)) out.back().incident = row_to_incident(q, 10);
    }
    return out;
}

}  // namespace

#define IB_OUTBOX_INSERT                                                                 \
    "INSERT INTO outbox (incident_id, kind, payload, status, available_at, created_at) " \
    "VALUES (?1, ?2, ?3, 'pending', ?4, ?4)"

namespace {

Query& bind_row(Query& q, std::int64_t incident_id, std::string_view kind,
                const nlohmann::json& payload, core::TimePoint available_at) {
    // User text was made valid UTF-8 when parsed; `replace` keeps a damaged
    // byte from ever failing the transaction that carries a state change.
    return q.bind(1, incident_id)
        .bind(2, kind)
        .bind(3, payload.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace))
        .bind(4, available_at);
}

}  // namespace

void Outbox::enqueue(std::int64_t incident_id, std::string_view kind, const nlohmann::json& payload,
                     core::TimePoint available_at) {
    Query q = db_.query(IB_OUTBOX_INSERT);
    bind_row(q, incident_id, kind, payload, available_at).send();
}

std::int64_t Outbox::enqueue_with_id(std::int64_t incident_id, std::string_view kind,
                                     const nlohmann::json& payload, core::TimePoint available_at) {
    Query q = db_.query(IB_OUTBOX_INSERT " RETURNING id");
    bind_row(q, incident_id, kind, payload, available_at).step();
    return q.int64(0);
}

std::vector<OutboxMessage> Outbox::next_ready(core::TimePoint now, int limit,
                                              const InHand& running) {
    if (db_.claims()) return claim_ready(now, limit, running);
    // Ordered like the (available_at, id, incident_id) index of pending
    // rows, so the query walks that index and stops at the limit instead of
    // sorting (or scanning every row, done ones included, in id order).
    // What is in hand is left out before anything else is asked of a row:
    // every row of an incident whose head is in hand, told from the index
    // alone, and the rows in hand of no incident. Read, with their payloads
    // parsed, and dropped after, the rows in hand were most of what a busy
    // bot's drains cost (up to 64 rows a drain, against 4 started). Each
    // list costs SQLite a temporary table per statement: none when empty.
    std::set<std::int64_t> incidents_in_hand, rows_in_hand;
    for (const auto& [id, incident_id] : running) {
        if (incident_id != 0)
            incidents_in_hand.insert(incident_id);
        else
            rows_in_hand.insert(id);
    }
    Query q = db_.query(kReady[!incidents_in_hand.empty()][!rows_in_hand.empty()]);
    q.bind(1, now).bind(2, std::max(limit, 0));
    if (!incidents_in_hand.empty()) q.bind(3, id_list(incidents_in_hand, '[', ']'));
    if (!rows_in_hand.empty()) q.bind(4, id_list(rows_in_hand, '[', ']'));
    auto rows = ready(q, false);
    // Their incidents, read together: no round trip on SQLite.
    std::vector<std::int64_t> ids;
    for (const auto& row : rows)
        if (row.incident_id != 0) ids.push_back(row.incident_id);
    std::map<std::int64_t, core::Incident> incidents;
    for (auto& incident : Incidents(db_).get_some(ids)) {
        const auto id = incident.id;
        incidents.emplace(id, std::move(incident));
    }
    for (auto& row : rows)
        if (const auto found = incidents.find(row.incident_id); found != incidents.end())
            row.incident = found->second;
    return rows;
}

// Several replicas: each head is claimed by one of them until its lease runs
// out (renewed by the holder, renew()); the others skip it, without
// waiting, thanks to SKIP LOCKED. A row taken over from another replica may
// have been sent already: it counts as an attempt, so the worker treats it
// as possibly sent (every call is idempotent). The rows after a claimed head
// are not heads, so each incident's calls still go out in order. The rows
// this replica has in hand are left out by id: claiming them again at
// every drain rewrote up to 64 rows (and their indexes) each time. Each
// row's incident comes back with it, read in the same statement: a round
// trip fewer per drain than reading them after.
std::vector<OutboxMessage> Outbox::claim_ready(core::TimePoint now, int limit,
                                               const InHand& running) {
    const std::string in_hand = id_list(std::views::keys(running), '{', '}');
    Query q = db_.query(
        "WITH claimed AS (UPDATE outbox u SET claimed_by = ?3, lease_until = ?4, "
        "attempts = attempts + CASE WHEN claimed_by <> '' AND claimed_by <> ?3 THEN 1 ELSE 0 END "
        "WHERE id IN (SELECT o.id FROM outbox o WHERE o.status = 'pending' "
        "AND o.available_at <= ?1 AND " IB_OUTBOX_IS_HEAD
        " AND (o.claimed_by = '' OR o.claimed_by = ?3 OR o.lease_until <= ?1) "
        "AND o.id <> ALL (CAST(?5 AS BIGINT[])) "
        "ORDER BY o.available_at, o.id LIMIT ?2 FOR UPDATE SKIP LOCKED) "
        "RETURNING " IB_OUTBOX_COLUMNS ", " IB_OUTBOX_SUPERSEDED("u") ") "
        "SELECT c.*, i.* FROM claimed c LEFT JOIN LATERAL (SELECT " IB_INCIDENT_COLUMNS
        " FROM incidents WHERE id = c.incident_id) i ON true");
    q.bind(1, now)
        .bind(2, limit)
        .bind(3, db_.replica_id())
        .bind(4, now + db_.lease())
        .bind(5, in_hand);
    auto rows = ready(q, true);
    std::sort(rows.begin(), rows.end(), [](const OutboxMessage& a, const OutboxMessage& b) {
        return std::tie(a.available_at, a.id) < std::tie(b.available_at, b.id);
    });
    return rows;
}

void Outbox::renew(core::TimePoint until) {
    if (!db_.claims()) return;
    db_.query(
           "UPDATE outbox SET lease_until = ?2 WHERE claimed_by = ?1 AND status = 'pending' "
           "AND lease_until < ?2")
        .bind(1, db_.replica_id())
        .bind(2, until)
        .run();
}

std::optional<core::TimePoint> Outbox::next_available_after(core::TimePoint now) {
    if (db_.claims()) {
        // A head another replica holds is ours to take only when its lease
        // ends, so the minimum is over an expression no index orders: it is
        // taken over the heads only, found by skipping from one incident to
        // the next along the (incident_id, id) index of pending rows (a
        // recursive CTE with LATERAL; claims are PostgreSQL's alone). Testing
        // every pending row for being a head instead took 13 ms with 12,000
        // rows pending over 340 incidents, on the loop, at every drain of a
        // burst; this takes 2 ms, which is why OutboxWorker::next_wake asks
        // at most once a second.
        Query q = db_.query(
            "WITH RECURSIVE heads (incident_id, id) AS ("
            " (SELECT incident_id, id FROM outbox WHERE status = 'pending' AND incident_id > 0"
            "  ORDER BY incident_id, id LIMIT 1)"
            " UNION ALL"
            " SELECT n.incident_id, n.id FROM heads h CROSS JOIN LATERAL"
            " (SELECT incident_id, id FROM outbox WHERE status = 'pending'"
            "  AND incident_id > h.incident_id ORDER BY incident_id, id LIMIT 1) n) "
            "SELECT MIN(at) FROM (SELECT CASE WHEN o.claimed_by <> '' AND o.claimed_by <> ?1 "
            "AND o.lease_until > o.available_at THEN o.lease_until ELSE o.available_at END AS at "
            "FROM outbox o WHERE o.status = 'pending' AND o.id IN (SELECT id FROM heads "
            "UNION ALL SELECT id FROM outbox z WHERE z.status = 'pending' AND z.incident_id = 0)"
            ") AS head WHERE at > ?2");
        q.bind(1, db_.replica_id()).bind(2, now);
        q.step();
        return q.optional_time(0);
    }
    // Rows available by now are skipped along the (available_at, id) index.
    Query q = db_.query(
        "SELECT o.available_at FROM outbox o WHERE o.status = 'pending' AND o.available_at > ?1 "
        "AND " IB_OUTBOX_IS_HEAD " ORDER BY o.available_at, o.id LIMIT 1");
    q.bind(1, now);
    if (!q.step()) return std::nullopt;
    return q.time(0);
}

void Outbox::set_payload(std::int64_t id, const nlohmann::json& payload) {
    db_.query("UPDATE outbox SET payload = ?2 WHERE id = ?1")
        .bind(1, id)
        .bind(2, payload.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace))
        .run();
}

void Outbox::mark_done(std::int64_t id, core::TimePoint now) {
    db_.query("UPDATE outbox SET status = 'done', finished_at = ?2 WHERE id = ?1")
        .bind(1, id)
        .bind(2, now)
        .send();
}

void Outbox::defer(std::int64_t id, core::TimePoint next_available_at,
                   std::string_view last_error) {
    db_.query(
           "UPDATE outbox SET available_at = ?2, last_error = ?3, attempts = attempts + 1, "
           "claimed_by = '' WHERE id = ?1 AND status = 'pending'")
        .bind(1, id)
        .bind(2, next_available_at)
        .bind(3, last_error)
        .run();
}

void Outbox::mark_failed(std::int64_t id, std::string_view error, core::TimePoint now) {
    db_.query(
           "UPDATE outbox SET status = 'failed', last_error = ?2, attempts = attempts + 1, "
           "finished_at = ?3 WHERE id = ?1")
        .bind(1, id)
        .bind(2, error)
        .bind(3, now)
        .run();
}

std::optional<OutboxMessage> Outbox::get(std::int64_t id) {
    Query q = db_.query("SELECT " IB_OUTBOX_COLUMNS " FROM outbox o WHERE o.id = ?1");
    q.bind(1, id);
    if (!q.step()) return std::nullopt;
    return row_to_message(q);
}

std::int64_t Outbox::pending_count() {
    Query q = db_.query("SELECT COUNT(*) FROM outbox WHERE status = 'pending'");
    q.step();
    return q.int64(0);
}

std::vector<OutboxMessage> Outbox::failed(int limit) {
    Query q = db_.query("SELECT " IB_OUTBOX_COLUMNS
                        " FROM outbox o WHERE o.status = 'failed' ORDER BY o.id DESC LIMIT ?1");
    q.bind(1, limit);
    return all(q);
}

int Outbox::prune_done(core::TimePoint cutoff) {
    return db_.query("DELETE FROM outbox WHERE status = 'done' AND finished_at < ?1")
        .bind(1, cutoff)
        .run();
}

}  // namespace storage
