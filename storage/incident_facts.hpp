#pragma once
// The stats' read: severity, the four times and the overdue action items of
// every incident declared since a moment, seven columns wide, oldest first;
// and the same kept between reads for the stats page, where each read asks
// only for what changed.
#include <cstdint>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "core/action_item.hpp"
#include "core/clock.hpp"
#include "core/incident_facts.hpp"
#include "storage/database.hpp"

namespace storage {

// `actions_overdue`: the incident's open action items due before `today`.
std::vector<core::IncidentFacts> incident_facts_since(Database& db, core::TimePoint since,
                                                      const core::Date& today);

// incident_facts_since(db, since, utc_date(now)), for the pages' threads to
// share; it keeps the longest window asked for. A read takes the incidents that changed since the
// one before: the newer ones, and those with newer timeline rows (every change to an incident adds
// one, in the same transaction). Everything is read again when the date changes (overdue items),
// when `since` goes back, and once `kFullEvery` has passed, so that a change that added no timeline
// row, or (on PostgreSQL) a row whose id was given out before one already read but committed after
// it, shows within that time.
class IncidentFactsCache {
  public:
    static constexpr auto kFullEvery = std::chrono::seconds(60);

    // Inside a read transaction on `db`. The answer is as of that
    // transaction, or of a newer one when another thread read since.
    std::vector<core::IncidentFacts> since(Database& db, core::TimePoint since,
                                           core::TimePoint now);
    // Whole reads so far (the first one included), for tests.
    int full_reads() const;

  private:
    void read_all(Database& db, core::TimePoint since, const core::Date& today,
                  core::TimePoint now);
    void reindex();  // where_ from facts_
    void read_changed(Database& db, const core::Date& today);

    mutable std::mutex mutex_;
    bool filled_ = false;
    int full_reads_ = 0;
    core::TimePoint since_{}, read_at_{};
    core::Date today_{};
    std::int64_t last_incident_ = 0, last_event_ = 0;      // the newest ids read
    std::vector<core::IncidentFacts> facts_;               // declared since since_, oldest first
    std::unordered_map<std::int64_t, std::size_t> where_;  // incident id -> index in facts_
};

}  // namespace storage
