#include "commands/decide_duplicate.hpp"

#include <algorithm>

#include "commands/user_ref.hpp"

namespace commands {
namespace {

core::Error error(std::string code, std::string message) {
    return core::make_error(std::move(code), std::move(message));
}

std::string named(const MarkDuplicate& c) {
    return c.channel_id.empty() ? core::incident_key(c.year, c.number) : "<#" + c.channel_id + ">";
}

// Who worked on the duplicate and belongs in the original's channel: its
// declarer, its role holders and whoever marked it, each once, people only
// (not the bot, not an alert's empty declarer).
std::vector<std::string> people_of(const core::Incident& duplicate, const Actor& actor,
                                   const std::string& bot_user_id) {
    std::vector<std::string> people;
    const auto add = [&](const std::string& id) {
        if (is_user_id(id) && id != bot_user_id &&
            std::find(people.begin(), people.end(), id) == people.end())
            people.push_back(id);
    };
    add(duplicate.declared_by);
    for (const auto& holder : duplicate.roles) add(holder);
    add(actor.user_id);
    return people;
}

core::TimelineEvent event(const core::Incident& i, const Actor& actor, core::EventKind kind,
                          std::string text) {
    return core::TimelineEvent{0, i.id, actor.now, actor.user_id, kind, std::move(text), ""};
}

}  // namespace

core::Result<DuplicateChange> decide_duplicate(const core::Incident& duplicate,
                                               const std::optional<core::Incident>& original,
                                               const MarkDuplicate& command, const Actor& actor,
                                               const std::string& bot_user_id) {
    const std::string key = core::incident_key(duplicate);
    if (core::is_duplicate(duplicate))
        return error("already", key + " is already closed as a duplicate of " +
                                    duplicate.duplicate_of + ": the work goes on there.");
    if (duplicate.state == core::IncidentState::Resolved)
        return error("resolved", key +
                                     " is resolved: only an open incident is closed as a "
                                     "duplicate. Say which one it repeated with `/incident note`.");
    if (!original)
        return error("no_such_incident",
                     "There is no incident " + named(command) +
                         " you can see: name the one the work goes on in, e.g. `/incident "
                         "duplicate INC-2026-004`. `/incident list` shows the open ones.");
    const std::string original_key = core::incident_key(*original);
    if (original->id == duplicate.id)
        return error("same_incident", "This is " + key +
                                          ": name the other incident, the one the work goes on "
                                          "in, e.g. `/incident duplicate INC-2026-004`.");
    if (core::is_duplicate(*original) && original->duplicate_of == key)
        return error("original_duplicate", original_key + " is already closed as a duplicate of " +
                                               key + ": the work goes on here.");
    if (core::is_duplicate(*original))
        return error("original_duplicate", original_key + " is itself a duplicate of " +
                                               original->duplicate_of + ": `/incident duplicate " +
                                               original->duplicate_of + "`.");
    if (original->state == core::IncidentState::Resolved)
        return error("original_resolved",
                     original_key +
                         " is resolved. If its problem is back, reopen it first "
                         "(`/incident " +
                         original_key +
                         " reopen`), then mark this one its duplicate; if this "
                         "is a new occurrence, keep working in this incident.");

    DuplicateChange change;
    core::Incident& closed = change.duplicate.after;
    closed = duplicate;
    // Closed like a resolve, without the post-mortem: the original has it.
    closed.state = core::IncidentState::Resolved;
    closed.resolved_at = actor.now;
    closed.resolution =
        "Duplicate of " + original_key + (command.reason.empty() ? "" : ": " + command.reason);
    closed.duplicate_of = original_key;
    closed.postmortem_due_at.reset();
    closed.snoozed_until.reset();
    change.duplicate.events.push_back(
        event(closed, actor, core::EventKind::DuplicateOf,
              original_key + (command.reason.empty() ? "" : " · " + command.reason)));
    Announcement marked;
    marked.kind = Announcement::Kind::MarkedDuplicate;
    marked.text = command.reason;
    marked.other = *original;
    change.duplicate.announcements.push_back(std::move(marked));

    change.original.after = *original;
    // A private duplicate's title stays inside it.
    change.original.events.push_back(
        event(*original, actor, core::EventKind::DuplicateClosed,
              duplicate.is_private ? key + " (private)" : key + " " + duplicate.title));
    Announcement told;
    told.kind = Announcement::Kind::DuplicateClosed;
    told.text = command.reason;
    told.paged = people_of(duplicate, actor, bot_user_id);
    told.other = closed;
    change.original.announcements.push_back(std::move(told));
    return change;
}

Change duplicate_reopened(const core::Incident& original, const core::Incident& reopened,
                          const std::string& reason, const Actor& actor) {
    Change change;
    change.after = original;
    const std::string key = core::incident_key(reopened);
    change.events.push_back(
        event(original, actor, core::EventKind::DuplicateReopened,
              (reopened.is_private ? key + " (private)" : key + " " + reopened.title) +
                  (reason.empty() ? "" : " · " + reason)));
    Announcement told;
    told.kind = Announcement::Kind::DuplicateReopened;
    told.text = reason;
    told.other = reopened;
    change.announcements.push_back(std::move(told));
    return change;
}

}  // namespace commands
