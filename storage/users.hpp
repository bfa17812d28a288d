#pragma once
// A cache of the workspace's user names, to resolve a plain `@name` typed in
// a command to a user id without a users.list call each time.
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "storage/database.hpp"

namespace storage {

class Users {
  public:
    explicit Users(Database& db) : db_(db) {}

    void upsert(std::string_view user_id, std::string_view name, core::TimePoint now);
    // Case-insensitive (ASCII); a leading '@' is ignored. When a stale entry
    // and a fresh one share a name, the most recently seen wins.
    std::optional<std::string> find_by_name(std::string_view name);
    // The name stored for `user_id`, if any.
    std::optional<std::string> find_name(std::string_view user_id);
    // Every cached user id with its name, for reports that show names.
    std::map<std::string, std::string> names();

  private:
    Database& db_;
};

}  // namespace storage
