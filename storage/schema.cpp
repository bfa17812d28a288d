#include "storage/schema.hpp"

#include <algorithm>
#include <array>

namespace storage {
namespace {

// Times are INTEGER unix milliseconds (whole seconds until migration 2);
// enums are TEXT in their wire spelling
// ("SEV1", "declared", "role_assigned"), so the file reads well in `sqlite3`
// and the same DDL carries over to PostgreSQL (apart from the id columns,
// which become identity columns there).
constexpr std::string_view kInitial = R"sql(
CREATE TABLE incident_counters (
    year        INTEGER PRIMARY KEY,
    last_number INTEGER NOT NULL
);

CREATE TABLE incidents (
    id                INTEGER PRIMARY KEY,
    year              INTEGER NOT NULL,
    number            INTEGER NOT NULL,
    title             TEXT    NOT NULL,
    severity          TEXT    NOT NULL,
    state             TEXT    NOT NULL,
    declared_by       TEXT    NOT NULL,
    origin_channel    TEXT    NOT NULL,
    channel_id        TEXT,
    channel_name      TEXT    NOT NULL,
    opening_ts        TEXT    NOT NULL DEFAULT '',
    declared_at       INTEGER NOT NULL,
    acknowledged_at   INTEGER,
    resolved_at       INTEGER,
    last_update_at    INTEGER,
    commander         TEXT    NOT NULL DEFAULT '',
    tech_lead         TEXT    NOT NULL DEFAULT '',
    comms_lead        TEXT    NOT NULL DEFAULT '',
    scribe            TEXT    NOT NULL DEFAULT '',
    resolution        TEXT    NOT NULL DEFAULT '',
    postmortem_due_at INTEGER,
    postmortem_link   TEXT    NOT NULL DEFAULT '',
    -- What the scheduler already did: due times are derived from these.
    last_reminder_at       INTEGER,
    escalation_level       INTEGER NOT NULL DEFAULT 0,
    postmortem_reminded_at INTEGER,
    UNIQUE (year, number)
);
-- NULL until the channel exists; NULLs never collide, in SQLite or PostgreSQL.
CREATE UNIQUE INDEX incidents_by_channel ON incidents (channel_id);
CREATE INDEX incidents_by_state ON incidents (state, id);

CREATE TABLE timeline_events (
    id          INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    occurred_at INTEGER NOT NULL,
    actor       TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    subject     TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX timeline_by_incident ON timeline_events (incident_id, occurred_at, id);

-- Slack calls to make, written in the transaction of the change that needs
-- them. incident_id 0 means "no incident" (hence no foreign key).
CREATE TABLE outbox (
    id           INTEGER PRIMARY KEY,
    incident_id  INTEGER NOT NULL,
    kind         TEXT    NOT NULL,
    payload      TEXT    NOT NULL,
    status       TEXT    NOT NULL,
    available_at INTEGER NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT    NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    finished_at  INTEGER
);
CREATE INDEX outbox_pending_by_incident ON outbox (incident_id, id) WHERE status = 'pending';
CREATE INDEX outbox_pending_by_time ON outbox (available_at, id) WHERE status = 'pending';
CREATE INDEX outbox_finished ON outbox (finished_at) WHERE status = 'done';

CREATE TABLE timers (
    incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL,
    due_at      INTEGER NOT NULL,
    level       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (incident_id, kind)
);
CREATE INDEX timers_by_due ON timers (due_at, incident_id);

CREATE TABLE users (
    user_id    TEXT    PRIMARY KEY,
    name       TEXT    NOT NULL,
    name_key   TEXT    NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX users_by_name ON users (name_key, updated_at);
)sql";

// Whole seconds let a reminder fire up to a second early and kept events of
// one second in insertion order only; every stored time becomes milliseconds.
constexpr std::string_view kMillisecondTimes = R"sql(
UPDATE incidents SET
    declared_at            = declared_at * 1000,
    acknowledged_at        = acknowledged_at * 1000,
    resolved_at            = resolved_at * 1000,
    last_update_at         = last_update_at * 1000,
    postmortem_due_at      = postmortem_due_at * 1000,
    last_reminder_at       = last_reminder_at * 1000,
    postmortem_reminded_at = postmortem_reminded_at * 1000;
UPDATE timeline_events SET occurred_at = occurred_at * 1000;
UPDATE outbox SET available_at = available_at * 1000, created_at = created_at * 1000,
                  finished_at = finished_at * 1000;
UPDATE timers SET due_at = due_at * 1000;
UPDATE users SET updated_at = updated_at * 1000;
)sql";

// Alertmanager groups and the incidents they declared (bot/alert_intake.hpp).
// A group key can be any length; it is compared whole, never shown or
// used as a metric label. One row per incident: a group that fires again
// after its incident was resolved gets a new row (and a new incident).
constexpr std::string_view kAlertGroups = R"sql(
CREATE TABLE alert_groups (
    id           INTEGER PRIMARY KEY,
    group_key    TEXT NOT NULL,
    incident_id  INTEGER NOT NULL REFERENCES incidents(id),
    previous_incident_id INTEGER,
    receiver     TEXT NOT NULL,
    group_labels TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('firing', 'resolved')),
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX alert_groups_by_key ON alert_groups (group_key, id);
CREATE INDEX alert_groups_by_incident ON alert_groups (incident_id);
CREATE TABLE alert_states (
    group_id      INTEGER NOT NULL REFERENCES alert_groups(id),
    fingerprint   TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('firing', 'resolved')),
    labels        TEXT NOT NULL,
    generator_url TEXT NOT NULL,
    starts_at     INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    PRIMARY KEY (group_id, fingerprint)
) WITHOUT ROWID;
)sql";

// After resolve (issue 12): impact and detection on the incident, and its
// action items. Due dates are calendar dates (TEXT 'YYYY-MM-DD'), not times.
constexpr std::string_view kFollowUps = R"sql(
ALTER TABLE incidents ADD COLUMN users_affected INTEGER;
ALTER TABLE incidents ADD COLUMN revenue_lost   TEXT NOT NULL DEFAULT '';
ALTER TABLE incidents ADD COLUMN impact_text    TEXT NOT NULL DEFAULT '';
ALTER TABLE incidents ADD COLUMN detected_by    TEXT NOT NULL DEFAULT '';
ALTER TABLE incidents ADD COLUMN detected_at    INTEGER;
CREATE INDEX incidents_by_declared ON incidents (declared_at);

CREATE TABLE action_items (
    id           INTEGER PRIMARY KEY,
    incident_id  INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    number       INTEGER NOT NULL,
    body         TEXT    NOT NULL,
    owner        TEXT    NOT NULL DEFAULT '',
    due_date     TEXT    NOT NULL DEFAULT '',
    done         INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL,
    created_by   TEXT    NOT NULL,
    reminded_for TEXT    NOT NULL DEFAULT '',
    UNIQUE (incident_id, number)
);
CREATE INDEX action_items_open_by_due ON action_items (due_date) WHERE done = 0;
)sql";

// `/incident reopen` and `/incident snooze`, and each incident's message in the
// announcement channel (issue 14).
constexpr std::string_view kReopenAndSnooze = R"sql(
ALTER TABLE incidents ADD COLUMN reopened_at INTEGER;
ALTER TABLE incidents ADD COLUMN snoozed_until INTEGER;
ALTER TABLE incidents ADD COLUMN announce_channel TEXT NOT NULL DEFAULT '';
ALTER TABLE incidents ADD COLUMN announce_ts TEXT NOT NULL DEFAULT '';
)sql";

// Private incidents (`/incident SEV1 --private …`, the form's checkbox).
constexpr std::string_view kPrivateIncidents = R"sql(
ALTER TABLE incidents ADD COLUMN is_private INTEGER NOT NULL DEFAULT 0;
)sql";

// The timeline from the channel itself (issue 14): a message marked with
// TIMELINE_REACTION or pinned becomes an entry, kept while any mark is there
// (one row per person who reacted, one for the pin). Slack re-delivers
// events: each event_id is stored with the change it made, and pruned
// after a day.
constexpr std::string_view kChannelMarks = R"sql(
ALTER TABLE timeline_events ADD COLUMN link       TEXT NOT NULL DEFAULT '';
ALTER TABLE timeline_events ADD COLUMN message_ts TEXT NOT NULL DEFAULT '';
CREATE INDEX timeline_by_message ON timeline_events (incident_id, message_ts)
    WHERE message_ts <> '';
CREATE TABLE message_marks (
    incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    message_ts  TEXT    NOT NULL,
    marked_by   TEXT    NOT NULL,
    marked_at   INTEGER NOT NULL,
    PRIMARY KEY (incident_id, message_ts, marked_by)
);
CREATE TABLE seen_events (
    event_id TEXT    PRIMARY KEY,
    seen_at  INTEGER NOT NULL
);
CREATE INDEX seen_events_by_time ON seen_events (seen_at);
-- A new channel's name is checked against the ones other incidents hold.
CREATE INDEX incidents_by_channel_name ON incidents (channel_name);
)sql";

// Several replicas on one PostgreSQL database (issue 15): an outbox row or a
// timer is claimed by one replica (`claimed_by`) until `lease_until` (unix
// ms); another replica takes it over only once the lease has run out. With
// SQLite, one process, the columns stay empty.
constexpr std::string_view kReplicaLeases = R"sql(
ALTER TABLE outbox ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN lease_until INTEGER NOT NULL DEFAULT 0;
ALTER TABLE timers ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE timers ADD COLUMN lease_until INTEGER NOT NULL DEFAULT 0;
)sql";

// The dashboard's "recently resolved" (issue 16): the newest resolved
// incidents by resolve time, read from the index instead of sorting them all.
constexpr std::string_view kRecentlyResolved = R"sql(
CREATE INDEX incidents_by_resolved ON incidents (state, resolved_at, id);
)sql";

// The stats' overdue action items (issue 16): the open items' index carries
// the incident too, so counting them by severity reads no action_items row
// (`done` as well: SQLite takes an index as covering only when it holds
// every column the query names, its own WHERE's included).
constexpr std::string_view kOverdueByIncident = R"sql(
DROP INDEX action_items_open_by_due;
CREATE INDEX action_items_open_by_due ON action_items (due_date, incident_id, done)
    WHERE done = 0;
)sql";

// DB_SYNC=full on PostgreSQL (storage/postgres/wal_flush.hpp): each replica
// flushes the server's WAL by committing a change to its own row here, so
// that replicas never wait on each other's row lock. Unused on SQLite.
constexpr std::string_view kCommitFlushes = R"sql(
CREATE TABLE commit_flushes (
    replica TEXT PRIMARY KEY,
    flushes INTEGER NOT NULL DEFAULT 0
);
)sql";

// The outbox's search for ready rows (Outbox::next_ready) tells a row that
// waits behind one in hand from the time index alone, without reading the
// row: the index carries the incident.
constexpr std::string_view kOutboxTimeIndexIncident = R"sql(
DROP INDEX outbox_pending_by_time;
CREATE INDEX outbox_pending_by_time ON outbox (available_at, id, incident_id)
    WHERE status = 'pending';
)sql";

// `next update: 30m` in a status update (SPEC's template): when the next is due.
constexpr std::string_view kNextUpdateAt = R"sql(
ALTER TABLE incidents ADD COLUMN next_update_at INTEGER;
)sql";

// `/incident mitigated`: when the impact stopped.
constexpr std::string_view kMitigatedAt = R"sql(
ALTER TABLE incidents ADD COLUMN mitigated_at INTEGER;
)sql";

// `/incident duplicate`: the key of the incident the work went on in.
constexpr std::string_view kDuplicateOf = R"sql(
ALTER TABLE incidents ADD COLUMN duplicate_of TEXT NOT NULL DEFAULT '';
)sql";

// `/incident follow`: who gets a direct message when the incident changes.
constexpr std::string_view kFollowers = R"sql(
CREATE TABLE followers (
    incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    user_id     TEXT    NOT NULL,
    since       INTEGER NOT NULL,
    PRIMARY KEY (incident_id, user_id)
);
)sql";

constexpr std::array kMigrations{
    Migration{1, "initial schema", kInitial},
    Migration{2, "millisecond times", kMillisecondTimes},
    Migration{3, "impact, detection and action items", kFollowUps},
    Migration{4, "alertmanager groups", kAlertGroups},
    Migration{5, "reopen, snooze, announcement", kReopenAndSnooze},
    Migration{6, "private incidents", kPrivateIncidents},
    Migration{7, "timeline from reactions and pins", kChannelMarks},
    Migration{8, "replica leases", kReplicaLeases},
    Migration{9, "dashboard: recently resolved", kRecentlyResolved},
    Migration{10, "stats: overdue action items by incident", kOverdueByIncident},
    Migration{11, "PostgreSQL group commit", kCommitFlushes},
    Migration{12, "outbox: the time index carries the incident", kOutboxTimeIndexIncident},
    Migration{13, "the next update's time as promised", kNextUpdateAt},
    Migration{14, "mitigated", kMitigatedAt},
    Migration{15, "closed as a duplicate", kDuplicateOf},
    Migration{16, "followers", kFollowers},
};

}  // namespace

std::span<const Migration> migrations() {
    return kMigrations;
}

int latest_schema_version() {
    int latest = 0;
    for (const Migration& m : kMigrations) latest = std::max(latest, m.version);
    return latest;
}

}  // namespace storage
