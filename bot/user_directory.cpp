#include "bot/user_directory.hpp"

#include <spdlog/spdlog.h>

#include "bot/required_scopes.hpp"
#include "core/ascii.hpp"
#include "storage/users.hpp"

namespace bot {

std::optional<std::string> UserDirectory::cached(const std::string& name) {
    if (auto id = storage::Users(db_).find_by_name(name)) return id;
    if (const auto it = display_names_.find(core::ascii_lower(name)); it != display_names_.end())
        return it->second;
    return std::nullopt;
}

void UserDirectory::resolve(const std::string& name, Found found) {
    if (auto id = cached(name)) return found({std::move(id), true});
    // users.list is tier 2 (20 a minute): a typo must not page through the
    // whole workspace on every command.
    const bool fresh = fetched_at_ && clock_.now() - *fetched_at_ < std::chrono::minutes(1);
    if (fresh && !fetching_) return found({std::nullopt, true});
    waiting_.emplace_back(name, std::move(found));
    if (fetching_) return;
    fetching_ = true;
    fetch_page("");
}

void UserDirectory::fetch_page(const std::string& cursor) {
    nlohmann::json args{{"limit", 200}};
    if (!cursor.empty()) args["cursor"] = cursor;
    web_.call(std::string(method::kUsersList), std::move(args),
              [this, alive = alive_](core::Result<nlohmann::json> result) {
                  if (!*alive) return;
                  if (!result) {
                      log_->warn("users.list failed: {}", result.error().code);
                      fetch_failed_ = true;
                      return finish_fetch();
                  }
                  const auto now = clock_.now();
                  storage::Users users(db_);
                  db_.transaction([&] {
                      for (const auto& m : result->value("members", nlohmann::json::array())) {
                          if (!m.is_object() || m.value("deleted", false)) continue;
                          const auto id = m.value("id", std::string{});
                          const auto name = m.value("name", std::string{});
                          if (id.empty() || name.empty()) continue;
                          users.upsert(id, name, now);
                          const auto profile = m.value("profile", nlohmann::json::object());
                          const auto display = profile.is_object()
                                                   ? profile.value("display_name", std::string{})
                                                   : std::string{};
                          if (!display.empty()) display_names_[core::ascii_lower(display)] = id;
                      }
                  });
                  const auto meta = result->value("response_metadata", nlohmann::json::object());
                  const auto next =
                      meta.is_object() ? meta.value("next_cursor", std::string{}) : std::string{};
                  if (!next.empty()) return fetch_page(next);
                  fetched_at_ = now;
                  finish_fetch();
              });
}

void UserDirectory::finish_fetch() {
    fetching_ = false;
    const bool answered = !fetch_failed_;
    fetch_failed_ = false;
    auto waiting = std::move(waiting_);
    waiting_.clear();
    for (auto& [name, found] : waiting) {
        auto id = cached(name);
        found({std::move(id), answered || id.has_value()});
    }
}

}  // namespace bot
