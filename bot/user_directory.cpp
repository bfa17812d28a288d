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

std::optional<std::string> UserDirectory::name_of(const std::string& user_id) {
    if (const auto it = stored_.find(user_id); it != stored_.end()) return it->second;
    return storage::Users(db_).find_name(user_id);
}

UserDirectory::Names UserDirectory::unstored(Names names) const {
    std::erase_if(names, [this](const auto& n) {
        const auto it = stored_.find(n.first);
        return it != stored_.end() && it->second == n.second;
    });
    return names;
}

void UserDirectory::store(const Names& names, core::TimePoint now) {
    storage::Users users(db_);
    for (const auto& [id, name] : names) users.upsert(id, name, now);
}

void UserDirectory::stored(Names names) {
    // Bounded: a workspace's people, not every name ever seen.
    if (stored_.size() > 50'000) stored_.clear();
    for (auto& [id, name] : names) stored_[std::move(id)] = std::move(name);
}

void UserDirectory::resolve(const std::string& name, Found found) {
    if (auto id = cached(name)) return found({std::move(id), true});
    // Not among the names known: Slack is asked again, since the person may
    // have joined a moment ago. One pass at a time (users.list is tier 2,
    // and the Web API client waits out a 429); a name asked for during a pass
    // that finds nobody by it waits for the next, which starts after it.
    if (fetching_) {
        next_.emplace_back(name, std::move(found));
        return;
    }
    waiting_.emplace_back(name, std::move(found));
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
                  Names seen;
                  for (const auto& m : result->value("members", nlohmann::json::array())) {
                      if (!m.is_object() || m.value("deleted", false)) continue;
                      auto id = m.value("id", std::string{});
                      auto name = m.value("name", std::string{});
                      if (id.empty() || name.empty()) continue;
                      const auto profile = m.value("profile", nlohmann::json::object());
                      const auto display = profile.is_object()
                                               ? profile.value("display_name", std::string{})
                                               : std::string{};
                      if (!display.empty()) display_names_[core::ascii_lower(display)] = id;
                      seen.emplace_back(std::move(id), std::move(name));
                  }
                  // A pass runs for every name not found: only new and
                  // renamed people are written.
                  if (auto changed = unstored(std::move(seen)); !changed.empty()) {
                      db_.transaction([&] { store(changed, clock_.now()); });
                      stored(std::move(changed));
                  }
                  const auto meta = result->value("response_metadata", nlohmann::json::object());
                  const auto next =
                      meta.is_object() ? meta.value("next_cursor", std::string{}) : std::string{};
                  if (!next.empty()) return fetch_page(next);
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
    // Those asked for during the pass: found by it, or (Slack answering)
    // looked for in a pass of their own; with Slack failing, told to retry.
    auto asked_during = std::move(next_);
    next_.clear();
    for (auto& [name, found] : asked_during) {
        if (auto id = cached(name); id || !answered)
            found({std::move(id), answered || id.has_value()});
        else
            waiting_.emplace_back(name, std::move(found));
    }
    if (waiting_.empty() || fetching_) return;
    fetching_ = true;
    fetch_page("");
}

}  // namespace bot
