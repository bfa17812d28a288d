#include "alerts/plan.hpp"

#include <algorithm>

#include "core/ascii.hpp"

namespace alerts {

core::Result<std::vector<std::pair<std::string, core::Severity>>> parse_severity_map(
    std::string_view text) {
    std::vector<std::pair<std::string, core::Severity>> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto comma = std::min(text.find(',', start), text.size());
        const auto entry = text.substr(start, comma - start);
        start = comma + 1;
        if (entry.empty()) {
            if (comma == text.size()) break;
            continue;
        }
        const auto colon = entry.rfind(':');
        const auto severity = colon == std::string_view::npos
                                  ? std::nullopt
                                  : core::parse_severity(entry.substr(colon + 1));
        if (colon == 0 || !severity)
            return core::make_error("bad_value", "`" + std::string(entry) +
                                                     "` is not label-value:SEVERITY (e.g. "
                                                     "critical:SEV1)");
        out.emplace_back(std::string(entry.substr(0, colon)), *severity);
    }
    return out;
}

core::Severity severity_of(const AlertGroup& group, const SeverityRules& rules) {
    const auto mapped = [&](const LabelSet& labels) -> std::optional<core::Severity> {
        const auto it = labels.find(rules.label);
        if (it == labels.end()) return std::nullopt;
        for (const auto& [value, severity] : rules.map)
            if (core::ascii_lower(value) == core::ascii_lower(it->second)) return severity;
        return std::nullopt;
    };
    if (auto s = mapped(group.common_labels)) return *s;
    std::optional<core::Severity> most;
    for (const auto& alert : group.alerts)
        if (auto s = mapped(alert.labels); s && (!most || index(*s) < index(*most))) most = s;
    return most.value_or(rules.fallback);
}

std::string title_of(const AlertGroup& group) {
    if (const auto it = group.common_annotations.find("summary");
        it != group.common_annotations.end() && !it->second.empty())
        return it->second;
    std::string name;
    if (const auto it = group.common_labels.find("alertname"); it != group.common_labels.end())
        name = it->second;
    else if (!group.alerts.empty() && group.alerts.front().labels.count("alertname"))
        name = group.alerts.front().labels.at("alertname");
    else
        name = "Alert";
    std::string labels;
    for (const auto& [k, v] : group.group_labels) {
        if (k == "alertname") continue;
        labels += (labels.empty() ? "" : ", ") + k + "=" + v;
    }
    return labels.empty() ? name : name + " (" + labels + ")";
}

core::TimePoint started_at(const AlertGroup& group) {
    std::optional<core::TimePoint> earliest;
    for (const auto& alert : group.alerts)
        if (alert.starts_at.time_since_epoch().count() > 0 &&
            (!earliest || alert.starts_at < *earliest))
            earliest = alert.starts_at;
    return earliest.value_or(core::TimePoint{});
}

Plan plan(const AlertGroup& group, const std::optional<OpenGroup>& open) {
    Plan p;
    if (!open) {
        if (group.status == Status::Resolved) return p;
        p.action = Plan::Action::Declare;
        p.changed = group.alerts;
        return p;
    }
    for (const auto& alert : group.alerts) {
        const auto seen = open->seen.find(alert.fingerprint);
        if (seen == open->seen.end() || seen->second != alert.status) p.changed.push_back(alert);
    }
    p.all_resolved = group.status == Status::Resolved && open->status != Status::Resolved;
    p.firing_again = group.status == Status::Firing && open->status == Status::Resolved;
    if (!p.changed.empty() || p.all_resolved || p.firing_again) p.action = Plan::Action::Record;
    return p;
}

}  // namespace alerts
