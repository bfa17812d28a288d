#include "core/incident.hpp"

#include <cstdio>

#include "core/ascii.hpp"

namespace core {

namespace {

constexpr std::array<std::string_view, 25> kEventKinds{"declared",
                                                       "acknowledged",
                                                       "role_assigned",
                                                       "update",
                                                       "severity_changed",
                                                       "note",
                                                       "resolved",
                                                       "reminder_sent",
                                                       "escalation_sent",
                                                       "postmortem_due",
                                                       "postmortem_done",
                                                       "impact_recorded",
                                                       "detection_recorded",
                                                       "action_item",
                                                       "reopened",
                                                       "snoozed",
                                                       "comms_posted",
                                                       "message",
                                                       "renamed",
                                                       "role_unassigned",
                                                       "mitigated",
                                                       "duplicate_of",
                                                       "duplicate_closed",
                                                       "duplicate_reopened",
                                                       "paged"};
constexpr std::array<std::string_view, 3> kStates{"declared", "acknowledged", "resolved"};
}  // namespace

std::optional<Role> parse_role(std::string_view text) {
    const std::string t = ascii_lower(text);
    if (t == "ic" || t == "commander" || t == "incident-commander") return Role::Commander;
    if (t == "tech" || t == "tl" || t == "techlead" || t == "tech-lead") return Role::TechLead;
    if (t == "comms" || t == "cl" || t == "commslead" || t == "comms-lead") return Role::CommsLead;
    if (t == "scribe") return Role::Scribe;
    return std::nullopt;
}

std::string_view role_key(Role r) {
    static constexpr std::array<std::string_view, 4> k{"ic", "tech", "comms", "scribe"};
    return k[index(r)];
}

std::string_view role_name(Role r) {
    static constexpr std::array<std::string_view, 4> k{"Incident Commander", "Tech Lead",
                                                       "Comms Lead", "Scribe"};
    return k[index(r)];
}

std::string_view role_short(Role r) {
    static constexpr std::array<std::string_view, 4> k{"IC", "Tech Lead", "Comms Lead", "Scribe"};
    return k[index(r)];
}

std::string_view to_string(IncidentState s) {
    return kStates[static_cast<std::size_t>(s)];
}

std::optional<IncidentState> parse_state(std::string_view s) {
    for (std::size_t i = 0; i < kStates.size(); ++i)
        if (kStates[i] == s) return static_cast<IncidentState>(i);
    return std::nullopt;
}

std::string incident_key(int year, int number) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "INC-%04d-%03d", year, number);
    return buf;
}

std::optional<std::pair<int, int>> parse_incident_key(std::string_view key) {
    if (key.size() < 10 || !key.starts_with("INC-") || key[8] != '-') return std::nullopt;
    const auto year = whole_number(key.substr(4, 4));
    const auto number = whole_number(key.substr(9));
    if (!year || !number || *year < 1970 || *year > 9999 || *number <= 0 || *number > 1'000'000'000)
        return std::nullopt;
    return std::pair{static_cast<int>(*year), static_cast<int>(*number)};
}

std::string_view to_string(EventKind k) {
    return kEventKinds[static_cast<std::size_t>(k)];
}

std::optional<EventKind> parse_event_kind(std::string_view s) {
    for (std::size_t i = 0; i < kEventKinds.size(); ++i)
        if (kEventKinds[i] == s) return static_cast<EventKind>(i);
    return std::nullopt;
}

}  // namespace core
