#pragma once
// A time read from the database and kept between wake-ups (the next due
// timer, the next outbox row waiting for later), so that a busy bot does
// not ask at every wake-up. It is read again once it has come, or a second
// after the last read (what another replica writes goes unseen that long,
// well inside the lease); a time learnt meanwhile without asking (a timer
// set here, a row deferred here) lowers it at once.
#include <chrono>
#include <optional>

#include "core/clock.hpp"

namespace bot {

class KeptTime {
  public:
    static constexpr std::chrono::seconds kRereadEvery{1};

    // Never read, a second old, or come.
    bool stale(core::TimePoint now) const {
        return !read_at_ || now >= *read_at_ + kRereadEvery || (at_ && *at_ <= now);
    }
    // What a read at `now` found (nullopt: nothing waits).
    void read(core::TimePoint now, std::optional<core::TimePoint> at) {
        at_ = at;
        read_at_ = now;
    }
    void lower(std::optional<core::TimePoint> at) {
        if (at && (!at_ || *at < *at_)) at_ = at;
    }
    // Stale until read again: something may have changed it that this
    // side cannot see (a timer set through another connection).
    void forget() { read_at_.reset(); }
    std::optional<core::TimePoint> at() const { return at_; }

  private:
    std::optional<core::TimePoint> at_;
    std::optional<core::TimePoint> read_at_;  // nullopt: never read
};

}  // namespace bot
