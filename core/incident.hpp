#pragma once
// The incident domain: plain types shared by commands/, messages/, storage/ and bot/.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/clock.hpp"
#include "core/severity.hpp"

namespace core {

enum class Role { Commander = 0, TechLead = 1, CommsLead = 2, Scribe = 3 };
inline constexpr std::array<Role, 4> kAllRoles{Role::Commander, Role::TechLead, Role::CommsLead,
                                               Role::Scribe};
inline std::size_t index(Role r) {
    return static_cast<std::size_t>(r);
}
std::optional<Role> parse_role(std::string_view text);  // ic|commander|tech|comms|scribe, any case
std::string_view role_key(Role r);                      // "ic", "tech", "comms", "scribe"
std::string_view role_name(Role r);                     // "Incident Commander", "Tech Lead", ...
std::string_view role_short(Role r);                    // "IC", "Tech Lead", "Comms Lead", "Scribe"

enum class IncidentState { Declared, Acknowledged, Resolved };
std::string_view to_string(IncidentState s);  // "declared", "acknowledged", "resolved"
std::optional<IncidentState> parse_state(std::string_view s);

struct Incident {
    std::int64_t id = 0;  // database row id
    int year = 0;         // UTC year of declaring
    int number = 0;       // per-year sequence: INC-<year>-<number, 3+ digits>
    std::string title;    // as the user typed it (Slack-escaped text unescaped)
    Severity severity = Severity::Sev1;
    IncidentState state = IncidentState::Declared;
    std::string declared_by;     // Slack user id
    std::string origin_channel;  // where /incident was typed
    std::string channel_id;      // incident channel, empty until created in Slack
    std::string channel_name;    // the name we intend / got
    std::string opening_ts;      // ts of the pinned opening message, empty until posted
    // Its message in the announcement channel (INCIDENT_ANNOUNCE_CHANNEL), empty until posted.
    std::string announce_channel;
    std::string announce_ts;
    TimePoint declared_at{};
    std::optional<TimePoint> acknowledged_at;
    std::optional<TimePoint> resolved_at;
    std::optional<TimePoint> last_update_at;
    std::array<std::string, 4> roles{};  // Slack user id per Role, empty if nobody
    std::string resolution;
    std::optional<TimePoint> postmortem_due_at;
    std::string postmortem_link;
    // What the scheduler already did, so that due times can be derived from
    // the incident alone (core/due_times.hpp) and survive a restart.
    std::optional<TimePoint> last_reminder_at;        // last "status update due" nudge
    int escalation_level = 0;                         // escalation levels paged so far
    std::optional<TimePoint> postmortem_reminded_at;  // the post-mortem nudge, once
    // Impact and detection, recorded during the incident (`/incident impact`,
    // `/incident detected`); empty or nullopt until someone says.
    std::optional<std::int64_t> users_affected;
    std::string revenue_lost;  // "$45000": the amount as typed, without separators
    std::string impact_text;
    std::string detected_by;  // monitoring_alert, customer_report, or free text
    std::optional<TimePoint> detected_at;
    // `/incident reopen`: reminders and escalation count from here, not from declaring.
    std::optional<TimePoint> reopened_at;
    // `/incident snooze`: no "status update due" nudge before this time.
    std::optional<TimePoint> snoozed_until;
    // The time the last status update gave for the next one ("next update:
    // 30m"): that one is due then instead of a cadence after the update.
    // Cleared by an update that gives none, and by reopening.
    std::optional<TimePoint> next_update_at;
    // `/incident mitigated`: the impact stopped; the incident stays open
    // until resolved. Cleared by reopening.
    std::optional<TimePoint> mitigated_at;
    // A private incident: its channel is private, it is left out of the
    // announcement channel, and `list` names it only inside its channel.
    bool is_private = false;
    // `/incident duplicate INC-…`: closed as a duplicate of that incident
    // (its key); empty otherwise. Cleared by reopening.
    std::string duplicate_of = {};

    const std::string& holder(Role r) const { return roles[index(r)]; }
    friend bool operator==(const Incident&, const Incident&) = default;
};

// Open, with its impact stopped (`/incident mitigated`): shown as "Mitigated".
inline bool is_mitigated(const Incident& i) {
    return i.mitigated_at && i.state != IncidentState::Resolved;
}

// Closed as a duplicate of another incident (`/incident duplicate`).
inline bool is_duplicate(const Incident& i) {
    return !i.duplicate_of.empty() && i.state == IncidentState::Resolved;
}

// "INC-2026-001"
std::string incident_key(int year, int number);
// "INC-2026-001" -> {2026, 1}; nothing looser (no lower case, no spaces).
std::optional<std::pair<int, int>> parse_incident_key(std::string_view key);
inline std::string incident_key(const Incident& i) {
    return incident_key(i.year, i.number);
}

enum class EventKind {
    Declared,
    Acknowledged,
    RoleAssigned,
    Update,
    SeverityChanged,
    Note,
    Resolved,
    ReminderSent,
    EscalationSent,
    PostmortemDue,
    PostmortemDone,
    ImpactRecorded,
    DetectionRecorded,
    ActionItem,
    Reopened,
    Snoozed,
    CommsPosted,
    // A message of the incident channel marked with TIMELINE_REACTION or
    // pinned: its author is the actor, its text the entry.
    Message,
    Renamed,         // the title changed: "old → new"
    RoleUnassigned,  // text: the role's name; subject: who held it
    Mitigated,       // text: what stopped the impact, as typed (may be empty)
    // Closed as a duplicate: "INC-2026-004", then " · " and the reason if one was given.
    DuplicateOf,
    // On the incident the work goes on in: "INC-2026-005 <title>", the duplicate closed.
    DuplicateClosed,
    // On that incident again: "INC-2026-005 <title>", the duplicate reopened as
    // an incident of its own, then " · " and the reason if one was given.
    DuplicateReopened,
    // Someone paged by hand (`/incident page @carol [why]`): core::paged_event_text.
    Paged,
};
std::string_view to_string(EventKind k);  // "declared", "role_assigned", ...
std::optional<EventKind> parse_event_kind(std::string_view s);

struct TimelineEvent {
    std::int64_t id = 0;
    std::int64_t incident_id = 0;
    TimePoint at{};
    std::string actor;  // Slack user id; empty for the bot itself
    EventKind kind = EventKind::Note;
    std::string text;          // plain text as typed / as generated, not escaped
    std::string subject = {};  // Slack user id the event is about (a new role holder), or empty
    // A Message entry: the message's permalink and its ts in the incident channel.
    std::string link = {};
    std::string message_ts = {};
};

}  // namespace core
