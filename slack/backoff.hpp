#pragma once
// Jittered exponential backoff for reconnects and Web API retries. Jitter
// keeps many bots (or many queued calls) from retrying in lock-step after a
// Slack-wide blip.
#include <chrono>
#include <cstdint>
#include <random>

namespace slack {

class Backoff {
  public:
    using Duration = std::chrono::milliseconds;

    // seed: fixed in tests for repeatable delays; random_device otherwise.
    Backoff(Duration initial, Duration max, std::uint64_t seed = std::random_device{}());

    // The delay before the next attempt: uniform in [d/2, d] where
    // d = min(max, initial * 2^attempts so far).
    Duration next();
    void reset() { attempts_ = 0; }
    int attempts() const { return attempts_; }

  private:
    Duration initial_;
    Duration max_;
    int attempts_ = 0;
    std::mt19937_64 random_;
};

}  // namespace slack
