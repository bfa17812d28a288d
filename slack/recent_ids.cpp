#include "slack/recent_ids.hpp"

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

}  // namespace slack
