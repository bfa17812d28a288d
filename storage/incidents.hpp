#pragma once
// Incidents: numbering, lookups and one typed setter per thing that changes.
// Setters write one column group each; wrap several of them (with the
// timeline row and outbox rows they imply) in Database::transaction.
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/incident.hpp"
#include "core/severity.hpp"
#include "storage/database.hpp"

namespace storage {

// What the dashboard and the API list (web/): every field optional.
struct IncidentFilter {
    std::string state;           // "" any, "open" (not resolved), or a state name
    std::string severity;        // "" any, or "SEV1" …
    core::TimePoint since{};     // declared at or after
    std::int64_t before_id = 0;  // 0: from the newest; else ids below it (the cursor)
    std::string title_contains;  // "" any; case-insensitive (ASCII); never matches a private one
};

struct NewIncident {
    std::string title;
    core::Severity severity = core::Severity::Sev1;
    std::string declared_by;     // Slack user id
    std::string origin_channel;  // where /incident was typed
    core::TimePoint declared_at{};
    std::string intended_channel_name;
    bool is_private = false;
};

class Incidents {
  public:
    explicit Incidents(Database& db) : db_(db) {}

    // Allocates the next number of declared_at's UTC year (INC-YYYY-NNN) and
    // inserts the incident, atomically; state Declared, no channel yet.
    core::Incident declare(const NewIncident& incident);

    std::optional<core::Incident> get(std::int64_t id);
    // Those of `ids` that exist, in no order: one statement for up to
    // kGetSomeAtOnce of them (the outbox's next_ready on SQLite reads the
    // incidents of the rows it gives out together). On PostgreSQL its kept
    // generic plan is a sequential scan when it was prepared while the table
    // was small, until an ANALYZE: the claim there joins the incidents
    // instead.
    static constexpr std::size_t kGetSomeAtOnce = 8;
    std::vector<core::Incident> get_some(std::span<const std::int64_t> ids);
    // In a write transaction, before changing an incident: on PostgreSQL the
    // row stays locked until the transaction ends, so two replicas changing
    // one incident take turns and neither saves over the other (SQLite's
    // writer already holds the whole database).
    std::optional<core::Incident> get_for_update(std::int64_t id);
    std::optional<core::Incident> by_channel(std::string_view channel_id);
    // by_channel, locked as get_for_update locks: one statement where a
    // command knows only its channel.
    std::optional<core::Incident> by_channel_for_update(std::string_view channel_id);
    // "INC-2026-001" is year 2026, number 1.
    std::optional<core::Incident> by_key(int year, int number);
    // Every incident declared at or after `since`, oldest first, one row in
    // memory at a time.
    void for_each_since(core::TimePoint since,
                        const std::function<void(const core::Incident&)>& visit);
    // Not resolved, oldest first, a page at a time: those with an id above
    // `after_id`, at most `limit`.
    std::vector<core::Incident> list_open_page(std::int64_t after_id, int limit);
    // Newest first (by id, so a page boundary never moves when incidents are
    // declared meanwhile), at most `limit`.
    std::vector<core::Incident> search(const IncidentFilter& filter, int limit);
    // How many incidents the filter matches (its cursor ignored).
    std::int64_t count(const IncidentFilter& filter);
    // Resolved ones matching the filter's severity and title, most recently
    // resolved first, at most `limit`.
    std::vector<core::Incident> recently_resolved(const IncidentFilter& filter, int limit);
    // Changes whenever an incident is declared or a timeline row is added
    // (every command, reminder and escalation adds one): live pages compare
    // it to know they are stale.
    std::string change_marker();
    std::int64_t count_open();
    bool channel_bound(std::string_view channel_id);
    // A channel name another incident has: its channel, or the name it is
    // trying and was declared before `incident_id`. Slack is the arbiter
    // (name_taken); this spares a storm of same-titled incidents from trying
    // every taken name, each try a Tier 2 call.
    bool channel_name_claimed(std::string_view name, std::int64_t incident_id);

    // Writes everything a command or the scheduler can change (severity,
    // state and its times, roles, resolution, post-mortem, scheduler
    // progress), not the Slack bindings below. False when no incident has
    // that id.
    // Sent with the transaction's next round trip (Query::send).
    void save(const core::Incident& incident);

    // The Slack bindings, set by the outbox worker as Slack answers. False
    // when no incident has that id; set_channel throws SQLite::Exception if
    // channel_id is already bound to another incident.
    bool set_channel(std::int64_t id, std::string_view channel_id, std::string_view channel_name);
    // The name to ask Slack for next (after `name_taken`), before a channel exists.
    bool set_channel_name(std::int64_t id, std::string_view channel_name);
    bool set_opening_ts(std::int64_t id, std::string_view ts);
    // Its message in the announcement channel, once posted (or found after a crash).
    bool set_announcement(std::int64_t id, std::string_view channel_id, std::string_view ts);

  private:
    std::optional<core::Incident> one(Query& q);
    std::vector<core::Incident> all(Query& q);

    Database& db_;
};

}  // namespace storage
