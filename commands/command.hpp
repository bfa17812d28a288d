#pragma once
// `/incident …` as typed values: what the person asked for, already checked
// against the grammar and the limits, with text as they typed it (plain text,
// not Slack's wire format).
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "commands/user_ref.hpp"
#include "core/action_item.hpp"
#include "core/incident.hpp"
#include "core/report_format.hpp"
#include "core/severity.hpp"

namespace commands {

struct Declare {
    core::Severity severity = core::Severity::Sev1;
    std::string title;        // 1..kMaxTitle characters, one line
    bool is_private = false;  // `--private`, or the form's checkbox
    friend bool operator==(const Declare&, const Declare&) = default;
};
struct List {
    friend bool operator==(const List&, const List&) = default;
};
struct Help {
    friend bool operator==(const Help&, const Help&) = default;
};
struct Ack {
    friend bool operator==(const Ack&, const Ack&) = default;
};
struct AssignRole {
    core::Role role = core::Role::Commander;
    UserRef user;
    friend bool operator==(const AssignRole&, const AssignRole&) = default;
};
// `/incident role tech none`, `/incident unassign tech`: nobody holds it now.
struct UnassignRole {
    core::Role role = core::Role::Commander;
    friend bool operator==(const UnassignRole&, const UnassignRole&) = default;
};
// The runbook's status template; free text goes in `status`.
struct StatusFields {
    std::string status;
    std::string impact;            // empty when not given
    std::string actions;           // empty when not given
    std::string next_update = {};  // `next update: 30m` as typed; empty when not given
    friend bool operator==(const StatusFields&, const StatusFields&) = default;
};
// When the next status update will come, as an update says: `30m` from
// the update, or the next `14:30 UTC`.
struct NextUpdate {
    std::chrono::seconds in{0};
    std::optional<int> utc_minute_of_day;  // 0 … 1439; `in` is unused then
    friend bool operator==(const NextUpdate&, const NextUpdate&) = default;
};
struct Update {
    std::string text;  // the whole update as typed, for the timeline
    StatusFields fields;
    bool structured = false;  // typed as `status: … | impact: … | actions: …`
    std::optional<NextUpdate> next = std::nullopt;  // `next update: …`
    // A `next update:` that is not a time: why. The update goes out all the
    // same (at 3 a.m. a status update is not refused over that field), the
    // next one due by the cadence, and the person is told.
    std::string next_unread = {};
    friend bool operator==(const Update&, const Update&) = default;
};
struct ChangeSeverity {
    core::Severity severity = core::Severity::Sev1;
    friend bool operator==(const ChangeSeverity&, const ChangeSeverity&) = default;
};
struct Note {
    std::string text;
    friend bool operator==(const Note&, const Note&) = default;
};
struct Resolve {
    std::string resolution;  // may be empty
    friend bool operator==(const Resolve&, const Resolve&) = default;
};
struct Status {
    friend bool operator==(const Status&, const Status&) = default;
};
struct Timeline {
    friend bool operator==(const Timeline&, const Timeline&) = default;
};
struct PostmortemDone {
    std::string link;
    friend bool operator==(const PostmortemDone&, const PostmortemDone&) = default;
};

// `impact users: 15000 | revenue: $45000 | text`: each part may be left out;
// what is given replaces what was recorded, the rest stays.
struct RecordImpact {
    std::optional<std::int64_t> users;
    std::string revenue;  // "$45000": currency sign kept, separators dropped
    std::string text;
    friend bool operator==(const RecordImpact&, const RecordImpact&) = default;
};
// When something happened, typed after `at`: `at HH:MM` is a UTC time of
// day (the latest one not after the command); `at 2026-01-15T14:15:00Z` an
// exact time.
struct PastTime {
    std::optional<core::TimePoint> exact;
    int minute_of_day = -1;
    friend bool operator==(const PastTime&, const PastTime&) = default;
};
struct RecordDetection {
    std::string how;  // monitoring_alert, customer_report, free text
    std::optional<PastTime> at;
    friend bool operator==(const RecordDetection&, const RecordDetection&) = default;
};
// `due 2026-01-20`, or `due 3d` / `due 2w` counted from the command's UTC day.
struct DueSpec {
    std::optional<core::Date> date;
    int in_days = 0;
    friend bool operator==(const DueSpec&, const DueSpec&) = default;
};
struct AddAction {
    std::string text;
    std::optional<UserRef> owner;
    std::optional<DueSpec> due;
    friend bool operator==(const AddAction&, const AddAction&) = default;
};
struct ListActions {
    friend bool operator==(const ListActions&, const ListActions&) = default;
};
struct SetActionDone {
    int number = 0;
    bool done = true;
    friend bool operator==(const SetActionDone&, const SetActionDone&) = default;
};
struct EditAction {
    int number = 0;
    std::optional<UserRef> owner;
    std::optional<DueSpec> due;
    friend bool operator==(const EditAction&, const EditAction&) = default;
};
// The post-mortem draft, uploaded to the channel as a Markdown file.
struct Postmortem {
    friend bool operator==(const Postmortem&, const Postmortem&) = default;
};
struct Export {
    core::ReportFormat format = core::ReportFormat::Markdown;
    friend bool operator==(const Export&, const Export&) = default;
};
// MTTA / MTTR over the last `days` days (nullopt: every incident).
struct Stats {
    std::optional<int> days = 30;
    friend bool operator==(const Stats&, const Stats&) = default;
};

struct Reopen {
    std::string reason;  // may be empty
    friend bool operator==(const Reopen&, const Reopen&) = default;
};
struct Snooze {
    std::chrono::seconds for_how_long{0};  // 1 min … kMaxSnooze
    friend bool operator==(const Snooze&, const Snooze&) = default;
};

// `/incident rename <title>`: a better title, once more is known. The
// channel keeps its name (links to it and people's habits stay valid).
struct Rename {
    std::string title;  // plain text, as for Declare
    friend bool operator==(const Rename&, const Rename&) = default;
};

// `/incident mitigated [what stopped it] [at 14:20]`: the impact has
// stopped (a rollback, a failover); the incident stays open until the cause
// is fixed and it is resolved. The time to mitigate is the post-mortem's
// figure; `at` records a mitigation noticed late.
struct Mitigate {
    std::string text;                           // plain text, may be empty
    std::optional<PastTime> at = std::nullopt;  // unset: now
    friend bool operator==(const Mitigate&, const Mitigate&) = default;
};

// `/incident escalate [why]`: page the next level of the severity's
// escalation now, without waiting for its delay (acknowledged or not).
struct Escalate {
    std::string reason;  // plain text, may be empty
    friend bool operator==(const Escalate&, const Escalate&) = default;
};

// `/incident page @carol [@dave …] [why]`: bring people in now, by hand,
// outside the escalation policy: invited, mentioned, and told directly.
struct Page {
    std::vector<std::string> people;  // user ids, as mentioned, each once
    std::string reason;               // plain text, may be empty
    friend bool operator==(const Page&, const Page&) = default;
};

// `/incident duplicate INC-2026-004 [why]`: this incident is the same
// problem as that one; it is closed and its people are sent there.
struct MarkDuplicate {
    // The incident the work goes on in: by its key, or by its channel
    // (`<#C…|name>`, as Slack sends a channel typed with #).
    int year = 0;
    int number = 0;
    std::string channel_id = {};
    std::string reason = {};  // plain text, may be empty
    friend bool operator==(const MarkDuplicate&, const MarkDuplicate&) = default;
};

// `/incident follow` / `unfollow`: a direct message to the person whenever
// the incident's state changes (updates, severity, mitigated, resolved,
// reopened), without joining its channel.
struct Follow {
    bool on = true;
    friend bool operator==(const Follow&, const Follow&) = default;
};

// `/incident comms internal|external`: a stakeholder update drafted from the
// incident, shown to the caller only.
enum class Audience { Internal, External };
struct Comms {
    Audience audience = Audience::Internal;
    friend bool operator==(const Comms&, const Comms&) = default;
};

using Command =
    std::variant<Declare, List, Help, Ack, AssignRole, UnassignRole, Update, ChangeSeverity, Note,
                 Resolve, Status, Timeline, PostmortemDone, RecordImpact, RecordDetection,
                 AddAction, ListActions, SetActionDone, EditAction, Postmortem, Export, Stats,
                 Reopen, Snooze, Comms, Rename, Mitigate, Escalate, MarkDuplicate, Follow, Page>;

// The subcommand as a user types it ("declare", "role", …), for logs and replies.
std::string_view command_name(const Command& command);
// False for declare, list, help and stats, which work in any channel.
bool needs_incident_channel(const Command& command);
// An action item's owner typed as a plain `@name` (no user id yet): the
// name, without `@`. Slack's @-autocomplete always sends the id instead.
std::optional<std::string> unresolved_owner(const Command& command);
// The command with that owner's id filled in.
Command with_owner_id(Command command, const std::string& user_id);

}  // namespace commands
