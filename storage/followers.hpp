#pragma once
// People who follow an incident (`/incident follow`): each gets a direct
// message when the incident's state changes, without being in its channel.
#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "storage/database.hpp"

namespace storage {

class Followers {
  public:
    explicit Followers(Database& db) : db_(db) {}

    // False when they already followed it.
    bool add(std::int64_t incident_id, const std::string& user_id, core::TimePoint now);
    // False when they did not follow it.
    bool remove(std::int64_t incident_id, const std::string& user_id);
    // Oldest first.
    std::vector<std::string> of(std::int64_t incident_id);

  private:
    Database& db_;
};

}  // namespace storage
