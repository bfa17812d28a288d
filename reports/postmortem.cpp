#include "reports/postmortem.hpp"

#include <string>

#include "messages/time_text.hpp"

namespace reports {

namespace {

constexpr const char* kToFill = "_(to fill)_";

std::string span_text(core::TimePoint from, core::TimePoint to) {
    return messages::age(std::chrono::duration_cast<std::chrono::seconds>(to - from));
}

// Table cells: one line, and a `|` typed by a person does not split the cell.
std::string cell(std::string s) {
    std::string out;
    for (char c : s) {
        if (c == '\n' || c == '\r')
            out += ' ';
        else if (c == '|')
            out += "\\|";
        else
            out += c;
    }
    return out;
}

std::string thousands(std::int64_t n) {
    std::string digits = std::to_string(n);
    for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3)
        digits.insert(static_cast<std::size_t>(i), ",");
    return digits;
}

const char* box(bool ticked) {
    return ticked ? "- [x] " : "- [ ] ";
}

void summary(std::ostream& out, const IncidentReport& r) {
    const auto& i = r.incident;
    out << "## Summary\n\n| | |\n|---|---|\n";
    out << "| Incident | " << core::incident_key(i) << " |\n";
    out << "| Title | " << cell(i.title) << " |\n";
    out << "| Severity | " << core::to_string(i.severity) << " |\n";
    out << "| State | " << core::to_string(i.state) << " |\n";
    out << "| Declared | " << readable_time(i.declared_at) << " by " << name_of(r, i.declared_by)
        << " |\n";
    if (i.acknowledged_at)
        out << "| Acknowledged | " << readable_time(*i.acknowledged_at) << " |\n";
    if (i.mitigated_at) out << "| Mitigated | " << readable_time(*i.mitigated_at) << " |\n";
    if (i.resolved_at) out << "| Resolved | " << readable_time(*i.resolved_at) << " |\n";
    if (core::is_duplicate(i)) out << "| Duplicate of | " << i.duplicate_of << " |\n";
    out << "| Duration | "
        << (i.resolved_at ? span_text(started_at(i), *i.resolved_at) : std::string("still open"))
        << " |\n";
    if (!i.channel_name.empty()) out << "| Channel | #" << i.channel_name << " |\n";
    for (const core::Role role : core::kAllRoles)
        out << "| " << core::role_name(role) << " | "
            << (i.holder(role).empty() ? std::string("—") : name_of(r, i.holder(role))) << " |\n";
    std::string people;
    for (const auto& p : r.people) people += (people.empty() ? "" : ", ") + name_of(r, p);
    out << "| People involved | " << r.people.size()
        << (people.empty() ? "" : " (" + cell(people) + ")") << " |\n\n";
}

void impact(std::ostream& out, const IncidentReport& r) {
    const auto& i = r.incident;
    out << "## Impact\n\n";
    out << "- Users affected: " << (i.users_affected ? thousands(*i.users_affected) : kToFill)
        << "\n";
    out << "- Revenue lost: " << (i.revenue_lost.empty() ? kToFill : i.revenue_lost) << "\n";
    const auto minutes = duration_minutes(i);
    out << "- Duration: "
        << (minutes ? std::to_string(*minutes) + " min" : std::string("still open")) << "\n";
    if (!i.impact_text.empty()) out << "- Notes: " << cell(i.impact_text) << "\n";
    out << "\n";
}

void detection(std::ostream& out, const IncidentReport& r) {
    const auto& i = r.incident;
    out << "## Detection\n\n";
    out << "- Detected by: " << (i.detected_by.empty() ? kToFill : cell(i.detected_by)) << "\n";
    out << "- Detected at: " << (i.detected_at ? readable_time(*i.detected_at) : kToFill) << "\n";
    if (i.detected_at && *i.detected_at <= i.declared_at)
        out << "- Detection to declaration: " << span_text(*i.detected_at, i.declared_at) << "\n";
    out << "\n";
}

void timeline(std::ostream& out, const IncidentReport& r, const EventSource& events) {
    out << "## Timeline\n\nAll times UTC.\n\n| Time (UTC) | Who | What |\n|---|---|---|\n";
    events([&](const core::TimelineEvent& e) {
        out << "| " << readable_time(e.at).substr(0, 19) << " | " << cell(name_of(r, e.actor))
            << " | " << cell(event_text(r, e)) << " |\n";
    });
    out << "\n";
}

void root_cause(std::ostream& out, const IncidentReport& r) {
    out << "## Root cause\n\n";
    out << "- Resolution: "
        << (r.incident.resolution.empty() ? kToFill : cell(r.incident.resolution)) << "\n";
    out << "- Root cause: " << kToFill << "\n";
    out << "- Contributing factors: " << kToFill << "\n";
    out << "- Trigger: " << kToFill << "\n\n";
    out << "## What went well\n\n- " << kToFill << "\n\n";
    out << "## What could be improved\n\n- " << kToFill << "\n\n";
}

void action_items(std::ostream& out, const IncidentReport& r) {
    out << "## Action items\n\n";
    if (r.action_items.empty()) {
        out << "None recorded yet (`/incident action <text> @owner due YYYY-MM-DD`).\n\n";
        return;
    }
    out << "| # | Action | Owner | Due | Done |\n|---|---|---|---|---|\n";
    for (const auto& a : r.action_items)
        out << "| " << a.number << " | " << cell(a.text) << " | "
            << (a.owner.empty() ? std::string("—") : cell(name_of(r, a.owner))) << " | "
            << (a.due ? core::to_string(*a.due) : std::string("—")) << " | "
            << (a.done ? "yes" : "no") << " |\n";
    out << "\n";
}

void metrics(std::ostream& out, const IncidentReport& r) {
    const auto& i = r.incident;
    out << "## Metrics\n\n";
    out << "- Time to acknowledge: "
        << (i.acknowledged_at ? span_text(i.declared_at, *i.acknowledged_at)
                              : std::string("not acknowledged"))
        << "\n";
    if (i.mitigated_at)
        out << "- Time to mitigate: " << span_text(i.declared_at, *i.mitigated_at) << "\n";
    out << "- Time to resolve: "
        << (i.resolved_at ? span_text(i.declared_at, *i.resolved_at) : std::string("still open"))
        << "\n";
    if (i.detected_at && *i.detected_at <= i.declared_at)
        out << "- Time to detect → declare: " << span_text(*i.detected_at, i.declared_at) << "\n";
    out << "- People involved: " << r.people.size() << "\n";
    out << "- Status updates: " << r.updates << "\n";
    out << "- Timeline entries: " << r.events << "\n\n";
}

void checklist(std::ostream& out, const IncidentReport& r) {
    const auto& i = r.incident;
    bool owned = !r.action_items.empty();
    for (const auto& a : r.action_items) owned = owned && !a.owner.empty() && a.due;
    const bool resolved = i.state == core::IncidentState::Resolved;
    out << "## Post-mortem checklist\n\n";
    out << box(true) << "Incident data exported\n";
    out << box(!i.postmortem_link.empty())
        << "Post-mortem document created (within 24 h for SEV1, 48 h for SEV2)"
        << (i.postmortem_link.empty() ? "" : ": " + i.postmortem_link) << "\n";
    out << box(owned) << "Action items assigned owners and due dates\n";
    out << box(resolved) << "Incident recorded in the tracker with severity and duration\n";
    out << box(!i.detected_by.empty() && i.detected_at) << "Time to detection recorded\n";
    out << box(i.acknowledged_at.has_value()) << "Time to acknowledgment recorded\n";
    out << box(resolved) << "Time to resolution recorded\n";
    out << box(i.users_affected.has_value()) << "Customer impact recorded\n";
    out << box(!i.revenue_lost.empty()) << "Revenue impact recorded\n";
    out << box(!r.people.empty()) << "Number of people involved recorded\n";
    out << box(false) << "Root cause identified and agreed\n";
    out << box(false) << "Post-mortem reviewed with the team\n";
    out << box(false) << "Runbooks and alerts updated\n";
}

}  // namespace

void write_postmortem(std::ostream& out, const IncidentReport& report, const EventSource& events,
                      core::TimePoint now) {
    const auto& i = report.incident;
    out << "# Post-mortem: " << core::incident_key(i) << " " << cell(i.title) << "\n\n";
    out << "_Draft made by incident-bot on " << readable_time(now)
        << (i.state == core::IncidentState::Resolved ? "" : "; the incident is still open")
        << ". Sections marked " << kToFill << " are for the team to write._\n\n";
    summary(out, report);
    impact(out, report);
    detection(out, report);
    timeline(out, report, events);
    root_cause(out, report);
    action_items(out, report);
    metrics(out, report);
    checklist(out, report);
}

}  // namespace reports
