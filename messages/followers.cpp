#include "messages/followers.hpp"

#include "messages/block_kit.hpp"
#include "messages/incident_text.hpp"
#include "messages/mrkdwn.hpp"

namespace messages {

namespace bk = block_kit;

SlackMessage following_reply(const core::Incident& incident, bool on, bool changed) {
    const std::string key = core::incident_key(incident);
    if (!on)
        return bk::message(changed ? "You no longer follow " + key + "."
                                   : "You do not follow " + key + ": nothing changed.");
    std::string text = (changed ? ":bell: You follow *" : ":bell: You already follow *") +
                       incident_line(incident, 80) +
                       "*: a direct message from the app whenever it gets a status update, "
                       "changes severity, is mitigated, resolved or reopened. `/incident " +
                       key + " unfollow` stops them.";
    if (core::is_duplicate(incident))
        text += " It is closed as a duplicate of " + incident.duplicate_of + ": `/incident " +
                incident.duplicate_of + " follow` follows the work.";
    else if (incident.state == core::IncidentState::Resolved)
        text += " It is resolved: you will hear if it reopens.";
    return bk::message(text);
}

bool tells_followers(commands::Announcement::Kind kind) {
    using Kind = commands::Announcement::Kind;
    return kind == Kind::StatusUpdate || kind == Kind::SeverityChanged || kind == Kind::Mitigated ||
           kind == Kind::Resolved || kind == Kind::Reopened || kind == Kind::MarkedDuplicate;
}

SlackMessage follower_message(const core::Incident& incident, const SlackMessage& in_channel) {
    const std::string key = core::incident_key(incident);
    SlackMessage message;
    message.text = key + ": " + in_channel.text;
    message.blocks = nlohmann::json::array();
    std::string where = "You follow *" + incident_line(incident, 80) + "*";
    // A private incident's channel link means nothing to a follower outside it.
    if (!incident.channel_id.empty()) where += " · " + channel_link(incident.channel_id);
    message.blocks.push_back(bk::context(where));
    for (const auto& block : in_channel.blocks)
        // Buttons act on the channel they are in: not in a direct message.
        if (block.value("type", "") != "actions") message.blocks.push_back(block);
    message.blocks.push_back(bk::context("`/incident " + key + " unfollow` stops these messages."));
    if (message.blocks.size() > 50) message = bk::message(cut_mrkdwn(message.text, 3000));
    return message;
}

}  // namespace messages
