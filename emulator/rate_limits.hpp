#pragma once
// Slack's Web API rate limits, "per API method per workspace per app"
// (docs.slack.dev/apis/web-api/rate-limits): Tier 1 about 1 call a minute,
// Tier 2 20, Tier 3 50, Tier 4 100; chat.postMessage about one message a
// second per channel with short bursts, under a workspace-wide ceiling. Each
// limit is a token bucket refilled at the tier's rate; a call finding its
// bucket empty is refused with the seconds until one is back (Retry-After).
// Time is whatever the caller passes: the emulator's injected clock.
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "emulator/method_catalog.hpp"

namespace emulator {

struct RateLimit {
    double per_minute;
    double burst;  // calls allowed back to back from a full bucket
};

// The limit a method's calls share; chat.postMessage also has one per channel.
RateLimit tier_limit(RateTier tier);

class RateLimiter {
  public:
    // nullopt: the call may go ahead (and is counted). Otherwise the whole
    // seconds until it could succeed, at least 1. `conversation`: where the
    // call lands (Workspace::conversation_key), for the per-channel limit.
    std::optional<int> admit(const MethodSpec& method, const std::string& conversation,
                             core::TimePoint now);

  private:
    struct Bucket {
        double tokens;
        core::TimePoint at;
    };
    Bucket& refill(const std::string& key, const RateLimit& limit, core::TimePoint now);
    std::map<std::string, Bucket> buckets_;
};

}  // namespace emulator
