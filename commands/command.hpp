#pragma once
// `/incident …` as typed values: what the person asked for, already checked
// against the grammar and the limits, with text as they typed it (plain text,
// not Slack's wire format).
#include <chrono>
#include <string>
#include <string_view>
#include <variant>

#include "commands/user_ref.hpp"
#include "core/incident.hpp"
#include "core/severity.hpp"

namespace commands {

struct Declare {
    core::Severity severity = core::Severity::Sev1;
    std::string title;  // 1..kMaxTitle characters, one line
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
// The runbook's status template; free text goes in `status`.
struct StatusFields {
    std::string status;
    std::string impact;   // empty when not given
    std::string actions;  // empty when not given
    friend bool operator==(const StatusFields&, const StatusFields&) = default;
};
struct Update {
    std::string text;  // the whole update as typed, for the timeline
    StatusFields fields;
    bool structured = false;  // typed as `status: … | impact: … | actions: …`
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

struct Reopen {
    std::string reason;  // may be empty
    friend bool operator==(const Reopen&, const Reopen&) = default;
};
struct Snooze {
    std::chrono::seconds for_how_long{0};  // 1 min … kMaxSnooze
    friend bool operator==(const Snooze&, const Snooze&) = default;
};

// `/incident comms internal|external`: a stakeholder update drafted from the
// incident, shown to the caller only.
enum class Audience { Internal, External };
struct Comms {
    Audience audience = Audience::Internal;
    friend bool operator==(const Comms&, const Comms&) = default;
};

using Command = std::variant<Declare, List, Help, Ack, AssignRole, Update, ChangeSeverity, Note,
                             Resolve, Status, Timeline, PostmortemDone, Reopen, Snooze, Comms>;

// The subcommand as a user types it ("declare", "role", …), for logs and replies.
std::string_view command_name(const Command& command);
// False for declare, list and help, which work in any channel.
bool needs_incident_channel(const Command& command);

}  // namespace commands
