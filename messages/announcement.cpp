#include "messages/announcement.hpp"

#include "messages/block_kit.hpp"
#include "messages/duplicates.hpp"
#include "messages/incident_text.hpp"
#include "messages/mrkdwn.hpp"
#include "messages/time_text.hpp"
#include "messages/utf8.hpp"

namespace messages {

namespace bk = block_kit;

namespace {

std::string state_emoji(const core::Incident& incident) {
    if (core::is_mitigated(incident)) return ":large_yellow_circle:";
    if (core::is_duplicate(incident)) return ":link:";
    return incident.state == core::IncidentState::Resolved ? ":large_green_circle:"
                                                           : ":red_circle:";
}

}  // namespace

SlackMessage announcement(const core::Incident& incident, std::string_view last_status) {
    const std::string key = core::incident_key(incident);
    nlohmann::json blocks = nlohmann::json::array();
    blocks.push_back(bk::header(key + " · " + incident.title));
    std::vector<std::string> fields{
        "*Severity*\n" + severity_label(incident.severity),
        "*State*\n" + state_emoji(incident) + " " + state_label(incident),
        "*Incident Commander*\n" + holder_mention(incident.holder(core::Role::Commander)),
        "*Channel*\n" + (incident.channel_id.empty() ? std::string("_being created_")
                                                     : channel_link(incident.channel_id)),
        // When, and how long ago: the time since declare, current whenever read.
        "*Declared*\n" + date_time_ago_token(incident.declared_at),
    };
    if (incident.resolved_at)
        fields.push_back("*Resolved after*\n" +
                         age(std::chrono::duration_cast<std::chrono::seconds>(
                             *incident.resolved_at - incident.declared_at)));
    blocks.push_back(bk::fields(fields));
    blocks.push_back(
        bk::section("*Last status:* " + (last_status.empty() ? std::string("_no update yet_")
                                                             : escape(shorten(last_status, 500)))));
    std::string text = key + " " + escape(shorten_at_word(incident.title, 150)) + " · " +
                       std::string(core::to_string(incident.severity)) + " · " +
                       state_label(incident);
    return SlackMessage{cut_mrkdwn(text, 3000), std::move(blocks)};
}

bool goes_to_announcement_thread(commands::Announcement::Kind kind, bool announce_updates) {
    using Kind = commands::Announcement::Kind;
    return kind == Kind::SeverityChanged || kind == Kind::Mitigated || kind == Kind::Resolved ||
           kind == Kind::Reopened || kind == Kind::MarkedDuplicate ||
           kind == Kind::DuplicateClosed || kind == Kind::DuplicateReopened ||
           (kind == Kind::StatusUpdate && announce_updates);
}

SlackMessage announcement_reply(const commands::Announcement& a, const core::Incident& incident,
                                std::string_view by_user) {
    using Kind = commands::Announcement::Kind;
    const std::string key = core::incident_key(incident);
    std::string text;
    switch (a.kind) {
        case Kind::SeverityChanged:
            text = ":rotating_light: Severity " + std::string(core::to_string(a.from)) + " → *" +
                   severity_label(incident.severity) + "* (by " + user_mention(by_user) + ")";
            break;
        case Kind::Mitigated:
            text = ":large_yellow_circle: *Mitigated* (marked by " + user_mention(by_user) + ")";
            if (!a.text.empty()) text += ": " + escape(a.text);
            break;
        case Kind::Resolved:
            text = ":large_green_circle: *Resolved* by " + user_mention(by_user);
            if (!incident.resolution.empty()) text += ": " + escape(incident.resolution);
            break;
        case Kind::Reopened:
            text = ":red_circle: *Reopened* by " + user_mention(by_user);
            if (!a.text.empty()) text += ": " + escape(a.text);
            break;
        case Kind::MarkedDuplicate:
            text = ":link: *Duplicate of* " + other_incident_line(a.other) + " (marked by " +
                   user_mention(by_user) + ")";
            if (!a.text.empty()) text += ": " + escape(a.text);
            break;
        case Kind::DuplicateClosed:
            text = ":link: " + other_incident_line(a.other) +
                   " is closed as its duplicate (marked by " + user_mention(by_user) + ")";
            break;
        case Kind::DuplicateReopened:
            text = ":leftwards_arrow_with_hook: " + other_incident_line(a.other) +
                   ", closed as its duplicate, is reopened (by " + user_mention(by_user) + ")";
            break;
        default:
            text = key + ": " + escape(a.text);
            break;
    }
    SlackMessage message = bk::message(text);
    message.text = cut_mrkdwn(key + " · " + text, 3000);
    return message;
}

}  // namespace messages
