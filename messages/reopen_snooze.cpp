#include "messages/reopen_snooze.hpp"

#include "messages/action_ids.hpp"
#include "messages/block_kit.hpp"
#include "messages/mrkdwn.hpp"
#include "messages/opening_message.hpp"

namespace messages {

SlackMessage reopened(const core::Incident& incident, std::string_view reason,
                      std::string_view by_user, const UpdateSchedule& schedule) {
    std::string text = ":red_circle: *" + incident_line(incident, 80) + "* is reopened by " +
                       user_mention(by_user) + " (" + state_label(incident.state) + ").";
    if (!reason.empty()) text += "\n*Reason:* " + escape(reason);
    text += "\nStatus updates: " + cadence_text(schedule.cadence);
    if (schedule.next_due) text += "; next one due " + time_token(*schedule.next_due);
    text +=
        ". It is owed an acknowledgement again (`/incident ack`); the post-mortem waits for "
        "the next resolve.";
    SlackMessage message = block_kit::message(text);
    message.text = core::incident_key(incident) + " is reopened";
    return message;
}

SlackMessage snoozed(const core::Incident& incident, std::string_view by_user) {
    std::string text = ":zzz: " + user_mention(by_user) + " snoozed the update reminders of " +
                       core::incident_key(incident);
    if (incident.snoozed_until) text += " until " + time_token(*incident.snoozed_until);
    text += ". A status update still restarts the clock; escalation is not snoozed.";
    return block_kit::message(text);
}

nlohmann::json reminder_controls(const core::Incident& incident) {
    return block_kit::actions(
        action_ids::snooze_block_id(incident.id),
        nlohmann::json::array(
            {post_update_button(incident),
             block_kit::button("Snooze 30 min", action_ids::kSnooze,
                               action_ids::encode_snooze(incident.id, 30 * 60))}));
}

}  // namespace messages
