#include "messages/comms_drafts.hpp"

#include "messages/action_ids.hpp"
#include "messages/block_kit.hpp"
#include "messages/follow_ups.hpp"
#include "messages/mrkdwn.hpp"
#include "messages/utf8.hpp"

namespace messages {

namespace bk = block_kit;

namespace {

std::string or_text(const std::string& value, std::string_view otherwise) {
    return value.empty() ? "_" + std::string(otherwise) + "_" : escape(value);
}

// The company hears all of the recorded impact (users, revenue, text);
// customers only what it says (or the last update's impact field).
std::string internal_impact(const core::Incident& i, const CommsFacts& f) {
    const std::string recorded = impact_summary(i);
    return recorded.empty() ? or_text(shorten(f.update_impact, 500), "being assessed") : recorded;
}

std::string external_impact(const core::Incident& i, const CommsFacts& f) {
    return or_text(shorten(i.impact_text.empty() ? f.update_impact : i.impact_text, 500),
                   "being assessed");
}

std::string internal_text(const core::Incident& i, const CommsFacts& f) {
    return "*Subject:* [" + std::string(core::to_string(i.severity)) + "] Production Incident - " +
           escape(i.title) + "\n" + "*Impact:* " + internal_impact(i, f) + "\n" +
           (f.update_status.empty()
                ? std::string()
                : "*Current status:* " + escape(shorten(f.update_status, 500)) + "\n") +
           "*Started:* " + date_time_token(i.declared_at) + "\n" +
           (i.mitigated_at ? "*Mitigated:* " + date_time_token(*i.mitigated_at) + "\n"
                           : std::string()) +
           "*Incident channel:* " +
           (i.channel_id.empty() ? std::string("_being created_") : channel_link(i.channel_id)) +
           "\n" + "*Status page:* " + or_text(f.status_page_url, "not configured") + "\n" +
           "*Incident Commander:* " + holder_mention(i.holder(core::Role::Commander)) + "\n" +
           "*Tech Lead:* " + holder_mention(i.holder(core::Role::TechLead)) + "\n" + "*Updates:* " +
           cadence_text(f.schedule.cadence) +
           (f.schedule.next_due ? "; next " + time_token(*f.schedule.next_due) : std::string());
}

std::string external_text(const core::Incident& i, const CommsFacts& f) {
    const bool resolved = i.state == core::IncidentState::Resolved;
    const bool mitigated = core::is_mitigated(i);
    std::string text =
        "*Service Disruption Notice*\n" +
        std::string(resolved || mitigated ? "We experienced" : "We are currently experiencing") +
        " a service disruption: " + escape(i.title) + ".\n" + "*Affected services:* " +
        external_impact(i, f) + "\n" + "*Started:* " + date_time_token(i.declared_at) + "\n";
    if (resolved)
        text += "*Resolved:* " +
                (i.resolved_at ? date_time_token(*i.resolved_at) : std::string("yes")) + "\n";
    else if (mitigated)
        text += "*Mitigated:* " + date_time_token(*i.mitigated_at) +
                ": the service is working again and we are monitoring it; we will post an "
                "update " +
                (f.schedule.next_due ? "by " + time_token(*f.schedule.next_due)
                                     : std::string("when it is resolved")) +
                "\n";
    else
        text += "*Estimated resolution:* not yet known; we will post an update " +
                (f.schedule.next_due ? "by " + time_token(*f.schedule.next_due)
                                     : std::string("as soon as we know more")) +
                "\n";
    text += "*Status page:* " + or_text(f.status_page_url, "not configured");
    return text;
}

}  // namespace

std::string_view audience_key(commands::Audience audience) {
    return audience == commands::Audience::Internal ? "internal" : "external";
}

SlackMessage comms_draft(const core::Incident& incident, commands::Audience audience,
                         const CommsFacts& facts) {
    const std::string text = audience == commands::Audience::Internal
                                 ? internal_text(incident, facts)
                                 : external_text(incident, facts);
    SlackMessage message{"", nlohmann::json::array()};
    for (auto& block : bk::sections(text)) message.blocks.push_back(block);
    message.text = cut_mrkdwn(
        std::string(audience == commands::Audience::Internal ? "Stakeholder update (internal) for "
                                                             : "Service Disruption Notice for ") +
            core::incident_key(incident),
        300);
    return message;
}

SlackMessage comms_post(const core::Incident& incident, commands::Audience audience,
                        const CommsFacts& facts, std::string_view posted_by) {
    SlackMessage message = comms_draft(incident, audience, facts);
    message.blocks.push_back(bk::context("Posted by " + user_mention(posted_by) + " · " +
                                         core::incident_key(incident) + " " +
                                         std::string(audience_key(audience)) + " update"));
    return message;
}

SlackMessage comms_posted_reply(const core::Incident& incident, commands::Audience audience,
                                std::string_view where, core::TimePoint at, bool again) {
    const std::string what = "The " + std::string(audience_key(audience)) + " update for " +
                             core::incident_key(incident);
    return bk::message(
        again ? what + " was already posted " + std::string(where) + " at " + time_token(at) +
                    ", and nothing has been recorded since: it was not posted again. "
                    "`/incident comms` drafts a new one."
              : ":white_check_mark: " + what + " was posted " + std::string(where) + " at " +
                    time_token(at) + ".");
}

SlackMessage comms_draft_reply(const core::Incident& incident, commands::Audience audience,
                               const CommsFacts& facts, bool announce_channel) {
    SlackMessage message = comms_draft(incident, audience, facts);
    message.blocks.insert(
        message.blocks.begin(),
        bk::context("Draft " + std::string(audience_key(audience)) + " update for " +
                    core::incident_key(incident) + ": only you can see it. Copy it, or post it:"));
    const std::string value = action_ids::encode_comms(incident.id, audience_key(audience));
    nlohmann::json buttons = nlohmann::json::array();
    if (announce_channel)
        buttons.push_back(
            bk::button("Post to the announcement channel", action_ids::kCommsPostAnnounce, value));
    buttons.push_back(bk::button("Post here", action_ids::kCommsPostHere, value));
    message.blocks.push_back(bk::actions("incident.comms:" + value, std::move(buttons)));
    return message;
}

}  // namespace messages
