#pragma once
// What one Alertmanager delivery means for the incident of its group: a pure
// decision from the delivery and what was stored for the group before.
// Alertmanager re-sends a group every repeat_interval, after its own
// restarts and after any failed delivery, byte for byte: so a delivery
// counts only by what changed (an alert fingerprint not seen, or seen with
// another status), and one that changes nothing changes nothing.
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "alerts/webhook.hpp"
#include "core/result.hpp"
#include "core/severity.hpp"

namespace alerts {

struct SeverityRules {
    std::string label = "severity";
    std::vector<std::pair<std::string, core::Severity>> map{{"critical", core::Severity::Sev1},
                                                            {"error", core::Severity::Sev2},
                                                            {"warning", core::Severity::Sev3},
                                                            {"info", core::Severity::Sev4}};
    core::Severity fallback = core::Severity::Sev3;
};

// `critical:SEV1,error:SEV2` (severities as /incident takes them). Errors:
// bad_value, naming the entry.
core::Result<std::vector<std::pair<std::string, core::Severity>>> parse_severity_map(
    std::string_view text);

// The most severe of the alerts' mapped labels (commonLabels first).
core::Severity severity_of(const AlertGroup& group, const SeverityRules& rules);
// commonAnnotations.summary, else the alertname and the group labels.
std::string title_of(const AlertGroup& group);
// The earliest startsAt of the delivery's alerts.
core::TimePoint started_at(const AlertGroup& group);

// The group as stored: its incident still open.
struct OpenGroup {
    Status status = Status::Firing;
    std::map<std::string, Status> seen;  // fingerprint -> last status recorded
};

struct Plan {
    enum class Action {
        Declare,  // no open incident for the group, and something fires
        Record,   // the open incident gets notes
        Nothing,  // a repeat, or a resolve with no incident open
    };
    Action action = Action::Nothing;
    std::vector<Alert> changed;  // alerts new to the group, or with a new status
    bool all_resolved = false;   // the group just went from firing to resolved
    bool firing_again = false;   // it had resolved and fires again
};

Plan plan(const AlertGroup& group, const std::optional<OpenGroup>& open);

}  // namespace alerts
