#include "messages/duplicates.hpp"

#include "messages/block_kit.hpp"
#include "messages/incident_text.hpp"
#include "messages/mrkdwn.hpp"

namespace messages {

namespace {

std::string why(std::string_view reason) {
    return reason.empty() ? std::string() : "\n*Why:* " + escape(reason);
}

std::string channel_of(const core::Incident& incident) {
    return incident.channel_id.empty() ? "its channel" : channel_link(incident.channel_id);
}

}  // namespace

std::string other_incident_line(const core::Incident& other) {
    if (other.is_private) return "*" + core::incident_key(other) + "* (a private incident)";
    return "*" + incident_line(other, 80) + "*";
}

SlackMessage marked_duplicate(const core::Incident& incident, const core::Incident& original,
                              std::string_view reason, std::string_view by_user) {
    // A private original is not described in a channel it may not be part of.
    const std::string text =
        ":link: *" + incident_line(incident, 80) + "* is closed as a duplicate of " +
        (incident.is_private ? "*" + incident_line(original, 80) + "*"
                             : other_incident_line(original)) +
        " (marked by " + user_mention(by_user) + ")." + why(reason) + "\nThe work goes on in " +
        channel_of(original) +
        ": join it there. This incident gets no more status update reminders or escalation, and "
        "no post-mortem of its own; `/incident reopen` makes it an incident of its own again.";
    SlackMessage message = block_kit::message(text);
    message.text = core::incident_key(incident) + " is a duplicate of " +
                   core::incident_key(original) + ": the work goes on in " + channel_of(original);
    return message;
}

SlackMessage duplicate_closed(const core::Incident& original, const core::Incident& duplicate,
                              const std::vector<std::string>& people, std::string_view reason,
                              std::string_view by_user) {
    const std::string declared = duplicate.declared_by.empty()
                                     ? std::string()
                                     : ", declared by " + user_mention(duplicate.declared_by);
    std::string text = ":link: " + other_incident_line(duplicate) + " (" +
                       std::string(core::to_string(duplicate.severity)) + declared +
                       ") is closed as a duplicate of this incident (marked by " +
                       user_mention(by_user) + ")." + why(reason);
    if (!people.empty()) {
        text += "\nIts people are invited here:";
        for (std::size_t i = 0; i < people.size(); ++i)
            text += (i == 0 ? " " : ", ") + user_mention(people[i]);
        text += ".";
    }
    if (!duplicate.channel_id.empty())
        text +=
            " Its channel " + channel_link(duplicate.channel_id) + " keeps what was said there.";
    SlackMessage message = block_kit::message(text);
    message.text = core::incident_key(duplicate) + " is closed as a duplicate of " +
                   core::incident_key(original);
    return message;
}

SlackMessage duplicate_reopened(const core::Incident& original, const core::Incident& reopened,
                                std::string_view reason, std::string_view by_user) {
    std::string text = ":leftwards_arrow_with_hook: " + other_incident_line(reopened) +
                       ", closed as a duplicate of this incident, is reopened as an incident of "
                       "its own (by " +
                       user_mention(by_user) + ")." + why(reason);
    if (!reopened.channel_id.empty())
        text += "\nIts work goes on in " + channel_link(reopened.channel_id) + ".";
    SlackMessage message = block_kit::message(text);
    message.text = core::incident_key(reopened) + " is no longer a duplicate of " +
                   core::incident_key(original) + ": it is reopened";
    return message;
}

}  // namespace messages
