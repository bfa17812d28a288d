#include "storage/seen_events.hpp"

namespace storage {

bool SeenEvents::first_time(const std::string& event_id, core::TimePoint now) {
    Query prune = db_.query("DELETE FROM seen_events WHERE seen_at < ?1");
    prune.bind(1, now - kSeenEventsKept);
    prune.run();
    Query q = db_.query(
        "INSERT INTO seen_events (event_id, seen_at) VALUES (?1, ?2) ON CONFLICT DO NOTHING");
    q.bind(1, event_id).bind(2, now);
    return q.run() == 1;
}

}  // namespace storage
