#include "emulator/rate_limits.hpp"

#include <algorithm>
#include <cmath>

#include "emulator/request_body.hpp"

namespace emulator {
namespace {

// Slack documents "1 per second" per channel with "short bursts >1 allowed"
// but no burst size; a few messages in a row is the documented spirit.
constexpr RateLimit kPostMessagePerChannel{60, 4};
// "several hundred messages per minute" per workspace, from the method page's
// special-tier note; 300 is the low end of that.
constexpr RateLimit kPostMessagePerWorkspace{300, 300};

// Refills are fractions of a call; this keeps 3 s x 20/min from falling short of 1.
constexpr double kSlack = 1e-9;

bool has_call(double tokens) {
    return tokens + kSlack >= 1.0;
}

int seconds_until_token(const RateLimit& limit, double tokens) {
    const double seconds = (1.0 - tokens) * 60.0 / limit.per_minute;
    return std::max(1, static_cast<int>(std::ceil(seconds - kSlack)));
}

}  // namespace

RateLimit tier_limit(RateTier tier) {
    // Tier 1 tolerates "a small amount of burst": two calls back to back.
    switch (tier) {
        case RateTier::Tier1:
            return {1, 2};
        case RateTier::Tier2:
            return {20, 20};
        case RateTier::Tier3:
            return {50, 50};
        case RateTier::Tier4:
            return {100, 100};
        case RateTier::AuthTest:
            return {200, 200};  // "hundreds of requests per minute"
        case RateTier::PostMessage:
            return kPostMessagePerWorkspace;
    }
    return {20, 20};
}

RateLimiter::Bucket& RateLimiter::refill(const std::string& key, const RateLimit& limit,
                                         core::TimePoint now) {
    auto [it, fresh] = buckets_.try_emplace(key, Bucket{limit.burst, now});
    auto& b = it->second;
    if (!fresh && now > b.at) {
        const double elapsed = std::chrono::duration<double>(now - b.at).count();
        b.tokens = std::min(limit.burst, b.tokens + elapsed * limit.per_minute / 60.0);
    }
    // A clock set back refills nothing, and the bucket keeps counting from now.
    b.at = now;
    return b;
}

std::optional<int> RateLimiter::admit(const MethodSpec& method, const std::string& conversation,
                                      core::TimePoint now) {
    const std::string name(method.name);
    const auto limit = tier_limit(method.tier);
    auto& shared = refill(name, limit, now);
    Bucket* channel = nullptr;
    if (method.tier == RateTier::PostMessage)
        channel = &refill(name + "#" + conversation, kPostMessagePerChannel, now);
    int wait = 0;
    if (!has_call(shared.tokens)) wait = seconds_until_token(limit, shared.tokens);
    if (channel && !has_call(channel->tokens))
        wait = std::max(wait, seconds_until_token(kPostMessagePerChannel, channel->tokens));
    if (wait > 0) return wait;
    shared.tokens -= 1.0;
    if (channel) channel->tokens -= 1.0;
    return std::nullopt;
}

}  // namespace emulator
