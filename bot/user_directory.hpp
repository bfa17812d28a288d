#pragma once
// Turns a plain `@name` typed in a command (Slack sends those when the
// command's "escape users" setting is off) into a user id: from the cached
// names first, else from a users.list pass that starts after the name was
// asked for, so that someone who joined a moment ago is found.
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <spdlog/logger.h>
#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "slack/web_api.hpp"
#include "storage/database.hpp"

namespace bot {

class UserDirectory {
  public:
    struct Lookup {
        std::optional<std::string> user_id;  // nullopt: nobody of that name
        bool answered = true;                // false: users.list failed, ask again later
    };
    using Found = std::function<void(Lookup)>;

    UserDirectory(storage::Database& db, slack::WebApi& web, const core::Clock& clock,
                  std::shared_ptr<spdlog::logger> logger)
        : db_(db), web_(web), clock_(clock), log_(std::move(logger)) {}
    ~UserDirectory() { *alive_ = false; }
    UserDirectory(const UserDirectory&) = delete;
    UserDirectory& operator=(const UserDirectory&) = delete;

    // `name` without `@`, any case; matches the user name or display name.
    void resolve(const std::string& name, Found found);
    // The same from what is already known (no Slack call): names stored from
    // earlier users.list pages and display names seen since start.
    std::optional<std::string> cached(const std::string& name);
    bool busy() const { return fetching_; }
    // The name known for a user id (no Slack call): as this process stored
    // it, else as the users table has it.
    std::optional<std::string> name_of(const std::string& user_id);

    // Names seen (on users.list pages, or sent along with a command) are
    // kept in the users table for lookups and reports, and written only when
    // this process has not stored them as they are: a round trip saved on
    // most commands, a page of 200 rows on most passes.
    using Names = std::vector<std::pair<std::string, std::string>>;  // user id, name
    // Those of `names` not stored as they are.
    Names unstored(Names names) const;
    // Writes them, inside the caller's transaction; stored() once it committed.
    void store(const Names& names, core::TimePoint now);
    void stored(Names names);

  private:
    void fetch_page(const std::string& cursor);
    void finish_fetch();

    storage::Database& db_;
    slack::WebApi& web_;
    const core::Clock& clock_;
    std::shared_ptr<spdlog::logger> log_;
    bool fetching_ = false;
    bool fetch_failed_ = false;
    std::vector<std::pair<std::string, Found>> waiting_;   // answered by the pass under way
    std::vector<std::pair<std::string, Found>> next_;      // asked for during it: the next one
    std::map<std::string, std::string> display_names_;     // lower-case display name -> id
    std::unordered_map<std::string, std::string> stored_;  // id -> name, as written
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace bot
