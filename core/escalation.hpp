#pragma once
// Who is paged, and when, if nobody acknowledges an incident in time.
#include <chrono>
#include <functional>
#include <optional>
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
// The people among `contacts` (user ids, not groups): who is invited to the
// channel and told directly when it is closed.
std::vector<std::string> people_of(const std::vector<std::string>& contacts);

// An escalation's timeline text, "level 2: U01ONCALL, S03SRE": the level
// reached and who was paged, by id, and on a second line why, when a person
// escalated by hand and said. Read back by the renderers, which show the ids
// as mentions or names.
std::string escalation_event_text(int level, const std::vector<std::string>& contacts,
                                  std::string_view reason = {});
// A page by hand (`/incident page @carol [why]`), in the same shape with
// "paged" for the level: "paged: U01CAROL", then the reason on a second line.
std::string paged_event_text(const std::vector<std::string>& people, std::string_view reason);
struct EscalationEvent {
    std::string level;  // "level 2", or "paged" (paged_event_text)
    std::vector<std::string> contacts;
    std::string reason = {};  // as typed; empty for the scheduler's pages
};
// nullopt for text not written by escalation_event_text.
std::optional<EscalationEvent> parse_escalation_event(std::string_view text);
// "level 2: " and the contacts as `show` gives each (an id, a mention, a
// name); not the reason, which each renderer shows in its own way.
std::string describe(const EscalationEvent& event,
                     const std::function<std::string(const std::string&)>& show);
// The contacts alone, ", " between them: who a page by hand reached.
std::string describe_contacts(const std::vector<std::string>& contacts,
                              const std::function<std::string(const std::string&)>& show);

}  // namespace core
