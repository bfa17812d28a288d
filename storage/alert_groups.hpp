#pragma once
// Alertmanager groups and the incidents they declared (schema version 3):
// which group key has an open incident, and which alert fingerprints were
// recorded with which status, so that a repeated delivery adds nothing.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "storage/database.hpp"

namespace storage {

struct StoredAlertGroup {
    std::int64_t id = 0;
    std::string group_key;
    std::int64_t incident_id = 0;
    std::int64_t previous_incident_id = 0;    // 0: none
    std::string status;                       // "firing", "resolved"
    std::map<std::string, std::string> seen;  // fingerprint -> status
};

struct NewAlertGroup {
    std::string group_key;
    std::int64_t incident_id = 0;
    std::int64_t previous_incident_id = 0;
    std::string receiver;
    std::string group_labels;  // JSON object
    std::string status;
};

struct AlertState {
    std::string fingerprint;
    std::string status;
    std::string labels;  // JSON object
    std::string generator_url;
    core::TimePoint starts_at{};
};

class AlertGroups {
  public:
    explicit AlertGroups(Database& db) : db_(db) {}

    // First in a transaction that reads and then writes a group: until it
    // ends, no other transaction (another replica) can do the same for the key.
    void lock(std::string_view group_key);
    // The group's row whose incident is not resolved, with what it has seen.
    std::optional<StoredAlertGroup> open_for(std::string_view group_key);
    // The incident of the group's latest row, open or not; 0 when none.
    std::int64_t latest_incident(std::string_view group_key);
    std::int64_t add(const NewAlertGroup& group, core::TimePoint now);
    void set_status(std::int64_t group_id, std::string_view status, core::TimePoint now);
    void record(std::int64_t group_id, const AlertState& state, core::TimePoint now);
    // The alerts of the groups that declared this incident, earliest first,
    // at most `limit`; and how many there are in all.
    std::vector<AlertState> states_of_incident(std::int64_t incident_id, int limit);
    std::int64_t count_of_incident(std::int64_t incident_id);

  private:
    Database& db_;
};

}  // namespace storage
