#pragma once
// What each /incident command that changes an incident decides, as a pure
// function of the incident before, the command, who typed it and when: the
// incident after, the timeline rows to add and what to tell the channel.
// bot/ stores the change and its Slack side together, in one transaction.
#include <span>
#include <string>
#include <vector>

#include "commands/command.hpp"
#include "core/clock.hpp"
#include "core/incident.hpp"
#include "core/result.hpp"
#include "core/runbook.hpp"

namespace commands {

// What the incident channel is told about a change.
struct Announcement {
    enum class Kind {
        Acknowledged,
        RoleAssigned,
        StatusUpdate,
        SeverityChanged,
        Note,
        Resolved,
        PostmortemDone,
        ImpactRecorded,
        DetectionRecorded,
        ActionItem,
        Reopened,
        Snoozed,
        Renamed,
        RoleUnassigned,
        Mitigated,
        Escalated,
        MarkedDuplicate,    // this incident closed as a duplicate of `other`
        DuplicateClosed,    // `other` closed as a duplicate of this incident
        DuplicateReopened,  // `other`, closed as its duplicate, reopened
        Paged,              // `paged`: people paged by hand
    };
    Kind kind = Kind::Note;
    core::Role role = core::Role::Commander;     // RoleAssigned, RoleUnassigned
    std::string assignee;                        // RoleAssigned; Acknowledged: made IC by it
    std::string previous_holder;                 // RoleAssigned (empty for a first), RoleUnassigned
    StatusFields report;                         // StatusUpdate
    core::Severity from = core::Severity::Sev1;  // SeverityChanged
    // Note; ActionItem: what happened to it; Reopened, Escalated: the reason;
    // Renamed: the old title
    std::string text;
    // Escalated: the level's contacts (user and group ids); DuplicateClosed:
    // the duplicate's people, invited to this incident's channel.
    std::vector<std::string> paged = {};
    core::ActionItem item;      // ActionItem, as it is after the change
    core::Incident other = {};  // MarkedDuplicate, DuplicateClosed, DuplicateReopened
};

struct Change {
    core::Incident after;
    std::vector<core::TimelineEvent> events;     // oldest first
    std::vector<Announcement> announcements;     // in posting order
    std::vector<core::ActionItem> action_items;  // added (id 0) or changed, to store
    // For the person who asked, beside the change: what was done other than
    // they said (a next update past the cadence, or not a time).
    std::string notice;
};

struct Actor {
    std::string user_id;  // who typed the command or clicked
    core::TimePoint now{};
};

// For Ack, AssignRole (its user already resolved to an id, or `me`), UnassignRole, Update,
// ChangeSeverity, Note, Resolve, PostmortemDone, RecordImpact, RecordDetection, Rename, Mitigate,
// Escalate
// and the action item commands (owners resolved to ids, or `me`; `actions`
// are the incident's items before, by number). Errors (`resolved`,
// `already`, `not_resolved`, `bad_user`, `not_a_change`, `no_such_item`,
// `no_escalation`, `bad_time`) carry one line saying what would work;
// nothing changes then.
core::Result<Change> decide(const core::Incident& before, const Command& command,
                            const Actor& actor, const core::Runbook& runbook,
                            const std::string& bot_user_id,
                            std::span<const core::ActionItem> actions = {});

// Whether decide() uses `actions` for `command` (the action item commands):
// for any other command the caller need not read them.
bool reads_action_items(const Command& command);

// Whether `command` is one decide() decides (the rest are declaring and
// reading, refused by it as `not_a_change`).
bool is_change(const Command& command);

}  // namespace commands
