#pragma once
// What Slack's method reference pages say about each method the emulator
// serves, beyond its arguments: whether it reads a JSON body, and its
// rate-limit tier. One table, so the request reader, the rate limiter and the
// dispatcher agree on which methods exist.
#include <string_view>

namespace emulator {

// Slack's rate-limit tiers (docs.slack.dev/apis/web-api/rate-limits), plus the
// two special ones the bot meets: auth.test and chat.postMessage.
enum class RateTier { Tier1, Tier2, Tier3, Tier4, AuthTest, PostMessage };

struct MethodSpec {
    std::string_view name;
    // On the "methods supporting JSON" list (api.slack.com/web#methods_supporting_json):
    // a JSON body sent to any other method is not read.
    bool accepts_json;
    RateTier tier;
};

// nullptr for a method the emulator does not know (Slack: unknown_method).
const MethodSpec* find_method(std::string_view name);

}  // namespace emulator
