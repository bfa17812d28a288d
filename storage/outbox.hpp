#pragma once
// The outbox: Slack calls to make, written in the same transaction as the
// state change that needs them and carried out afterwards, so a crash between
// the two loses nothing. Delivery is at least once; calls must be idempotent.
//
// Order: the rows of one incident go out strictly in the order they were
// enqueued (a later row waits while an earlier one is pending, even when the
// earlier one is deferred). Rows with incident_id 0 belong to no incident and
// are independent of each other.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/incident.hpp"
#include "storage/database.hpp"

namespace storage {

enum class OutboxStatus { Pending, Done, Failed };

struct OutboxMessage {
    std::int64_t id = 0;
    std::int64_t incident_id = 0;  // 0: none
    std::string kind;              // e.g. "create_channel", "post_message"
    nlohmann::json payload;
    core::TimePoint available_at{};
    int attempts = 0;  // failed attempts so far (defer)
    std::string last_error;
    OutboxStatus status = OutboxStatus::Pending;
    core::TimePoint created_at{};
    // Read by next_ready: a row of the same kind for the same incident waited
    // behind this one, so a refresh can be skipped (the later one shows more).
    bool superseded = false;
    // Read by next_ready: the row's incident as it was then (none for a row
    // of no incident, or when the incident is gone).
    std::optional<core::Incident> incident;
};

class Outbox {
  public:
    explicit Outbox(Database& db) : db_(db) {}

    // A call to make, after the rows enqueued before it for its incident.
    // Sent with the transaction's next round trip (Query::send).
    void enqueue(std::int64_t incident_id, std::string_view kind, const nlohmann::json& payload,
                 core::TimePoint available_at);
    // The same, answering the new row's id (one round trip of its own).
    std::int64_t enqueue_with_id(std::int64_t incident_id, std::string_view kind,
                                 const nlohmann::json& payload, core::TimePoint available_at);

    // Rows the caller has in hand (its calls under way): row id -> the row's
    // incident id (0 for a row of no incident).
    using InHand = std::map<std::int64_t, std::int64_t>;

    // The head (oldest pending row) of each incident's queue, if available by
    // `now`, plus ready rows of no incident; earliest available first, at
    // most `limit`, leaving out the rows in `running` (the caller's own, in
    // hand); each with its incident. With claims (PostgreSQL), the rows
    // returned are claimed for this replica until now + lease, and rows
    // another replica holds are left out until its lease runs out; `running`
    // rows keep their claim as it is (renew() extends it), so that asking
    // costs no write to them.
    std::vector<OutboxMessage> next_ready(core::TimePoint now, int limit,
                                          const InHand& running = {});
    // With claims: every pending row this replica holds is held until
    // `until`, not less. One statement, however many rows.
    void renew(core::TimePoint until);
    // When the next head becomes available after `now` (a retry's time, or
    // the end of another replica's claim); nullopt if none will. What the
    // scheduler's single timer waits for; heads available by `now` are
    // next_ready's.
    std::optional<core::TimePoint> next_available_after(core::TimePoint now);

    void mark_done(std::int64_t id, core::TimePoint now);
    // What a multi-step row learned on the way (an upload's file id), so that
    // a retry after a lost answer can tell whether the last step happened.
    void set_payload(std::int64_t id, const nlohmann::json& payload);
    // A retryable failure: try again at `next_available_at`; attempts + 1.
    void defer(std::int64_t id, core::TimePoint next_available_at, std::string_view last_error);
    // Given up: kept for inspection, no longer blocks its incident's queue.
    void mark_failed(std::int64_t id, std::string_view error, core::TimePoint now);

    std::optional<OutboxMessage> get(std::int64_t id);
    std::int64_t pending_count();
    std::vector<OutboxMessage> failed(int limit);  // newest first
    // Deletes done rows finished before `cutoff`; returns how many.
    int prune_done(core::TimePoint cutoff);

  private:
    std::vector<OutboxMessage> claim_ready(core::TimePoint now, int limit, const InHand& running);

    Database& db_;
};

}  // namespace storage
