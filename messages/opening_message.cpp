#include "messages/opening_message.hpp"

#include "messages/action_ids.hpp"
#include "messages/alert_messages.hpp"
#include "messages/block_kit.hpp"
#include "messages/follow_ups.hpp"
#include "messages/mrkdwn.hpp"
#include "messages/utf8.hpp"

namespace messages {

namespace bk = block_kit;

std::string take_role_label(core::Role role) {
    return "I'll be " + std::string(core::role_short(role));
}

nlohmann::json post_update_button(const core::Incident& incident) {
    auto button =
        bk::button("Post an update", action_ids::kOpenUpdateForm, std::to_string(incident.id));
    button["style"] = "primary";
    return button;
}

namespace {

std::vector<std::string> summary_fields(const core::Incident& incident,
                                        const UpdateSchedule& schedule) {
    std::vector<std::string> out{
        "*Severity*\n" + severity_label(incident.severity),
        "*State*\n" + state_since(incident),
        "*Declared by*\n" + holder_mention(incident.declared_by),
        "*Declared at*\n" + date_time_token(incident.declared_at),
    };
    if (incident.is_private) out.push_back("*Visibility*\n:lock: private");
    if (const auto impact = impact_summary(incident); !impact.empty())
        out.push_back("*Impact*\n" + impact);
    if (const auto detection = detection_summary(incident); !detection.empty())
        out.push_back("*Detected*\n" + detection);
    // Without a cadence, the next update is due only when an update said when.
    if (incident.state != core::IncidentState::Resolved &&
        (schedule.cadence || schedule.next_due)) {
        if (schedule.cadence) out.push_back("*Status updates*\n" + cadence_text(schedule.cadence));
        // No "in 12 min": this message stays pinned and would go stale.
        out.push_back("*Next update due*\n" +
                      (schedule.next_due ? time_token(*schedule.next_due) : "none scheduled"));
        if (incident.snoozed_until)
            out.push_back("*Reminders*\nsnoozed until " + time_token(*incident.snoozed_until));
    }
    return out;
}

nlohmann::json role_controls(const core::Incident& incident, core::Role role) {
    const action_ids::RoleTarget target{incident.id, role};
    return bk::actions(
        action_ids::role_block_id(target),
        nlohmann::json::array({bk::button(take_role_label(role), action_ids::kTakeRole,
                                          action_ids::encode_role_target(target)),
                               bk::users_select(action_ids::kAssignRole, "Assign someone…")}));
}

std::string resolution_text(const core::Incident& incident) {
    std::string text;
    if (incident.mitigated_at)
        text += "*Mitigated* " + date_time_token(*incident.mitigated_at) + "\n";
    text += "*Resolved*";
    if (incident.resolved_at) text += " " + date_time_token(*incident.resolved_at);
    text += "\n" + (incident.resolution.empty() ? std::string("_No resolution given._")
                                                : escape(incident.resolution));
    if (!incident.postmortem_link.empty())
        text += "\n*Post-mortem:* " + escape(incident.postmortem_link);
    else if (incident.postmortem_due_at)
        text += "\n*Post-mortem due* " + date_time_token(*incident.postmortem_due_at);
    return text;
}

}  // namespace

SlackMessage opening_message(const core::Incident& incident, const UpdateSchedule& schedule,
                             const std::vector<alerts::Alert>& alerts, std::size_t more_alerts) {
    const bool resolved = incident.state == core::IncidentState::Resolved;
    const std::string key = core::incident_key(incident);
    nlohmann::json blocks = nlohmann::json::array();
    const std::string heading = key + " · " + incident.title;
    blocks.push_back(bk::header(heading));
    // The header holds 150 characters; a long title is shown whole below it.
    if (code_points(heading) > bk::kMaxHeader)
        for (auto& block : bk::sections("*Title:* " + escape(incident.title)))
            blocks.push_back(block);
    blocks.push_back(bk::fields(summary_fields(incident, schedule)));
    if (resolved)
        for (auto& block : bk::sections(resolution_text(incident))) blocks.push_back(block);
    if (!alerts.empty()) {
        blocks.push_back(bk::section("*Alerts*"));
        // The roles and controls below need 11 blocks; the alerts take what is left.
        const auto lines = alert_lines(alerts);
        const auto shown = bk::append_lines(blocks, lines, 13, 6000);
        const auto hidden = (lines.size() - shown) / 2 + more_alerts;
        if (hidden > 0)
            blocks.push_back(bk::context(std::to_string(hidden) + " more alert(s) not shown"));
    }
    blocks.push_back(bk::divider());
    for (const core::Role role : core::kAllRoles) {
        blocks.push_back(bk::section("*" + std::string(core::role_name(role)) + "*\n" +
                                         holder_mention(incident.holder(role)),
                                     "incident.role_holder:" + std::string(core::role_key(role))));
        if (!resolved) blocks.push_back(role_controls(incident, role));
    }
    if (!resolved) {
        // The pinned message is where people look first: the update form is
        // one click from it, as it is from every reminder.
        blocks.push_back(bk::actions(action_ids::controls_block_id(incident.id),
                                     nlohmann::json::array({post_update_button(incident)})));
    }
    blocks.push_back(bk::context(resolved ? std::string("This incident is resolved.")
                                          : "Or `/incident update &lt;text&gt;`; everything else: "
                                            "`/incident help`."));

    std::string text = key + " " + escape(incident.title) + " · " +
                       std::string(core::to_string(incident.severity)) + " · " +
                       state_label(incident);
    return SlackMessage{cut_mrkdwn(text, 3000), std::move(blocks)};
}

}  // namespace messages
