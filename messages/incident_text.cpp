#include "messages/incident_text.hpp"

#include "messages/mrkdwn.hpp"
#include "messages/time_text.hpp"
#include "messages/utf8.hpp"

namespace messages {

std::string severity_label(core::Severity s) {
    return std::string(core::to_string(s)) + " (" + std::string(core::description(s)) + ")";
}

std::string state_label(core::IncidentState s) {
    switch (s) {
        case core::IncidentState::Declared:
            return "Declared";
        case core::IncidentState::Acknowledged:
            return "Acknowledged";
        case core::IncidentState::Resolved:
            return "Resolved";
    }
    return "Unknown";
}

std::string state_label(const core::Incident& incident) {
    if (core::is_mitigated(incident)) return "Mitigated";
    if (core::is_duplicate(incident)) return "Duplicate of " + incident.duplicate_of;
    return state_label(incident.state);
}

std::string state_since(const core::Incident& incident) {
    std::string text = state_label(incident);
    if (core::is_mitigated(incident)) text += " since " + date_time_token(*incident.mitigated_at);
    return text;
}

std::string incident_line(const core::Incident& incident, std::size_t max_title) {
    return core::incident_key(incident) + " " + escape(shorten_at_word(incident.title, max_title));
}

std::string closed_channel_note(const core::Incident& incident) {
    return "Its channel " + channel_link(incident.channel_id) +
           " is archived, or the bot was removed from it, so this comes to you directly.";
}

std::string holder_mention(const std::string& user_id) {
    return user_id.empty() ? std::string("_unassigned_") : user_mention(user_id);
}

std::string cadence_text(const std::optional<std::chrono::seconds>& cadence) {
    if (!cadence) return "no regular updates (initial and resolution only)";
    if (*cadence < std::chrono::minutes(1))
        return "every " + std::to_string(cadence->count()) + " s";
    return "every " + age(*cadence);
}

std::string next_update_text(const UpdateSchedule& schedule, core::TimePoint now) {
    if (!schedule.next_due) return "none scheduled";
    const auto due = *schedule.next_due;
    const auto left = std::chrono::duration_cast<std::chrono::seconds>(due - now);
    if (left.count() < 0) return time_token(due) + " (overdue by " + age(-left) + ")";
    return time_token(due) + " (in " + age(left) + ")";
}

}  // namespace messages
