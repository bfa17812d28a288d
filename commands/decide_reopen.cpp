#include "commands/decide_reopen.hpp"

#include <chrono>

#include "core/duration.hpp"
#include "messages/time_text.hpp"

namespace commands {
namespace {

core::TimelineEvent event(const core::Incident& i, const Actor& actor, core::EventKind kind,
                          std::string text) {
    return core::TimelineEvent{0, i.id, actor.now, actor.user_id, kind, std::move(text), ""};
}

}  // namespace

core::Result<Change> decide_reopen(const core::Incident& before, const Reopen& command,
                                   const Actor& actor) {
    if (before.state != core::IncidentState::Resolved)
        return core::make_error("not_resolved",
                                core::incident_key(before) +
                                    " is open: there is nothing to reopen. Post progress with "
                                    "`/incident update <text>`.");
    Change change;
    core::Incident& i = change.after;
    i = before;
    // Owed a response again: escalation resumes from now until someone
    // acknowledges or takes IC. The first acknowledgement stays on record
    // (time to acknowledge is measured to it).
    i.state = core::IncidentState::Declared;
    // Time to resolve is measured to the last resolve: the next one sets these again.
    i.resolved_at.reset();
    i.resolution.clear();
    i.postmortem_due_at.reset();
    i.postmortem_reminded_at.reset();
    i.reopened_at = actor.now;
    i.last_reminder_at.reset();
    i.snoozed_until.reset();
    i.next_update_at.reset();
    i.mitigated_at.reset();
    i.duplicate_of.clear();  // its own incident again
    i.escalation_level = 0;
    change.events.push_back(event(i, actor, core::EventKind::Reopened, command.reason));
    Announcement a;
    a.kind = Announcement::Kind::Reopened;
    a.text = command.reason;
    change.announcements.push_back(std::move(a));
    return change;
}

core::Result<Change> decide_snooze(const core::Incident& before, const Snooze& command,
                                   const Actor& actor) {
    if (before.state == core::IncidentState::Resolved)
        return core::make_error("resolved", core::incident_key(before) +
                                                " is resolved: it has no reminders to snooze. "
                                                "Reopen it with `/incident reopen [reason]`.");
    const auto until = actor.now + command.for_how_long;
    // A double click on [ Snooze 30 min ], or the same snooze typed again:
    // the channel is told once.
    if (before.snoozed_until && until >= *before.snoozed_until &&
        until - *before.snoozed_until < std::chrono::minutes(1))
        return core::make_error("already_snoozed",
                                core::incident_key(before) +
                                    "'s update reminders are already snoozed until " +
                                    messages::utc_time(*before.snoozed_until) +
                                    ": nothing changed. A status update restarts the clock.");
    Change change;
    change.after = before;
    change.after.snoozed_until = until;
    change.events.push_back(
        event(change.after, actor, core::EventKind::Snoozed,
              "update reminders for " + core::format_duration(command.for_how_long)));
    Announcement a;
    a.kind = Announcement::Kind::Snoozed;
    change.announcements.push_back(std::move(a));
    return change;
}

}  // namespace commands
