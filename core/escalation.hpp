#pragma once
// Who is paged, and when, if nobody acknowledges an incident in time.
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace core {

struct EscalationLevel {
    std::chrono::seconds after{0};      // since the respond-within time ran out
    std::vector<std::string> contacts;  // Slack user ids (U…/W…) or user-group ids (S…)
};

using EscalationPolicy = std::vector<EscalationLevel>;  // empty: no escalation

// "0m:U01ONCALL;15m:U02SECOND,S03SRE;30m:U04LEAD" — levels separated by `;`,
// each `delay:id[,id…]`, delays strictly increasing. Empty text: no escalation.
Result<EscalationPolicy> parse_escalation_policy(std::string_view text);

// True for a Slack user-group id (`S…`), mentioned as <!subteam^S…>.
bool is_user_group(std::string_view id);

}  // namespace core
