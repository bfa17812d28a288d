#include "commands/command.hpp"

namespace commands {

namespace {
template <class... F>
struct Overloaded : F... {
    using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;
}  // namespace

std::string_view command_name(const Command& command) {
    return std::visit(Overloaded{
                          [](const Declare&) { return "declare"; },
                          [](const List&) { return "list"; },
                          [](const Help&) { return "help"; },
                          [](const Ack&) { return "ack"; },
                          [](const AssignRole&) { return "role"; },
                          [](const UnassignRole&) { return "role"; },
                          [](const Update&) { return "update"; },
                          [](const ChangeSeverity&) { return "severity"; },
                          [](const Note&) { return "note"; },
                          [](const Resolve&) { return "resolve"; },
                          [](const Status&) { return "status"; },
                          [](const Timeline&) { return "timeline"; },
                          [](const PostmortemDone&) { return "postmortem"; },
                          [](const RecordImpact&) { return "impact"; },
                          [](const RecordDetection&) { return "detected"; },
                          [](const AddAction&) { return "action"; },
                          [](const ListActions&) { return "actions"; },
                          [](const SetActionDone&) { return "action"; },
                          [](const EditAction&) { return "action"; },
                          [](const Postmortem&) { return "postmortem"; },
                          [](const Export&) { return "export"; },
                          [](const Stats&) { return "stats"; },
                          [](const Reopen&) { return "reopen"; },
                          [](const Snooze&) { return "snooze"; },
                          [](const Comms&) { return "comms"; },
                          [](const Rename&) { return "rename"; },
                          [](const Mitigate&) { return "mitigated"; },
                          [](const Escalate&) { return "escalate"; },
                          [](const Page&) { return "page"; },
                          [](const MarkDuplicate&) { return "duplicate"; },
                          [](const Follow& f) { return f.on ? "follow" : "unfollow"; },
                      },
                      command);
}

bool needs_incident_channel(const Command& command) {
    return !std::holds_alternative<Declare>(command) && !std::holds_alternative<List>(command) &&
           !std::holds_alternative<Help>(command) && !std::holds_alternative<Stats>(command);
}

std::optional<std::string> unresolved_owner(const Command& command) {
    const std::optional<UserRef>* owner = nullptr;
    if (const auto* add = std::get_if<AddAction>(&command)) owner = &add->owner;
    if (const auto* edit = std::get_if<EditAction>(&command)) owner = &edit->owner;
    if (!owner || !*owner || (*owner)->is_me || !(*owner)->id.empty()) return std::nullopt;
    return (*owner)->name;
}

Command with_owner_id(Command command, const std::string& user_id) {
    if (auto* add = std::get_if<AddAction>(&command); add && add->owner) add->owner->id = user_id;
    if (auto* edit = std::get_if<EditAction>(&command); edit && edit->owner)
        edit->owner->id = user_id;
    return command;
}

}  // namespace commands
