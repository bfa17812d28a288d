#pragma once
// The timeline: every event of an incident, append-only, except entries
// taken from the channel (EventKind::Message), which go when their message
// loses its last mark (storage/message_marks.hpp).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/incident.hpp"
#include "storage/database.hpp"

namespace storage {

class Timeline {
  public:
    explicit Timeline(Database& db) : db_(db) {}

    // Stores the event (its id field is ignored) and returns the new id.
    // Sent with the transaction's next round trip (Query::send).
    void append(const core::TimelineEvent& event);
    // Oldest first: by time, then by insertion order for events in the same second.
    std::vector<core::TimelineEvent> list(std::int64_t incident_id);
    // The latest `limit` of them, still oldest first.
    std::vector<core::TimelineEvent> latest(std::int64_t incident_id, int limit);
    // A page, oldest first: the events after the one at (`after_at`,
    // `after_id`) in timeline order (after_id 0: from the start), at most
    // `limit`. Rows added later sort after those already paged past.
    std::vector<core::TimelineEvent> page(std::int64_t incident_id, core::TimePoint after_at,
                                          std::int64_t after_id, int limit);
    std::int64_t count(std::int64_t incident_id);
    // The same, but it stops at `limit`: a long timeline costs no more to
    // count than `limit` rows (COUNT reads every row of the incident's).
    std::int64_t count_up_to(std::int64_t incident_id, std::int64_t limit);
    std::int64_t count(std::int64_t incident_id, core::EventKind kind);
    // Every event oldest first, one row in memory at a time (exports of
    // incidents with very long timelines).
    void for_each(std::int64_t incident_id,
                  const std::function<void(const core::TimelineEvent&)>& visit);
    // Slack user ids that acted in the incident or were named by an event
    // (a new role holder): the people involved.
    std::vector<std::string> people(std::int64_t incident_id);
    // One of those people, or paged by its escalation (by user id; the
    // members of a paged user group are not known here).
    bool involves(std::int64_t incident_id, const std::string& user_id);
    // The Message entry for the message `message_ts` of the incident channel.
    bool has_message(std::int64_t incident_id, const std::string& message_ts);
    void remove_message(std::int64_t incident_id, const std::string& message_ts);
    // The newest event of that kind (the last status update), if any.
    std::optional<core::TimelineEvent> newest(std::int64_t incident_id, core::EventKind kind);

  private:
    Database& db_;
};

}  // namespace storage
