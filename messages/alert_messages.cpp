#include "messages/alert_messages.hpp"

#include "messages/block_kit.hpp"
#include "messages/mrkdwn.hpp"

namespace messages {

namespace bk = block_kit;

namespace {

std::string labels_line(const alerts::LabelSet& labels) {
    std::string out;
    for (const auto& [k, v] : labels) out += (out.empty() ? "" : ", ") + k + "=" + v;
    return escape(out);
}

std::string status_word(alerts::Status s) {
    return s == alerts::Status::Firing ? ":red_circle: *firing*"
                                       : ":large_green_circle: *resolved*";
}

std::string alert_line(const alerts::Alert& alert) {
    std::string line = status_word(alert.status) + " `" + escape(alert_note(alert)) + "`";
    if (const auto summary = alert.annotations.find("summary");
        summary != alert.annotations.end() && !summary->second.empty())
        line += " " + escape(summary->second);
    if (const auto source = web_link(alert.generator_url, "source"); !source.empty())
        line += " (" + source + ")";
    return line;
}

}  // namespace

std::string alert_note(const alerts::Alert& alert) {
    return alerts::describe(alert) + " " + std::string(alerts::to_string(alert.status));
}

SlackMessage alert_details(const alerts::AlertGroup& group, const std::string& previous_key) {
    std::string head = "*Declared by Alertmanager* (receiver " + escape(group.receiver) + ")";
    if (!group.group_labels.empty()) head += "\nGroup: " + labels_line(group.group_labels);
    if (!previous_key.empty())
        head += "\nThis group fired before: " + escape(previous_key) + " was resolved.";
    if (const auto am = web_link(group.external_url, "Alertmanager"); !am.empty())
        head += "\n" + am;
    nlohmann::json blocks = nlohmann::json::array();
    bk::append(blocks, bk::section(head));
    const auto lines = alert_lines(group.alerts);
    const auto shown = bk::append_lines(blocks, lines, 1);
    const auto hidden =
        (lines.size() - shown) / 2 + static_cast<std::size_t>(group.truncated_alerts);
    if (hidden > 0)
        bk::append(blocks, bk::context(std::to_string(hidden) + " more alert(s) not shown"));
    return SlackMessage{
        "Declared by Alertmanager: " + std::to_string(group.alerts.size()) + " alert(s)", blocks};
}

std::vector<std::string> alert_lines(const std::vector<alerts::Alert>& alerts) {
    std::vector<std::string> lines;
    for (const auto& alert : alerts) {
        lines.push_back(alert_line(alert));
        lines.push_back("> " + labels_line(alert.labels));
    }
    return lines;
}

SlackMessage alert_changes(const std::vector<alerts::Alert>& changed) {
    std::string text = "*Alertmanager:*";
    for (const auto& alert : changed) text += "\n" + alert_line(alert);
    return bk::message(text);
}

SlackMessage alerts_all_resolved(bool auto_resolved) {
    return bk::message(auto_resolved
                           ? ":large_green_circle: All alerts resolved; the incident is resolved "
                             "(ALERT_AUTO_RESOLVE=true)."
                           : ":large_green_circle: All alerts resolved. If the impact has "
                             "stopped: `/incident mitigated`; once the cause is fixed: "
                             "`/incident resolve`.");
}

SlackMessage alert_incident_announcement(const core::Incident& incident) {
    return bk::message(":rotating_light: " + core::incident_key(incident) + " " +
                       std::string(core::to_string(incident.severity)) + " " +
                       escape(incident.title) + " declared from an alert: " +
                       (incident.channel_id.empty()
                            ? std::string("its channel could not be created")
                            : channel_link(incident.channel_id)));
}

}  // namespace messages
