#pragma once
// How an incident's facts read in every message, so they read the same
// everywhere: "SEV1 (critical)", "Acknowledged", "INC-2026-001 Payment down".
#include <chrono>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/incident.hpp"

namespace messages {

// When the next status update is due, as the scheduler knows it.
struct UpdateSchedule {
    std::optional<std::chrono::seconds> cadence;  // nullopt: no cadence at this severity
    std::optional<core::TimePoint> next_due;      // nullopt: nothing scheduled
};

std::string severity_label(core::Severity s);    // "SEV1 (critical)"
std::string state_label(core::IncidentState s);  // "Acknowledged"
// The state as people read it: "Mitigated" for an open incident whose
// impact has stopped, else state_label(incident.state).
std::string state_label(const core::Incident& incident);
// state_label(incident), and since when for "Mitigated".
std::string state_since(const core::Incident& incident);
// "INC-2026-001 Payment processing down" as mrkdwn: title escaped and cut.
std::string incident_line(const core::Incident& incident, std::size_t max_title = 150);
// "Its channel <#C…> is archived, or the bot was removed from it, so this
// comes to you directly.": what a reminder sent to a person instead of the
// incident channel says first.
std::string closed_channel_note(const core::Incident& incident);
// `<@U1>` or "_unassigned_".
std::string holder_mention(const std::string& user_id);
// "every 15 min" / "no regular updates (initial and resolution only)".
std::string cadence_text(const std::optional<std::chrono::seconds>& cadence);
// "<!date…> (in 12 min)" / "overdue since <!date…>" / "none scheduled".
std::string next_update_text(const UpdateSchedule& schedule, core::TimePoint now);

}  // namespace messages
