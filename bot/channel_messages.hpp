#pragma once
// From a decided change to the Block Kit the channel sees: which renderer in
// messages/ an announcement uses, and the update schedule the runbook implies.
#include <string>

#include "commands/decide.hpp"
#include "core/clock.hpp"
#include "core/incident.hpp"
#include "core/runbook.hpp"
#include "messages/incident_text.hpp"
#include "messages/slack_message.hpp"

namespace bot {

// The cadence of the incident's severity and when the next update is due.
messages::UpdateSchedule update_schedule(const core::Incident& incident,
                                         const core::Runbook& runbook);

// `incident` is the state after the change; `actor` who made it.
messages::SlackMessage announcement_message(const commands::Announcement& announcement,
                                            const core::Incident& incident,
                                            const std::string& actor, const core::Runbook& runbook,
                                            core::TimePoint now);

}  // namespace bot
