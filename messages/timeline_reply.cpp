#include "messages/timeline_reply.hpp"

#include <algorithm>
#include <vector>

#include "core/escalation.hpp"
#include "messages/block_kit.hpp"
#include "messages/incident_text.hpp"
#include "messages/mrkdwn.hpp"
#include "messages/utf8.hpp"

namespace messages {

namespace bk = block_kit;

std::string event_label(core::EventKind kind) {
    switch (kind) {
        case core::EventKind::Declared:
            return "Declared";
        case core::EventKind::Acknowledged:
            return "Acknowledged";
        case core::EventKind::RoleAssigned:
            return "Role";
        case core::EventKind::Update:
            return "Update";
        case core::EventKind::SeverityChanged:
            return "Severity";
        case core::EventKind::Note:
            return "Note";
        case core::EventKind::Resolved:
            return "Resolved";
        case core::EventKind::ReminderSent:
            return "Reminder";
        case core::EventKind::EscalationSent:
            return "Escalation";
        case core::EventKind::PostmortemDue:
            return "Post-mortem due";
        case core::EventKind::PostmortemDone:
            return "Post-mortem done";
        case core::EventKind::ImpactRecorded:
            return "Impact";
        case core::EventKind::DetectionRecorded:
            return "Detection";
        case core::EventKind::ActionItem:
            return "Action item";
        case core::EventKind::Reopened:
            return "Reopened";
        case core::EventKind::Snoozed:
            return "Snoozed";
        case core::EventKind::CommsPosted:
            return "Stakeholder update";
        case core::EventKind::Message:
            return "Message";
        case core::EventKind::Renamed:
            return "Renamed";
        case core::EventKind::RoleUnassigned:
            return "Role";
        case core::EventKind::Mitigated:
            return "Mitigated";
        case core::EventKind::DuplicateOf:
            return "Duplicate of";
        case core::EventKind::DuplicateClosed:
            return "Duplicate closed";
        case core::EventKind::DuplicateReopened:
            return "Duplicate reopened";
        case core::EventKind::Paged:
            return "Paged";
    }
    return "Event";
}

namespace {
// The entry's text as Slack shows it: typed text escaped; the people an
// escalation paged as mentions (this reply is ephemeral: nobody is pinged).
std::string typed_text(std::string text) {
    for (char& c : text)
        if (c == '\n') c = ' ';
    return escape(shorten(text, kMaxTimelineEntryText));
}

std::string entry_text(const core::TimelineEvent& event) {
    if (event.kind == core::EventKind::EscalationSent || event.kind == core::EventKind::Paged)
        if (const auto paged = core::parse_escalation_event(event.text)) {
            const auto show = [](const std::string& id) { return contact_mention(id); };
            // "*Paged* @carol", "*Escalation* level 2: @carol".
            return (event.kind == core::EventKind::Paged
                        ? core::describe_contacts(paged->contacts, show)
                        : core::describe(*paged, show)) +
                   (paged->reason.empty() ? std::string() : " · " + typed_text(paged->reason));
        }
    return typed_text(event.text);
}

std::string line_for(const core::TimelineEvent& event) {
    const std::string text = entry_text(event);
    return date_time_token(event.at) + " · " +
           (event.actor.empty() ? std::string("incident-bot") : user_mention(event.actor)) +
           " · *" + event_label(event.kind) + "*" + (text.empty() ? "" : " " + text) +
           (event.kind == core::EventKind::RoleUnassigned
                ? " → nobody (was " + user_mention(event.subject) + ")"
            : event.subject.empty() ? std::string()
                                    : " → " + user_mention(event.subject)) +
           (event.link.empty() ? std::string() : " " + web_link(event.link, "(open)"));
}
}  // namespace

SlackMessage timeline_reply(const core::Incident& incident,
                            std::span<const core::TimelineEvent> events, std::size_t total) {
    const std::string key = core::incident_key(incident);
    total = std::max(total, events.size());
    SlackMessage message{"Timeline of " + key + " (" + std::to_string(total) + " entries)",
                         nlohmann::json::array()};
    message.blocks.push_back(bk::section("*Timeline of " + incident_line(incident) + "*"));
    if (events.empty()) {
        message.blocks.push_back(bk::context("Nothing recorded yet."));
        return message;
    }
    std::vector<std::string> lines;
    lines.reserve(events.size());
    for (const auto& event : events) lines.push_back(line_for(event));

    // Find how many of the latest entries fit (one block kept for the note),
    // then lay them out oldest first.
    nlohmann::json trial = message.blocks;
    const std::vector<std::string> newest_first(lines.rbegin(), lines.rend());
    const std::size_t fit = bk::append_lines(trial, newest_first, 1);
    const std::vector<std::string> shown(lines.end() - static_cast<std::ptrdiff_t>(fit),
                                         lines.end());
    const std::size_t left_out = total - fit;
    if (left_out > 0)
        message.blocks.push_back(bk::context("_" + std::to_string(left_out) +
                                             " earlier entries left out; showing the latest " +
                                             std::to_string(fit) + "._"));
    bk::append_lines(message.blocks, shown);
    return message;
}

}  // namespace messages
