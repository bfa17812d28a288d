#include "messages/follow_ups.hpp"

#include "messages/block_kit.hpp"
#include "messages/incident_text.hpp"
#include "messages/mrkdwn.hpp"
#include "messages/time_text.hpp"
#include "messages/utf8.hpp"

namespace messages {

namespace bk = block_kit;

namespace {

std::string with_thousands(std::int64_t n) {
    std::string digits = std::to_string(n);
    for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3)
        digits.insert(static_cast<std::size_t>(i), ",");
    return digits;
}

std::string item_line(const core::ActionItem& a, core::TimePoint now) {
    std::string line = (a.done ? ":white_check_mark: ~" : ":white_square: ") +
                       std::to_string(a.number) + ". " + escape(shorten(a.text, 300)) +
                       (a.done ? "~" : "");
    line += " · " + (a.owner.empty() ? std::string("_no owner_") : user_mention(a.owner));
    if (a.due) {
        line += " · due " + core::to_string(*a.due);
        if (!a.done && core::overdue_at(*a.due) <= now) line += " *(overdue)*";
    }
    return line;
}

}  // namespace

std::string impact_summary(const core::Incident& i) {
    std::string out;
    const auto add = [&](const std::string& part) { out += (out.empty() ? "" : " · ") + part; };
    if (i.users_affected) add(with_thousands(*i.users_affected) + " users");
    if (!i.revenue_lost.empty()) add(escape(i.revenue_lost) + " revenue");
    if (!i.impact_text.empty()) add(escape(shorten(i.impact_text, 500)));
    return out;
}

std::string detection_summary(const core::Incident& i) {
    if (i.detected_by.empty()) return {};
    std::string out = escape(shorten(i.detected_by, 200));
    if (i.detected_at) out += " at " + date_time_token(*i.detected_at);
    return out;
}

SlackMessage impact_recorded(const core::Incident& incident, std::string_view by_user) {
    SlackMessage m =
        bk::message(":chart_with_downwards_trend: *Impact* of " + core::incident_key(incident) +
                    " (recorded by " + user_mention(by_user) + "): " + impact_summary(incident));
    m.text = core::incident_key(incident) + " impact recorded";
    return m;
}

SlackMessage detection_recorded(const core::Incident& incident, std::string_view by_user) {
    SlackMessage m = bk::message(":mag: *Detected* by " + detection_summary(incident) +
                                 " (recorded by " + user_mention(by_user) + ")");
    m.text = core::incident_key(incident) + " detection recorded";
    return m;
}

SlackMessage action_item_changed(const core::Incident& incident, const core::ActionItem& item,
                                 std::string_view what, std::string_view by_user) {
    std::string text = ":clipboard: *Action item " + std::to_string(item.number) + "* " +
                       std::string(what) + " by " + user_mention(by_user) + ": " +
                       escape(shorten(item.text, 500));
    text += "\nOwner: " + (item.owner.empty() ? std::string("_none_") : user_mention(item.owner)) +
            " · Due: " + (item.due ? core::to_string(*item.due) : std::string("_none_")) +
            (item.done ? " · done" : "");
    SlackMessage m = bk::message(text);
    m.text = core::incident_key(incident) + " action item " + std::to_string(item.number) + " " +
             std::string(what);
    return m;
}

SlackMessage action_items_reply(const core::Incident& incident,
                                std::span<const core::ActionItem> items, core::TimePoint now) {
    SlackMessage m{"Action items of " + core::incident_key(incident), nlohmann::json::array()};
    m.blocks.push_back(bk::section("*Action items of " + incident_line(incident) + "*"));
    if (items.empty()) {
        m.blocks.push_back(bk::context(
            "None yet. Add one with `/incident action <text> [@owner] [due YYYY-MM-DD]`."));
        return m;
    }
    std::vector<std::string> lines;
    for (const auto& a : items) lines.push_back(item_line(a, now));
    const std::size_t shown = bk::append_lines(m.blocks, lines, 1);
    if (shown < lines.size())
        m.blocks.push_back(bk::context("_" + std::to_string(lines.size() - shown) +
                                       " more; `/incident export` has them all._"));
    return m;
}

namespace {

SlackMessage overdue_message(const core::Incident& incident, std::string text,
                             std::span<const core::ActionItem> items) {
    for (const auto& a : items) {
        text += "\n• " + std::to_string(a.number) + ". " + escape(shorten(a.text, 200)) + " · " +
                (a.owner.empty() ? std::string("_no owner_") : user_mention(a.owner)) +
                " · was due " + (a.due ? core::to_string(*a.due) : std::string("?"));
    }
    SlackMessage m = bk::message(cut_mrkdwn(text, 2900));
    m.text = core::incident_key(incident) + ": " + std::to_string(items.size()) +
             " action item(s) overdue";
    return m;
}

}  // namespace

SlackMessage action_items_overdue(const core::Incident& incident,
                                  std::span<const core::ActionItem> items) {
    auto m = overdue_message(
        incident, ":alarm_clock: *Overdue action items* of " + core::incident_key(incident), items);
    // The hint last, after the items (in blocks of their own: never cut).
    m.blocks.push_back(bk::context(
        "Mark one done with `/incident action done N`, or move it with `/incident action N "
        "due YYYY-MM-DD`."));
    return m;
}

SlackMessage action_items_overdue_direct(const core::Incident& incident,
                                         std::span<const core::ActionItem> items) {
    const auto key = core::incident_key(incident);
    return overdue_message(incident,
                           ":alarm_clock: *Overdue action items* of *" +
                               incident_line(incident, 80) + "*. " + closed_channel_note(incident) +
                               " Mark one done with `/incident " + key +
                               " action done N`, or move it with `/incident " + key +
                               " action N due YYYY-MM-DD`, from any channel.",
                           items);
}

SlackMessage upload_started_reply(const core::Incident& incident, bool postmortem,
                                  core::ReportFormat format) {
    std::string text;
    if (postmortem) {
        text = "Building the post-mortem draft of " + core::incident_key(incident) +
               "; it will appear in " + channel_link(incident.channel_id) + " as a Markdown file.";
        if (incident.state != core::IncidentState::Resolved)
            text = "This is a draft, the incident is still open. " + text;
    } else {
        text = "Exporting " + core::incident_key(incident) + " as " +
               std::string(core::to_string(format)) + "; the file will appear in " +
               channel_link(incident.channel_id) + ".";
    }
    return bk::message(text);
}

SlackMessage preformatted_reply(std::string_view fallback, std::string_view text) {
    SlackMessage m{std::string(fallback), nlohmann::json::array()};
    m.blocks.push_back(bk::section("```" + escape(shorten(text, 2900)) + "```"));
    return m;
}

}  // namespace messages
