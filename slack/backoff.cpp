#include "slack/backoff.hpp"

#include <algorithm>

namespace slack {

Backoff::Backoff(Duration initial, Duration max, std::uint64_t seed)
    : initial_(initial), max_(std::max(initial, max)), random_(seed) {}

Backoff::Duration Backoff::next() {
    Duration ceiling = initial_;
    // Doubling stops once the cap is reached, so the shift never overflows.
    for (int i = 0; i < attempts_ && ceiling < max_; ++i) ceiling *= 2;
    ceiling = std::min(ceiling, max_);
    ++attempts_;
    std::uniform_int_distribution<Duration::rep> pick(ceiling.count() / 2, ceiling.count());
    return Duration{pick(random_)};
}

}  // namespace slack
