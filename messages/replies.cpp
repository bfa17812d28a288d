#include "messages/replies.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "messages/block_kit.hpp"
#include "messages/follow_ups.hpp"
#include "messages/mrkdwn.hpp"
#include "messages/time_text.hpp"

namespace messages {

namespace bk = block_kit;

namespace {

std::string one_line(std::string_view text) {
    std::string line(text);
    for (char& c : line)
        if (c == '\n' || c == '\r') c = ' ';
    return line;
}

}  // namespace

SlackMessage help_reply() {
    const std::string text =
        "*`/incident` commands*\n"
        "*Anywhere*\n"
        "`/incident SEV1 Payment processing down` declare an incident (SEV1–SEV4, P0–P3, or "
        "critical, high, medium, low)\n"
        "`/incident declare P0 &lt;title&gt;` the same, spelled out\n"
        "`/incident SEV1 --private &lt;title&gt;` a private incident: private channel, not "
        "announced\n"
        "`/incident` alone (or `/incident declare`, or a severity with no title) opens a "
        "form to declare\n"
        "`/incident list` open incidents\n"
        "`/incident help` this help\n"
        "`/incident stats [30d|90d|all]` MTTA, MTTR and post-mortems per severity\n"
        "*In an incident channel*, or anywhere after the incident's id: `/incident "
        "INC-2026-001 postmortem done &lt;link&gt;` (`/incident INC-2026-001` alone: its "
        "status)\n"
        "`/incident ack` acknowledge; you become IC if nobody is\n"
        "`/incident role ic|tech|comms|scribe @user` assign a role (`me` for yourself, `none` to "
        "leave it to nobody)\n"
        "`/incident update &lt;text&gt;` post a status update, free text or "
        "`status: … | impact: … | actions: …`, ending in `| next update: 30m` to say when the "
        "next comes; `/incident update` alone opens a form\n"
        "`/incident severity SEV2` change the severity (the update cadence follows)\n"
        "`/incident escalate [why]` page the next level of the escalation contacts now\n"
        "`/incident page @name [why]` bring someone in now: invited and mentioned\n"
        "`/incident note &lt;text&gt;` add a timeline entry\n"
        "`/incident rename &lt;title&gt;` give the incident a better title (the channel keeps "
        "its name)\n"
        "`/incident mitigated [what stopped it] [at 14:20]` the impact has stopped (at that UTC "
        "time); it stays open until resolved\n"
        "`/incident resolve [resolution]` resolve the incident\n"
        "`/incident duplicate INC-2026-004 [why]` close this one as a duplicate: its people go "
        "to that incident's channel\n"
        "`/incident follow` (or `unfollow`) a direct message whenever it gets an update, changes "
        "severity, is mitigated, resolved or reopened, without joining the channel\n"
        "`/incident status` severity, state, roles, next update due\n"
        "`/incident timeline` everything that happened, oldest first\n"
        "`/incident impact users: 15000 | revenue: $45000 | &lt;text&gt;` record the impact\n"
        "`/incident detected monitoring_alert [at 14:15]` record how and when it was detected\n"
        "`/incident action &lt;text&gt; [@owner] [due 2026-01-20|due 3d]` add an action item "
        "(or the owner first: `/incident action add @bob &lt;text&gt;`)\n"
        "`/incident actions` list them · `/incident action done|undone N` · "
        "`/incident action N owner @user` · `/incident action N due …`\n"
        "`/incident postmortem` upload the post-mortem draft (Markdown) to the channel\n"
        "`/incident export [md|json|yaml]` upload the whole incident as a file\n"
        "`/incident postmortem done &lt;link&gt;` mark the post-mortem written\n"
        "`/incident reopen [reason]` reopen a resolved incident (reminders and escalation start "
        "again)\n"
        "`/incident snooze 30m|1h|2h` no update reminder until then (escalation goes on)\n"
        "`/incident comms internal|external` draft a stakeholder update, then post it\n"
        "React with :pushpin: to a message here, or pin it, to put it on the timeline "
        "(take it away to remove it)";
    SlackMessage message = bk::message(text);
    message.text =
        "/incident commands: declare, list, help, ack, role, update, severity, note, "
        "resolve, status, timeline, impact, detected, action, actions, postmortem, export, "
        "stats, reopen, snooze, comms, rename, mitigated, escalate, page, duplicate, follow";
    return message;
}

SlackMessage list_reply(std::span<const core::Incident> open_incidents, core::TimePoint now,
                        std::size_t total, std::string_view viewer_channel) {
    if (open_incidents.empty()) return bk::message("No open incidents. :tada:");
    total = std::max(total, open_incidents.size());
    SlackMessage message{"Open incidents: " + std::to_string(total), nlohmann::json::array()};
    message.blocks.push_back(bk::section("*Open incidents (" + std::to_string(total) + ")*"));
    std::vector<std::string> lines;
    std::size_t hidden_private = 0;
    for (const core::Incident& incident : open_incidents) {
        if (incident.is_private &&
            (incident.channel_id.empty() || incident.channel_id != viewer_channel)) {
            ++hidden_private;
            continue;
        }
        std::string line = "*" + core::incident_key(incident) + "* " + escape(incident.title) +
                           " · " + std::string(core::to_string(incident.severity)) + " · " +
                           state_label(incident);
        line += " · " + (incident.channel_id.empty() ? std::string("_channel being created_")
                                                     : channel_link(incident.channel_id));
        line += " · open " +
                age(std::chrono::duration_cast<std::chrono::seconds>(now - incident.declared_at));
        lines.push_back(cut_mrkdwn(line, 400));
    }
    const std::size_t shown = bk::append_lines(message.blocks, lines, 2);
    if (hidden_private > 0)
        message.blocks.push_back(bk::context(
            ":lock: " + std::to_string(hidden_private) + " private incident" +
            (hidden_private == 1 ? "" : "s") + " not named here: only their members see them."));
    if (shown + hidden_private < total)
        message.blocks.push_back(bk::context(
            "…and " + std::to_string(total - shown - hidden_private) + " more not shown."));
    return message;
}

SlackMessage status_reply(const core::Incident& incident, const UpdateSchedule& schedule,
                          core::TimePoint now) {
    SlackMessage message{"Status of " + core::incident_key(incident), nlohmann::json::array()};
    message.blocks.push_back(bk::section("*" + incident_line(incident) + "*"));
    std::vector<std::string> fields{
        "*Severity*\n" + severity_label(incident.severity),
        "*State*\n" + state_since(incident),
        "*Declared*\n" + date_time_token(incident.declared_at) + " (" +
            age(std::chrono::duration_cast<std::chrono::seconds>(now - incident.declared_at)) +
            " ago)",
        "*Last update*\n" + (incident.last_update_at
                                 ? date_time_token(*incident.last_update_at) + " (" +
                                       age(std::chrono::duration_cast<std::chrono::seconds>(
                                           now - *incident.last_update_at)) +
                                       " ago)"
                                 : std::string("none yet")),
    };
    if (incident.state == core::IncidentState::Resolved && incident.mitigated_at)
        fields.push_back("*Mitigated*\n" + date_time_token(*incident.mitigated_at));
    if (incident.state == core::IncidentState::Resolved)
        fields.push_back("*Resolved*\n" + (incident.resolved_at
                                               ? date_time_token(*incident.resolved_at)
                                               : std::string("yes")));
    else
        fields.push_back("*Next update due*\n" + (schedule.next_due
                                                      ? next_update_text(schedule, now)
                                                      : cadence_text(schedule.cadence)));
    if (!incident.postmortem_link.empty())
        fields.push_back("*Post-mortem*\n" + escape(incident.postmortem_link));
    else if (incident.postmortem_due_at && incident.state == core::IncidentState::Resolved)
        fields.push_back("*Post-mortem due*\n" + date_time_token(*incident.postmortem_due_at) +
                         (*incident.postmortem_due_at < now ? " (overdue)" : ""));
    if (const auto impact = impact_summary(incident); !impact.empty())
        fields.push_back("*Impact*\n" + impact);
    if (const auto detection = detection_summary(incident); !detection.empty())
        fields.push_back("*Detected*\n" + detection);
    message.blocks.push_back(bk::fields(fields));
    std::vector<std::string> roles;
    for (const core::Role role : core::kAllRoles)
        roles.push_back("*" + std::string(core::role_name(role)) + "*\n" +
                        holder_mention(incident.holder(role)));
    message.blocks.push_back(bk::fields(roles));
    return message;
}

SlackMessage declaring_reply(const core::Incident& incident) {
    return bk::message("Declaring *" + incident_line(incident) +
                       "* — your channel is being created…");
}

SlackMessage channel_link_reply(const core::Incident& incident) {
    return bk::message(core::incident_key(incident) + " is open in " +
                       channel_link(incident.channel_id));
}

SlackMessage error_reply(std::string_view message) {
    return bk::message(":warning: " + escape(one_line(message)));
}

SlackMessage role_lookup_reply(core::Role role, std::string_view name) {
    return bk::message("Looking up @" + escape(std::string(name)) +
                       " in the workspace: they become *" + std::string(core::role_name(role)) +
                       "* as soon as Slack confirms who that is (you will hear if nobody is).");
}

SlackMessage owner_lookup_reply(std::string_view name) {
    return bk::message("Looking up @" + escape(std::string(name)) +
                       " in the workspace: the action item is saved with them as its owner as "
                       "soon as Slack confirms who that is (you will hear if nobody is).");
}

SlackMessage not_in_incident_channel_reply(std::string_view command_name) {
    std::string name(command_name);
    for (char& c : name)
        if (c == '\n' || c == '\r' || c == '`') c = ' ';
    return bk::message("`/incident " + escape(name) +
                       "` only works in an incident channel, or anywhere after the incident's id "
                       "(`/incident INC-2026-001 " +
                       escape(name) + " …`). See `/incident list` for open incidents.");
}

SlackMessage named_change_reply(const core::Incident& incident, std::string_view command_name) {
    return bk::message(":white_check_mark: Done: `" + escape(std::string(command_name)) + "` on *" +
                       incident_line(incident) + "* (" + channel_link(incident.channel_id) + ").");
}

SlackMessage notice_reply(std::string_view notice, const std::optional<SlackMessage>& done) {
    SlackMessage message = bk::message(":information_source: " + escape(one_line(notice)));
    if (!done) return message;
    SlackMessage both = *done;
    for (const auto& block : message.blocks) both.blocks.push_back(block);
    both.text += " " + message.text;
    return both;
}

}  // namespace messages
