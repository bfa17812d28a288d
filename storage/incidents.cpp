#include "storage/incidents.hpp"

#include <chrono>
#include <stdexcept>
#include <string>
#include <string_view>

#include "storage/incident_row.hpp"

namespace storage {
namespace {

// "50% off" -> "%50!% off%": a LIKE pattern matching the text anywhere,
// lower-cased (ASCII), its own % _ ! taken literally; "" stays "" (no filter).
std::string like_pattern(std::string_view text) {
    if (text.empty()) return {};
    std::string out = "%";
    for (const char c : text) {
        if (c == '%' || c == '_' || c == '!') out += '!';
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return out + "%";
}

int utc_year(core::TimePoint t) {
    const std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(t)};
    return static_cast<int>(ymd.year());
}

}  // namespace

core::Incident row_to_incident(const Query& q, int first) {
    core::Incident i;
    i.id = q.int64(first + 0);
    i.year = static_cast<int>(q.int64(first + 1));
    i.number = static_cast<int>(q.int64(first + 2));
    i.title = q.text(first + 3);
    i.severity = core::parse_severity(q.text(first + 4)).value_or(core::Severity::Sev1);
    i.state = core::parse_state(q.text(first + 5)).value_or(core::IncidentState::Declared);
    i.declared_by = q.text(first + 6);
    i.origin_channel = q.text(first + 7);
    i.channel_id = q.text(first + 8);
    i.channel_name = q.text(first + 9);
    i.opening_ts = q.text(first + 10);
    i.declared_at = q.time(first + 11);
    i.acknowledged_at = q.optional_time(first + 12);
    i.resolved_at = q.optional_time(first + 13);
    i.last_update_at = q.optional_time(first + 14);
    for (core::Role r : core::kAllRoles)
        i.roles[core::index(r)] = q.text(first + 15 + int(core::index(r)));
    i.resolution = q.text(first + 19);
    i.postmortem_due_at = q.optional_time(first + 20);
    i.postmortem_link = q.text(first + 21);
    i.last_reminder_at = q.optional_time(first + 22);
    i.escalation_level = static_cast<int>(q.int64(first + 23));
    i.postmortem_reminded_at = q.optional_time(first + 24);
    if (!q.is_null(first + 25)) i.users_affected = q.int64(first + 25);
    i.revenue_lost = q.text(first + 26);
    i.impact_text = q.text(first + 27);
    i.detected_by = q.text(first + 28);
    i.detected_at = q.optional_time(first + 29);
    i.reopened_at = q.optional_time(first + 30);
    i.snoozed_until = q.optional_time(first + 31);
    i.announce_channel = q.text(first + 32);
    i.announce_ts = q.text(first + 33);
    i.is_private = q.int64(first + 34) != 0;
    i.next_update_at = q.optional_time(first + 35);
    i.mitigated_at = q.optional_time(first + 36);
    i.duplicate_of = q.text(first + 37);
    return i;
}

core::Incident Incidents::declare(const NewIncident& n) {
    const int year = utc_year(n.declared_at);
    return db_.transaction([&] {
        // The counter row serialises numbering per year (a row lock in
        // PostgreSQL, the write lock in SQLite); UNIQUE(year, number) backs it.
        db_.query(
               "INSERT INTO incident_counters (year, last_number) VALUES (?1, 0) "
               "ON CONFLICT (year) DO NOTHING")
            .bind(1, year)
            .run();
        int number = 0;
        {
            Query q = db_.query(
                "UPDATE incident_counters SET last_number = last_number + 1 WHERE year = ?1 "
                "RETURNING last_number");
            q.bind(1, year);
            if (!q.step()) throw std::logic_error("incident counter row missing");
            number = static_cast<int>(q.int64(0));
        }
        core::Incident i;
        i.year = year;
        i.number = number;
        i.title = n.title;
        i.severity = n.severity;
        i.state = core::IncidentState::Declared;
        i.declared_by = n.declared_by;
        i.origin_channel = n.origin_channel;
        i.channel_name = n.intended_channel_name;
        i.declared_at = n.declared_at;
        i.is_private = n.is_private;
        Query q = db_.query(
            "INSERT INTO incidents (year, number, title, severity, state, declared_by, "
            "origin_channel, channel_name, declared_at, is_private) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id");
        q.bind(1, year)
            .bind(2, number)
            .bind(3, i.title)
            .bind(4, core::to_string(i.severity))
            .bind(5, core::to_string(i.state))
            .bind(6, i.declared_by)
            .bind(7, i.origin_channel)
            .bind(8, i.channel_name)
            .bind(9, i.declared_at)
            .bind(10, i.is_private ? 1 : 0);
        q.step();
        i.id = q.int64(0);
        return i;
    });
}

std::optional<core::Incident> Incidents::one(Query& q) {
    if (!q.step()) return std::nullopt;
    return row_to_incident(q);
}

std::vector<core::Incident> Incidents::all(Query& q) {
    std::vector<core::Incident> out;
    while (q.step()) out.push_back(row_to_incident(q));
    return out;
}

std::optional<core::Incident> Incidents::get(std::int64_t id) {
    Query q = db_.query("SELECT " IB_INCIDENT_COLUMNS " FROM incidents WHERE id = ?1");
    q.bind(1, id);
    return one(q);
}

std::vector<core::Incident> Incidents::get_some(std::span<const std::int64_t> ids) {
    static_assert(kGetSomeAtOnce == 8, "the statement below has 8 parameters");
    std::vector<core::Incident> out;
    // One alone is the commonest case (a drain of the outbox that starts one
    // row): `id = ?` finds it without the temporary table SQLite builds for
    // an IN list.
    if (ids.size() == 1) {
        if (auto incident = get(ids[0])) out.push_back(std::move(*incident));
        return out;
    }
    for (std::size_t from = 0; from < ids.size(); from += kGetSomeAtOnce) {
        // A fixed statement, prepared once; the places left over are 0, the
        // id of no incident.
        Query q = db_.query("SELECT " IB_INCIDENT_COLUMNS
                            " FROM incidents WHERE id IN (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
        for (std::size_t i = 0; i < kGetSomeAtOnce; ++i)
            q.bind(static_cast<int>(i) + 1, from + i < ids.size() ? ids[from + i] : 0);
        while (q.step()) out.push_back(row_to_incident(q));
    }
    return out;
}

std::optional<core::Incident> Incidents::get_for_update(std::int64_t id) {
    Query q =
        db_.query(db_.dialect() == Dialect::Postgres
                      ? "SELECT " IB_INCIDENT_COLUMNS " FROM incidents WHERE id = ?1 FOR UPDATE"
                      : "SELECT " IB_INCIDENT_COLUMNS " FROM incidents WHERE id = ?1");
    q.bind(1, id);
    return one(q);
}

std::optional<core::Incident> Incidents::by_channel(std::string_view channel_id) {
    if (channel_id.empty()) return std::nullopt;
    Query q = db_.query("SELECT " IB_INCIDENT_COLUMNS " FROM incidents WHERE channel_id = ?1");
    q.bind(1, channel_id);
    return one(q);
}

std::optional<core::Incident> Incidents::by_channel_for_update(std::string_view channel_id) {
    if (channel_id.empty()) return std::nullopt;
    Query q = db_.query(
        db_.dialect() == Dialect::Postgres
            ? "SELECT " IB_INCIDENT_COLUMNS " FROM incidents WHERE channel_id = ?1 FOR UPDATE"
            : "SELECT " IB_INCIDENT_COLUMNS " FROM incidents WHERE channel_id = ?1");
    q.bind(1, channel_id);
    return one(q);
}

std::optional<core::Incident> Incidents::by_key(int year, int number) {
    Query q =
        db_.query("SELECT " IB_INCIDENT_COLUMNS " FROM incidents WHERE year = ?1 AND number = ?2");
    q.bind(1, year).bind(2, number);
    return one(q);
}

void Incidents::for_each_since(core::TimePoint since,
                               const std::function<void(const core::Incident&)>& visit) {
    Query q = db_.query("SELECT " IB_INCIDENT_COLUMNS
                        " FROM incidents WHERE declared_at >= ?1 ORDER BY declared_at, id");
    q.bind(1, since);
    while (q.step()) visit(row_to_incident(q));
}

namespace {

// The statement for the incidents a filter matches: their rows, newest
// first, up to ?6 (`count` false), or how many there are (`count` true).
const char* matching_sql(const std::string& state, bool count) {
    // A constant statement for each kind of state filter: an empty filter
    // value matches everything. The state's condition is chosen here, and
    // "open" is spelled out as the states that are not resolved: written as
    // `?1 = '' OR …`, `<>` or "< or >", SQLite walks every incident's row
    // backwards by id to find the open few, because of the ORDER BY id (a
    // bare count takes count_open's two index ranges); an IN list is served
    // from the (state, …) index (0.4 against 1.1 ms of CPU in `sqlite3` for
    // the 160 open among the bench's 10,061). LIKE, not instr(): PostgreSQL
    // has no instr, and lower() on both sides keeps it case-insensitive in
    // both engines.
    static_assert(static_cast<int>(core::IncidentState::Resolved) == 2,
                  "the open states below are every state before Resolved");
#define IB_MATCHING(state_condition)                                                     \
    " FROM incidents WHERE " state_condition                                             \
    " AND (?2 = '' OR severity = ?2) AND declared_at >= ?3 AND (?4 = 0 OR id < ?4) AND " \
    "(?5 = '' OR (is_private = 0 AND lower(title) LIKE ?5 ESCAPE '!'))"
#define IB_ROWS(state_condition) \
    "SELECT " IB_INCIDENT_COLUMNS IB_MATCHING(state_condition) " ORDER BY id DESC LIMIT ?6"
#define IB_COUNT(state_condition) "SELECT COUNT(*)" IB_MATCHING(state_condition)
#define IB_BY_STATE(statement)                                                              \
    (state.empty()     ? statement("?1 = ''")                                               \
     : state == "open" ? statement("state IN ('declared', 'acknowledged') AND ?1 = 'open'") \
                       : statement("state = ?1"))
    return count ? IB_BY_STATE(IB_COUNT) : IB_BY_STATE(IB_ROWS);
#undef IB_BY_STATE
#undef IB_COUNT
#undef IB_ROWS
#undef IB_MATCHING
}

// ?1 to ?5 of matching_sql; a count has no cursor.
void bind_filter(Query& q, const IncidentFilter& f, bool count) {
    q.bind(1, f.state)
        .bind(2, f.severity)
        .bind(3, f.since)
        .bind(4, count ? 0 : f.before_id)
        .bind(5, like_pattern(f.title_contains));
}

}  // namespace

std::vector<core::Incident> Incidents::search(const IncidentFilter& f, int limit) {
    Query q = db_.query(matching_sql(f.state, false));
    bind_filter(q, f, false);
    q.bind(6, limit);
    return all(q);
}

std::int64_t Incidents::count(const IncidentFilter& f) {
    Query q = db_.query(matching_sql(f.state, true));
    bind_filter(q, f, true);
    q.step();
    return q.int64(0);
}

std::vector<core::Incident> Incidents::recently_resolved(const IncidentFilter& f, int limit) {
    Query q = db_.query("SELECT " IB_INCIDENT_COLUMNS
                        " FROM incidents WHERE state = 'resolved' AND (?1 = '' OR severity = ?1) "
                        "AND declared_at >= ?2 AND (?3 = '' OR (is_private = 0 AND "
                        "lower(title) LIKE ?3 ESCAPE '!')) ORDER BY resolved_at DESC, id DESC "
                        "LIMIT ?4");
    q.bind(1, f.severity).bind(2, f.since).bind(3, like_pattern(f.title_contains)).bind(4, limit);
    return all(q);
}

std::string Incidents::change_marker() {
    // Every change a person makes (and every reminder or escalation) adds a
    // timeline row; declaring adds an incident: the newest ids and the open
    // count move with them. All three are index lookups (see count_open).
    Query q = db_.query(
        "SELECT (SELECT COALESCE(MAX(id), 0) FROM incidents), "
        "(SELECT COALESCE(MAX(id), 0) FROM timeline_events), "
        "(SELECT COUNT(*) FROM incidents WHERE state < 'resolved' OR state > 'resolved')");
    q.step();
    return std::to_string(q.int64(0)) + "." + std::to_string(q.int64(1)) + "." +
           std::to_string(q.int64(2));
}

std::int64_t Incidents::count_open() {
    // "< or >" rather than "<>": two ranges of the (state, …) index around
    // the resolved ones, so the open few are counted, not all 10,000 rows
    // (0.27 -> 0.04 ms; every open dashboard page asks /live every 3 s).
    Query q = db_.query("SELECT COUNT(*) FROM incidents WHERE state < ?1 OR state > ?1");
    q.bind(1, core::to_string(core::IncidentState::Resolved));
    q.step();
    return q.int64(0);
}

std::vector<core::Incident> Incidents::list_open_page(std::int64_t after_id, int limit) {
    Query q = db_.query("SELECT " IB_INCIDENT_COLUMNS
                        " FROM incidents WHERE state <> ?1 AND id > ?2 ORDER BY id LIMIT ?3");
    q.bind(1, core::to_string(core::IncidentState::Resolved)).bind(2, after_id).bind(3, limit);
    return all(q);
}

bool Incidents::channel_bound(std::string_view channel_id) {
    Query q = db_.query("SELECT 1 FROM incidents WHERE channel_id = ?1");
    q.bind(1, channel_id);
    return q.step();
}

bool Incidents::channel_name_claimed(std::string_view name, std::int64_t incident_id) {
    Query q = db_.query(
        "SELECT 1 FROM incidents WHERE channel_name = ?1 AND id <> ?2 AND "
        "(channel_id IS NOT NULL OR id < ?2) LIMIT 1");
    q.bind(1, name).bind(2, incident_id);
    return q.step();
}

void Incidents::save(const core::Incident& i) {
    Query q = db_.query(
        "UPDATE incidents SET severity = ?2, state = ?3, acknowledged_at = ?4, resolved_at = ?5, "
        "last_update_at = ?6, commander = ?7, tech_lead = ?8, comms_lead = ?9, scribe = ?10, "
        "resolution = ?11, postmortem_due_at = ?12, postmortem_link = ?13, "
        "last_reminder_at = ?14, escalation_level = ?15, postmortem_reminded_at = ?16, "
        "users_affected = ?17, revenue_lost = ?18, impact_text = ?19, detected_by = ?20, "
        "detected_at = ?21, reopened_at = ?22, snoozed_until = ?23, title = ?24, "
        "next_update_at = ?25, mitigated_at = ?26, duplicate_of = ?27 WHERE id = ?1");
    q.bind(1, i.id)
        .bind(2, core::to_string(i.severity))
        .bind(3, core::to_string(i.state))
        .bind(4, i.acknowledged_at)
        .bind(5, i.resolved_at)
        .bind(6, i.last_update_at);
    for (core::Role r : core::kAllRoles) q.bind(7 + static_cast<int>(core::index(r)), i.holder(r));
    q.bind(11, i.resolution)
        .bind(12, i.postmortem_due_at)
        .bind(13, i.postmortem_link)
        .bind(14, i.last_reminder_at)
        .bind(15, i.escalation_level)
        .bind(16, i.postmortem_reminded_at);
    if (i.users_affected)
        q.bind(17, *i.users_affected);
    else
        q.bind_null(17);
    q.bind(18, i.revenue_lost)
        .bind(19, i.impact_text)
        .bind(20, i.detected_by)
        .bind(21, i.detected_at)
        .bind(22, i.reopened_at)
        .bind(23, i.snoozed_until)
        .bind(24, i.title)
        .bind(25, i.next_update_at)
        .bind(26, i.mitigated_at)
        .bind(27, i.duplicate_of);
    q.send();
}

bool Incidents::set_channel(std::int64_t id, std::string_view channel_id,
                            std::string_view channel_name) {
    return db_.query("UPDATE incidents SET channel_id = ?2, channel_name = ?3 WHERE id = ?1")
               .bind(1, id)
               .bind(2, channel_id)
               .bind(3, channel_name)
               .run() > 0;
}

bool Incidents::set_channel_name(std::int64_t id, std::string_view channel_name) {
    return db_.query("UPDATE incidents SET channel_name = ?2 WHERE id = ?1")
               .bind(1, id)
               .bind(2, channel_name)
               .run() > 0;
}

bool Incidents::set_announcement(std::int64_t id, std::string_view channel_id,
                                 std::string_view ts) {
    return db_.query("UPDATE incidents SET announce_channel = ?2, announce_ts = ?3 WHERE id = ?1")
               .bind(1, id)
               .bind(2, channel_id)
               .bind(3, ts)
               .run() > 0;
}

bool Incidents::set_opening_ts(std::int64_t id, std::string_view ts) {
    return db_.query("UPDATE incidents SET opening_ts = ?2 WHERE id = ?1")
               .bind(1, id)
               .bind(2, ts)
               .run() > 0;
}

}  // namespace storage
