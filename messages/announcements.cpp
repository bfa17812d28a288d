#include "messages/announcements.hpp"

#include "messages/block_kit.hpp"
#include "messages/mrkdwn.hpp"
#include "messages/time_text.hpp"
#include "messages/utf8.hpp"

namespace messages {

namespace {

std::string field_line(std::string_view label, const std::string& value) {
    return "*" + std::string(label) + ":* " + (value.empty() ? std::string("—") : escape(value));
}

// "17 min": from declaring to `t`.
std::string since_declared(const core::Incident& incident, core::TimePoint t) {
    return age(std::chrono::duration_cast<std::chrono::seconds>(t - incident.declared_at));
}

}  // namespace

SlackMessage acknowledged(const core::Incident& incident, std::string_view by_user) {
    std::string text = ":white_check_mark: " + user_mention(by_user) + " acknowledged " +
                       core::incident_key(incident);
    const std::string& ic = incident.holder(core::Role::Commander);
    if (ic == by_user)
        text += " and is the *Incident Commander*.";
    else if (!ic.empty())
        text += "; " + user_mention(ic) + " is the *Incident Commander*.";
    else
        text += ".";
    return block_kit::message(text);
}

SlackMessage role_assigned(const core::Incident& incident, core::Role role,
                           std::string_view assignee, std::string_view previous_holder,
                           std::string_view by_user) {
    const std::string role_text = "*" + std::string(core::role_name(role)) + "*";
    std::string text;
    if (!previous_holder.empty() && previous_holder != assignee)
        text = role_text + " handed over from " + user_mention(previous_holder) + " to " +
               user_mention(assignee);
    else
        text = user_mention(assignee) + " is now " + role_text;
    if (by_user != assignee) text += " (assigned by " + user_mention(by_user) + ")";
    text += " · " + core::incident_key(incident);
    return block_kit::message(text);
}

SlackMessage role_unassigned(const core::Incident& incident, core::Role role,
                             std::string_view previous_holder, std::string_view by_user) {
    const std::string role_text = "*" + std::string(core::role_name(role)) + "*";
    std::string text = ":wave: " + user_mention(previous_holder);
    if (previous_holder == by_user)
        text += " stepped down as " + role_text;
    else
        text += " is no longer " + role_text + " (by " + user_mention(by_user) + ")";
    text += " · " + core::incident_key(incident) + "\nNobody holds it now: `/incident role " +
            std::string(core::role_key(role)) +
            " me` or the button on the pinned message takes it.";
    return block_kit::message(text);
}

SlackMessage status_update(const core::Incident& incident, const StatusReport& report,
                           std::string_view by_user, const UpdateSchedule& schedule,
                           core::TimePoint now) {
    const std::string text =
        ":memo: *Status update* · " + incident_line(incident, 80) + " · " + user_mention(by_user) +
        "\n" + field_line("Status", report.status) + "\n" + field_line("Impact", report.impact) +
        "\n" + field_line("Actions", report.actions) + "\n*Next update:* " +
        (schedule.next_due ? next_update_text(schedule, now) : std::string("at resolution"));
    SlackMessage message = block_kit::message(text);
    message.text = cut_mrkdwn(core::incident_key(incident) + " status update: " +
                                  escape(report.status.empty() ? report.impact : report.status),
                              300);
    return message;
}

SlackMessage severity_changed(const core::Incident& incident, core::Severity from,
                              std::string_view by_user, const UpdateSchedule& schedule,
                              core::TimePoint now) {
    std::string text =
        ":rotating_light: " + user_mention(by_user) + " changed the severity of " +
        core::incident_key(incident) + " from " + std::string(core::to_string(from)) + " to *" +
        severity_label(incident.severity) + "*.\nStatus updates: " + cadence_text(schedule.cadence);
    if (schedule.next_due) text += "; next one due " + next_update_text(schedule, now);
    text += ".";
    return block_kit::message(text);
}

SlackMessage note_added(const core::Incident& incident, std::string_view text,
                        std::string_view by_user) {
    SlackMessage message =
        block_kit::message(":pushpin: *Note* from " + user_mention(by_user) + "\n" + escape(text));
    message.text = cut_mrkdwn(core::incident_key(incident) + " note: " + escape(text), 300);
    return message;
}

SlackMessage resolved(const core::Incident& incident, std::string_view by_user) {
    std::string text = ":large_green_circle: *" + incident_line(incident, 80) +
                       "* is resolved by " + user_mention(by_user);
    if (incident.resolved_at) text += " after " + since_declared(incident, *incident.resolved_at);
    if (incident.resolved_at && incident.mitigated_at)
        text += " (mitigated after " + since_declared(incident, *incident.mitigated_at) + ")";
    text += ".\n*Resolution:* " + (incident.resolution.empty() ? std::string("_not given_")
                                                               : escape(incident.resolution));
    if (incident.postmortem_due_at)
        text += "\n*Post-mortem due* " + date_time_token(*incident.postmortem_due_at) +
                ". When it is written: `/incident postmortem done &lt;link&gt;`.";
    SlackMessage message = block_kit::message(text);
    message.text = core::incident_key(incident) + " is resolved";
    return message;
}

SlackMessage postmortem_done(const core::Incident& incident, std::string_view by_user) {
    return block_kit::message(":books: The post-mortem for " + core::incident_key(incident) +
                              " is written: " + escape(incident.postmortem_link) + " (marked by " +
                              user_mention(by_user) + ").");
}

SlackMessage mitigated(const core::Incident& incident, std::string_view what,
                       std::string_view by_user, core::TimePoint now) {
    // Marked late (`at 14:20`): since when, as Slack shows times.
    const bool late =
        incident.mitigated_at && now - *incident.mitigated_at >= std::chrono::minutes(1);
    std::string text = ":large_yellow_circle: *" + incident_line(incident, 80) + "* is mitigated" +
                       (late ? " since " + date_time_token(*incident.mitigated_at) : "") +
                       " (marked by " + user_mention(by_user) + ")";
    if (incident.mitigated_at)
        text += ", " + since_declared(incident, *incident.mitigated_at) + " after it was declared";
    text += ".";
    if (!what.empty()) text += "\n*Mitigation:* " + escape(what);
    text +=
        "\nThe impact has stopped; the incident stays open, with its status updates, until the "
        "cause is fixed: `/incident resolve [resolution]`.";
    SlackMessage message = block_kit::message(text);
    message.text = core::incident_key(incident) + " is mitigated";
    return message;
}

SlackMessage renamed(const core::Incident& incident, std::string_view previous_title,
                     std::string_view by_user) {
    SlackMessage message = block_kit::message(
        ":pencil2: " + user_mention(by_user) + " renamed " + core::incident_key(incident) + ": *" +
        escape(shorten(incident.title, 300)) + "*\n_was:_ " + escape(shorten(previous_title, 300)));
    message.text = cut_mrkdwn(
        core::incident_key(incident) + " renamed: " + escape(shorten_at_word(incident.title, 150)),
        300);
    return message;
}

}  // namespace messages
