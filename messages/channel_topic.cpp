#include "messages/channel_topic.hpp"

#include "messages/incident_text.hpp"
#include "messages/mrkdwn.hpp"
#include "messages/utf8.hpp"

namespace messages {

std::string channel_topic(const core::Incident& incident) {
    const std::string& ic = incident.holder(core::Role::Commander);
    const std::string fixed =
        std::string(core::to_string(incident.severity)) + " · " + state_label(incident) +
        " · IC: " + (ic.empty() ? std::string("nobody yet") : user_mention(ic)) + " · " +
        core::incident_key(incident) + " ";
    const std::size_t used = code_points(fixed);
    if (used >= kMaxTopic) return cut_mrkdwn(fixed, kMaxTopic);
    return fixed + cut_mrkdwn(escape(incident.title), kMaxTopic - used);
}

}  // namespace messages
