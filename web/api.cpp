#include "web/api.hpp"

#include <sstream>

#include <nlohmann/json.hpp>

#include "reports/export.hpp"

namespace web {

namespace {

using nlohmann::json;

json time_or_null(const std::optional<core::TimePoint>& t) {
    return t ? json(reports::iso_time(*t)) : json(nullptr);
}

json text_or_null(const std::string& s) {
    return s.empty() ? json(nullptr) : json(s);
}

std::string name_in(const Names& names, const std::string& id) {
    if (id.empty()) return "incident-bot";
    const auto it = names.find(id);
    return it == names.end() ? id : it->second;
}

json list_item(const ListedIncident& listed, const Names& names) {
    const auto& i = listed.incident;
    json j;
    j["id"] = core::incident_key(i);
    j["severity"] = core::to_string(i.severity);
    j["state"] = core::to_string(i.state);
    j["declared_at"] = reports::iso_time(i.declared_at);
    j["resolved_at"] = time_or_null(i.resolved_at);
    j["private"] = i.is_private;
    if (i.is_private) return j;  // no title, people or channel
    j["title"] = i.title;
    j["started_at"] = reports::iso_time(reports::started_at(i));
    j["acknowledged_at"] = time_or_null(i.acknowledged_at);
    j["mitigated_at"] = time_or_null(i.mitigated_at);
    j["duplicate_of"] = text_or_null(i.duplicate_of);
    const auto minutes = reports::duration_minutes(i);
    j["duration_minutes"] = minutes ? json(*minutes) : json(nullptr);
    j["channel"] = {{"id", text_or_null(i.channel_id)}, {"name", text_or_null(i.channel_name)}};
    json roles = json::object();
    for (const core::Role role : core::kAllRoles) {
        const auto& holder = i.holder(role);
        roles[std::string(core::role_key(role))] =
            holder.empty() ? json(nullptr) : json{{"id", holder}, {"name", name_in(names, holder)}};
    }
    j["roles"] = roles;
    j["escalation_level"] = i.escalation_level;
    j["next_update_due"] = time_or_null(listed.update_due);
    return j;
}

}  // namespace

std::string error_json(std::string_view code, std::string_view message) {
    return json{{"error", code}, {"message", message}}.dump() + "\n";
}

std::string incident_list_json(const std::vector<ListedIncident>& incidents, const Names& names,
                               const std::optional<std::string>& next_cursor) {
    json list = json::array();
    for (const auto& listed : incidents) list.push_back(list_item(listed, names));
    return json{{"incidents", list},
                {"next_cursor", next_cursor ? json(*next_cursor) : json(nullptr)}}
               .dump() +
           "\n";
}

std::string incident_json(const reports::IncidentReport& report,
                          const std::optional<core::TimePoint>& update_due) {
    // The export itself, with no timeline rows read: the same fields by construction.
    std::ostringstream out;
    reports::write_incident(
        out, core::ReportFormat::Json, report, [](const reports::EventVisitor&) {},
        core::TimePoint{});
    auto j = json::parse(out.str());
    auto& incident = j["incident"];
    incident.erase("timeline");
    incident.erase("timeline_detail");
    incident["timeline_events"] = report.events;
    incident["escalation_level"] = report.incident.escalation_level;
    incident["next_update_due"] = time_or_null(update_due);
    return j.dump() + "\n";
}

std::string timeline_json(const reports::IncidentReport& report, const TimelinePage& page) {
    json events = json::array();
    for (const auto& e : page.events)
        events.push_back({{"at", reports::iso_time(e.at)},
                          {"actor", reports::name_of(report, e.actor)},
                          {"actor_id", text_or_null(e.actor)},
                          {"kind", core::to_string(e.kind)},
                          {"event", reports::event_text(report, e)}});
    return json{{"incident_id", core::incident_key(report.incident)},
                {"events", events},
                {"next_cursor", page.next_cursor ? json(*page.next_cursor) : json(nullptr)}}
               .dump() +
           "\n";
}

std::string stats_json(const reports::StatsReport& report, core::TimePoint since) {
    std::ostringstream out;
    reports::write_stats_json(out, report);
    auto j = json::parse(out.str());
    j["since"] = reports::iso_time(since);
    return j.dump() + "\n";
}

}  // namespace web
