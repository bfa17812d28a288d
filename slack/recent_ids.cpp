#include "slack/recent_ids.hpp"

#include <algorithm>

namespace slack {

bool RecentIds::insert(std::string_view id) {
    auto [it, inserted] = ids_.emplace(id);
    if (!inserted) return false;
    order_.push_back(*it);
    if (order_.size() > capacity_) {
        ids_.erase(order_.front());
        order_.pop_front();
    }
    return true;
}

void RecentIds::erase(std::string_view id) {
    if (ids_.erase(std::string(id)) == 0) return;
    if (const auto it = std::find(order_.begin(), order_.end(), id); it != order_.end())
        order_.erase(it);
}

}  // namespace slack
