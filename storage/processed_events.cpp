#include "storage/processed_events.hpp"

namespace storage {

bool ProcessedEvents::mark_seen(std::string_view event_id, core::TimePoint now) {
    return db_.query(
                  "INSERT INTO processed_events (event_id, seen_at) VALUES (?1, ?2) "
                  "ON CONFLICT (event_id) DO NOTHING")
               .bind(1, event_id)
               .bind(2, now)
               .run() == 1;
}

int ProcessedEvents::prune(core::TimePoint cutoff) {
    return db_.query("DELETE FROM processed_events WHERE seen_at < ?1").bind(1, cutoff).run();
}

}  // namespace storage
