#include "core/clock.hpp"

namespace core {

ManualClock::ManualClock(TimePoint start) : now_(start) {}

TimePoint ManualClock::now() const {
    std::lock_guard lock(mutex_);
    return now_;
}

void ManualClock::on_jump(std::function<void()> listener) {
    std::lock_guard lock(mutex_);
    listeners_.push_back(std::move(listener));
}

void ManualClock::advance(std::chrono::nanoseconds by) {
    std::vector<std::function<void()>> listeners;
    {
        std::lock_guard lock(mutex_);
        now_ += std::chrono::duration_cast<std::chrono::system_clock::duration>(by);
        listeners = listeners_;
    }
    for (auto& listener : listeners) listener();
}

void ManualClock::set(TimePoint to) {
    std::vector<std::function<void()>> listeners;
    {
        std::lock_guard lock(mutex_);
        now_ = to;
        listeners = listeners_;
    }
    for (auto& listener : listeners) listener();
}

std::int64_t unix_seconds(TimePoint t) {
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

TimePoint from_unix_seconds(std::int64_t s) {
    return TimePoint{std::chrono::seconds{s}};
}

std::int64_t unix_millis(TimePoint t) {
    return std::chrono::floor<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

TimePoint from_unix_millis(std::int64_t ms) {
    return TimePoint{std::chrono::milliseconds{ms}};
}

}  // namespace core
