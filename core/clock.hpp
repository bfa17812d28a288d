#pragma once
// Time is injected: only SystemClock reads the real clock. Tests and the
// sandbox use ManualClock and move time forward instead of sleeping.
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <vector>

namespace core {

using TimePoint = std::chrono::system_clock::time_point;
using Seconds = std::chrono::seconds;

class Clock {
  public:
    virtual ~Clock() = default;
    virtual TimePoint now() const = 0;
    // Called (on the thread that moved time) whenever time jumps; timers that
    // wait for a due time re-arm from it. The real clock never jumps.
    virtual void on_jump(std::function<void()> listener) { (void)listener; }
};

// Readings are whole milliseconds, the unit the database stores: a time
// read back from storage equals the one written, so a due time derived
// before a restart is the one derived after it.
class SystemClock final : public Clock {
  public:
    TimePoint now() const override {
        return std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now());
    }
};

class ManualClock final : public Clock {
  public:
    explicit ManualClock(TimePoint start);
    TimePoint now() const override;
    void on_jump(std::function<void()> listener) override;
    void advance(std::chrono::nanoseconds by);
    void set(TimePoint to);

  private:
    mutable std::mutex mutex_;
    TimePoint now_;
    std::vector<std::function<void()>> listeners_;
};

// Seconds since the Unix epoch, the unit of Slack's timestamps and dates.
std::int64_t unix_seconds(TimePoint t);
TimePoint from_unix_seconds(std::int64_t s);
// Milliseconds since the Unix epoch, the unit the database stores (floored).
std::int64_t unix_millis(TimePoint t);
TimePoint from_unix_millis(std::int64_t ms);

}  // namespace core
