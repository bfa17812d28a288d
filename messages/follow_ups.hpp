#pragma once
// What the channel and the person see of impact, detection, action items,
// exports and stats. `incident` is the state after the change.
#include <span>
#include <string>
#include <string_view>

#include "core/action_item.hpp"
#include "core/clock.hpp"
#include "core/incident.hpp"
#include "core/report_format.hpp"
#include "messages/slack_message.hpp"

namespace messages {

// "15,000 users · $45000 · checkout failing" as mrkdwn; empty when nothing is recorded.
std::string impact_summary(const core::Incident& incident);
// "monitoring_alert at <!date…>" as mrkdwn; empty when not recorded.
std::string detection_summary(const core::Incident& incident);

SlackMessage impact_recorded(const core::Incident& incident, std::string_view by_user);
SlackMessage detection_recorded(const core::Incident& incident, std::string_view by_user);
// `what`: "added", "done", "reopened", "new owner", "new due date".
SlackMessage action_item_changed(const core::Incident& incident, const core::ActionItem& item,
                                 std::string_view what, std::string_view by_user);
// `/incident actions`: number, text, owner, due (overdue marked), done.
SlackMessage action_items_reply(const core::Incident& incident,
                                std::span<const core::ActionItem> items, core::TimePoint now);
// In the channel when open items are past their due date; mentions the owners.
SlackMessage action_items_overdue(const core::Incident& incident,
                                  std::span<const core::ActionItem> items);
// The same, sent to one person directly because the channel is archived:
// the commands it shows name the incident, so they work from any channel.
SlackMessage action_items_overdue_direct(const core::Incident& incident,
                                         std::span<const core::ActionItem> items);
// The ack of `/incident postmortem` / `/incident export`: the file follows.
SlackMessage upload_started_reply(const core::Incident& incident, bool postmortem,
                                  core::ReportFormat format);
// A preformatted block (the stats table) with a one-line fallback.
SlackMessage preformatted_reply(std::string_view fallback, std::string_view text);

}  // namespace messages
