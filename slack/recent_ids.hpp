#pragma once
// A bounded memory of ids already handled: Slack re-delivers events (new
// envelope_id, same event_id) and may repeat an envelope across reconnects.
// Bounded so a bot that runs for months does not grow without limit; Slack's
// re-deliveries come within minutes, far inside the window.
#include <cstddef>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_set>

namespace slack {

class RecentIds {
  public:
    explicit RecentIds(std::size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

    // True when the id was new (and is now remembered).
    bool insert(std::string_view id);
    void erase(std::string_view id);
    bool contains(std::string_view id) const { return ids_.count(std::string(id)) != 0; }
    std::size_t size() const { return ids_.size(); }

  private:
    std::size_t capacity_;
    std::unordered_set<std::string> ids_;
    std::deque<std::string> order_;  // oldest first, for eviction
};

}  // namespace slack
