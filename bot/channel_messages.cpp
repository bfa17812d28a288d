#include "bot/channel_messages.hpp"

#include "core/due_times.hpp"
#include "messages/announcements.hpp"
#include "messages/duplicates.hpp"
#include "messages/follow_ups.hpp"
#include "messages/nudges.hpp"
#include "messages/reopen_snooze.hpp"

namespace bot {

messages::UpdateSchedule update_schedule(const core::Incident& incident,
                                         const core::Runbook& runbook) {
    return messages::UpdateSchedule{runbook.cadence(incident.severity),
                                    core::next_update_due(incident, runbook)};
}

messages::SlackMessage announcement_message(const commands::Announcement& a,
                                            const core::Incident& incident,
                                            const std::string& actor, const core::Runbook& runbook,
                                            core::TimePoint now) {
    using Kind = commands::Announcement::Kind;
    switch (a.kind) {
        case Kind::Acknowledged:
            return messages::acknowledged(incident, actor);
        case Kind::RoleAssigned:
            return messages::role_assigned(incident, a.role, a.assignee, a.previous_holder, actor);
        case Kind::RoleUnassigned:
            return messages::role_unassigned(incident, a.role, a.previous_holder, actor);
        case Kind::StatusUpdate:
            return messages::status_update(
                incident,
                messages::StatusReport{a.report.status, a.report.impact, a.report.actions}, actor,
                update_schedule(incident, runbook), now);
        case Kind::SeverityChanged:
            return messages::severity_changed(incident, a.from, actor,
                                              update_schedule(incident, runbook), now);
        case Kind::Note:
            return messages::note_added(incident, a.text, actor);
        case Kind::Resolved:
            return messages::resolved(incident, actor);
        case Kind::PostmortemDone:
            return messages::postmortem_done(incident, actor);
        case Kind::ImpactRecorded:
            return messages::impact_recorded(incident, actor);
        case Kind::DetectionRecorded:
            return messages::detection_recorded(incident, actor);
        case Kind::ActionItem:
            return messages::action_item_changed(incident, a.item, a.text, actor);
        case Kind::Reopened:
            return messages::reopened(incident, a.text, actor, update_schedule(incident, runbook));
        case Kind::Snoozed:
            return messages::snoozed(incident, actor);
        case Kind::Renamed:
            return messages::renamed(incident, a.text, actor);
        case Kind::Mitigated:
            return messages::mitigated(incident, a.text, actor, now);
        case Kind::Escalated:
            return messages::escalated(incident, a.paged, a.text, actor);
        case Kind::MarkedDuplicate:
            return messages::marked_duplicate(incident, a.other, a.text, actor);
        case Kind::DuplicateClosed:
            return messages::duplicate_closed(incident, a.other, a.paged, a.text, actor);
        case Kind::Paged:
            return messages::paged(incident, a.paged, a.text, actor);
        case Kind::DuplicateReopened:
            return messages::duplicate_reopened(incident, a.other, a.text, actor);
    }
    return messages::note_added(incident, a.text, actor);
}

}  // namespace bot
