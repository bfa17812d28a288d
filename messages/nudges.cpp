#include "messages/nudges.hpp"

#include "core/ascii.hpp"
#include "messages/block_kit.hpp"
#include "messages/mrkdwn.hpp"
#include "messages/reopen_snooze.hpp"
#include "messages/time_text.hpp"

namespace messages {

namespace {
constexpr std::string_view kNoContacts = "No escalation contacts are configured for this level.";

// An escalation level's users and user groups, as mentions.
std::string mentions(const std::vector<std::string>& contacts) {
    std::string who;
    for (const std::string& contact : contacts)
        who += (who.empty() ? "" : " ") + contact_mention(contact);
    return who;
}

// After the people paged into an incident already under way.
constexpr std::string_view kJoinIn =
    " please join in: the pinned message says where it stands and who holds which role.";

constexpr std::string_view kUpdateTemplate =
    "```/incident update status: … | impact: … | actions: … | next update: …```";

// "last update 20 min ago (SEV1 (critical): every 15 min)", or "no update
// since it was declared …": how long the channel has been without one.
std::string update_silence(const core::Incident& incident, const UpdateSchedule& schedule,
                           core::TimePoint now) {
    const core::TimePoint since = incident.last_update_at.value_or(incident.declared_at);
    const auto quiet = std::chrono::duration_cast<std::chrono::seconds>(now - since);
    // The update said when the next would come, and that time has passed.
    const std::string promised =
        incident.last_update_at && incident.next_update_at && *incident.next_update_at <= now
            ? ", which said the next would come by " + time_token(*incident.next_update_at)
            : "";
    return (incident.last_update_at ? "last update " : "no update since it was declared ") +
           age(quiet) + " ago" + promised + " (" + severity_label(incident.severity) + ": " +
           cadence_text(schedule.cadence) + ")";
}

}  // namespace

SlackMessage update_reminder(const core::Incident& incident, const UpdateSchedule& schedule,
                             core::TimePoint now) {
    const std::string silence = update_silence(incident, schedule, now);
    // It starts a sentence here.
    const std::string sentence = core::ascii_upper(silence.substr(0, 1)) + silence.substr(1);
    std::string text = ":alarm_clock: *Status update due* · " + incident_line(incident, 80) + "\n" +
                       sentence + ".\n";
    const std::string& ic = incident.holder(core::Role::Commander);
    const std::string& comms = incident.holder(core::Role::CommsLead);
    if (ic.empty() && comms.empty()) {
        text +=
            "Nobody is Incident Commander or Comms Lead: take a role with `/incident role ic "
            "me` or `/incident role comms me`, then post an update:";
    } else {
        std::string who = ic.empty() ? "" : user_mention(ic) + " (IC)";
        if (!comms.empty() && comms != ic)
            who += (who.empty() ? "" : ", ") + user_mention(comms) + " (Comms Lead)";
        else if (!comms.empty())
            who += " (also Comms Lead)";
        if (ic.empty()) who += "; nobody is Incident Commander";
        if (comms.empty()) who += "; nobody is Comms Lead";
        text += who + ": please post an update:";
    }
    text += "\n" + std::string(kUpdateTemplate);
    SlackMessage message = block_kit::message(text);
    message.blocks.push_back(reminder_controls(incident));
    // The fallback is what notifications show: the people asked must be in it.
    std::string asked;
    if (!ic.empty()) asked += " " + user_mention(ic);
    if (!comms.empty() && comms != ic) asked += " " + user_mention(comms);
    message.text = "Status update due for " + core::incident_key(incident) +
                   (asked.empty() ? std::string(": nobody holds IC or Comms Lead") : ":" + asked);
    return message;
}

SlackMessage update_reminder_direct(const core::Incident& incident, const UpdateSchedule& schedule,
                                    core::TimePoint now) {
    const auto key = core::incident_key(incident);
    SlackMessage message = block_kit::message(
        ":alarm_clock: *Status update due* · *" + incident_line(incident, 80) +
        "*: " + update_silence(incident, schedule, now) + ". " + closed_channel_note(incident) +
        " It is still open: post an update with `/incident " + key +
        " update status: … | impact: … | actions: … | next update: …`, or resolve it with "
        "`/incident " +
        key + " resolve`, from any channel.");
    message.text = "Status update due for " + key;
    return message;
}

SlackMessage escalation(const core::Incident& incident, int level,
                        const std::vector<std::string>& contacts,
                        std::chrono::seconds unacknowledged_for) {
    std::string text = ":rotating_light: *Escalation level " + std::to_string(level) + "* · " +
                       incident_line(incident, 80) + " (" +
                       std::string(core::to_string(incident.severity)) +
                       ") has not been acknowledged for " + age(unacknowledged_for) + ".\n";
    const std::string who = mentions(contacts);
    text += who.empty() ? std::string(kNoContacts) : who + " please respond:";
    text += " `/incident ack` in this channel, or take IC with the button on the pinned message.";
    SlackMessage message = block_kit::message(text);
    message.text = core::incident_key(incident) + " escalated to level " + std::to_string(level) +
                   ": not acknowledged for " + age(unacknowledged_for) +
                   (who.empty() ? std::string() : " · " + who);
    return message;
}

namespace {

std::string escalated_line(const core::Incident& incident, std::string_view by_user) {
    return ":rotating_light: *Escalation level " + std::to_string(incident.escalation_level) +
           "* · *" + incident_line(incident, 80) + "* (" +
           std::string(core::to_string(incident.severity)) + "): " + user_mention(by_user) +
           " escalated it";
}

}  // namespace

SlackMessage escalated(const core::Incident& incident, const std::vector<std::string>& contacts,
                       std::string_view reason, std::string_view by_user) {
    std::string text = escalated_line(incident, by_user) + ".";
    if (!reason.empty()) text += "\n*Why:* " + escape(reason);
    const std::string who = mentions(contacts);
    text += "\n";
    if (who.empty())
        text += kNoContacts;
    else if (incident.state == core::IncidentState::Declared)
        text += who +
                " please respond: `/incident ack` in this channel, or take IC with the button on "
                "the pinned message.";
    else
        text += who + std::string(kJoinIn);
    SlackMessage message = block_kit::message(text);
    message.text = core::incident_key(incident) + " escalated to level " +
                   std::to_string(incident.escalation_level) + " by " + user_mention(by_user) +
                   (who.empty() ? std::string() : " · " + who);
    return message;
}

SlackMessage paged(const core::Incident& incident, const std::vector<std::string>& people,
                   std::string_view reason, std::string_view by_user) {
    const std::string who = mentions(people);
    std::string text = ":mega: " + user_mention(by_user) + " paged " + who + " into *" +
                       incident_line(incident, 80) + "* (" +
                       std::string(core::to_string(incident.severity)) + ").";
    if (!reason.empty()) text += "\n*Why:* " + escape(reason);
    text += "\n" + who + std::string(kJoinIn);
    SlackMessage message = block_kit::message(text);
    message.text = core::incident_key(incident) + ": " + user_mention(by_user) + " paged " + who;
    return message;
}

SlackMessage paged_direct(const core::Incident& incident, std::string_view reason,
                          std::string_view by_user) {
    const auto key = core::incident_key(incident);
    std::string text = ":mega: " + user_mention(by_user) + " paged you into *" +
                       incident_line(incident, 80) + "* (" +
                       std::string(core::to_string(incident.severity)) + ").";
    if (!reason.empty()) text += " *Why:* " + escape(reason);
    text += " " + closed_channel_note(incident) + " See where it stands with `/incident " + key +
            " status`, from any channel.";
    SlackMessage message = block_kit::message(text);
    message.text = key + ": you are paged";
    return message;
}

SlackMessage escalated_direct(const core::Incident& incident, std::string_view reason,
                              std::string_view by_user) {
    const auto key = core::incident_key(incident);
    std::string text = escalated_line(incident, by_user) + ": you are paged.";
    if (!reason.empty()) text += " *Why:* " + escape(reason);
    text += " " + closed_channel_note(incident) +
            (incident.state == core::IncidentState::Declared
                 ? " Respond with `/incident " + key +
                       " ack`, from any channel (you become IC if nobody is)."
                 : " See where it stands with `/incident " + key + " status`, from any channel.");
    SlackMessage message = block_kit::message(text);
    message.text = key + " escalated to level " + std::to_string(incident.escalation_level) +
                   ": you are paged";
    return message;
}

namespace {

// " (since <date>, 2 h ago)"
std::string postmortem_due_since(const core::Incident& incident, core::TimePoint now) {
    if (!incident.postmortem_due_at) return {};
    const auto late =
        std::chrono::duration_cast<std::chrono::seconds>(now - *incident.postmortem_due_at);
    return " (since " + date_time_token(*incident.postmortem_due_at) +
           (late.count() >= 60 ? ", " + age(late) + " ago" : std::string()) + ")";
}

}  // namespace

SlackMessage postmortem_reminder(const core::Incident& incident, core::TimePoint now) {
    const std::string& ic = incident.holder(core::Role::Commander);
    std::string text =
        ":books: " + (ic.empty() ? std::string("Nobody holds IC:") : user_mention(ic)) +
        " the post-mortem for " + incident_line(incident, 80) + " is due" +
        postmortem_due_since(incident, now) +
        ". When it is written: `/incident postmortem done &lt;link&gt;`.";
    SlackMessage message = block_kit::message(text);
    message.text = "The post-mortem for " + core::incident_key(incident) + " is due" +
                   (ic.empty() ? std::string() : " · " + user_mention(ic));
    return message;
}

SlackMessage escalation_direct(const core::Incident& incident, int level,
                               std::chrono::seconds unacknowledged_for) {
    const auto key = core::incident_key(incident);
    SlackMessage message = block_kit::message(
        ":rotating_light: *Escalation level " + std::to_string(level) + "* · *" +
        incident_line(incident, 80) + "* (" + std::string(core::to_string(incident.severity)) +
        ") has not been acknowledged for " + age(unacknowledged_for) + ": you are paged. " +
        closed_channel_note(incident) + " Respond with `/incident " + key +
        " ack`, from any channel (you become IC if nobody is).");
    message.text = key + " escalated to level " + std::to_string(level) + ": you are paged";
    return message;
}

SlackMessage postmortem_reminder_direct(const core::Incident& incident, core::TimePoint now) {
    SlackMessage message = block_kit::message(
        ":books: The post-mortem for *" + incident_line(incident, 80) + "* is due" +
        postmortem_due_since(incident, now) + ". " + closed_channel_note(incident) +
        " When it is written: `/incident " + core::incident_key(incident) +
        " postmortem done &lt;link&gt;`, from any channel.");
    message.text = "The post-mortem for " + core::incident_key(incident) + " is due";
    return message;
}

}  // namespace messages
