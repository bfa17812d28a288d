#include "commands/decide.hpp"

#include <algorithm>
#include <type_traits>
#include <variant>

#include "commands/decide_reopen.hpp"
#include "core/due_times.hpp"
#include "core/escalation.hpp"
#include "messages/time_text.hpp"

namespace commands {
namespace {

using core::EventKind;
using core::IncidentState;
using Kind = Announcement::Kind;

Announcement of(Kind kind) {
    Announcement a;
    a.kind = kind;
    return a;
}

class Decision {
  public:
    Decision(const core::Incident& before, const Actor& actor) : actor_(actor) {
        change_.after = before;
    }

    core::Incident& incident() { return change_.after; }
    const std::string& actor() const { return actor_.user_id; }
    core::TimePoint now() const { return actor_.now; }

    void record(EventKind kind, std::string text, std::string subject = {},
                std::optional<core::TimePoint> at = std::nullopt) {
        change_.events.push_back(core::TimelineEvent{0, change_.after.id, at.value_or(actor_.now),
                                                     actor_.user_id, kind, std::move(text),
                                                     std::move(subject)});
    }
    void announce(Announcement a) { change_.announcements.push_back(std::move(a)); }

    // Acknowledging stops escalation; taking IC counts as acknowledging.
    void acknowledge() {
        auto& i = change_.after;
        if (i.state != IncidentState::Declared) return;
        i.state = IncidentState::Acknowledged;
        // After a reopen the first acknowledgement stays: time to
        // acknowledge is measured to it; the timeline has both.
        if (!i.acknowledged_at) i.acknowledged_at = actor_.now;
        record(EventKind::Acknowledged, "");
    }

    // `said`: announced on its own; an acknowledgement names the IC it makes itself.
    void assign(core::Role role, const std::string& user, bool said = true) {
        auto& holder = change_.after.roles[core::index(role)];
        Announcement a = of(Kind::RoleAssigned);
        a.role = role;
        a.assignee = user;
        a.previous_holder = holder;
        record(EventKind::RoleAssigned,
               std::string(core::role_name(role)) + (holder.empty() ? "" : ", handed over"), user);
        holder = user;
        if (said) announce(std::move(a));
    }

    void unassign(core::Role role) {
        auto& holder = change_.after.roles[core::index(role)];
        Announcement a = of(Kind::RoleUnassigned);
        a.role = role;
        a.previous_holder = holder;
        record(EventKind::RoleUnassigned, std::string(core::role_name(role)), holder);
        holder.clear();
        announce(std::move(a));
    }

    Change done() && { return std::move(change_); }

  private:
    Actor actor_;
    Change change_;
};

core::Error error(std::string code, std::string message) {
    return core::make_error(std::move(code), std::move(message));
}

std::string key(const core::Incident& i) {
    return core::incident_key(i);
}

core::Result<Change> refuse_if_resolved(const core::Incident& i, std::string_view what) {
    return error("resolved", key(i) + " is resolved: it can no longer " + std::string(what) +
                                 ". Declare a new incident with `/incident SEV2 <title>`.");
}

std::string describe(const core::ActionItem& a) {
    std::string text = "#" + std::to_string(a.number) + " " + a.text;
    if (a.due) text += " · due " + core::to_string(*a.due);
    return text;
}

struct Decide {
    const core::Incident& before;
    const Actor& actor;
    const core::Runbook& runbook;
    const std::string& bot_user_id;
    std::span<const core::ActionItem> actions;

    core::Result<std::string> owner_id(const UserRef& ref) const {
        const std::string user = ref.is_me ? actor.user_id : ref.id;
        if (user.empty())
            return error("bad_user", "I don't know @" + ref.name +
                                         " yet; pick them from Slack's @-autocomplete.");
        if (user == bot_user_id)
            return error("bad_user", "The bot cannot own an action item; name a person.");
        return user;
    }

    core::Date due_date(const DueSpec& due) const {
        if (due.date) return *due.date;
        return core::Date{std::chrono::sys_days{core::utc_date(actor.now)} +
                          std::chrono::days{due.in_days}};
    }

    core::Result<core::ActionItem> item(int number) const {
        for (const auto& a : actions)
            if (a.number == number) return a;
        const std::string listed =
            actions.empty() ? std::string("there are none yet")
                            : "they are numbered 1–" + std::to_string(actions.back().number);
        return error("no_such_item", key(before) + " has no action item " + std::to_string(number) +
                                         " (" + listed + "; `/incident actions` lists them).");
    }

    Change item_changed(core::ActionItem item, std::string what) const {
        Decision d(before, actor);
        // The owner is the event's subject: shown as a name, never a ping.
        d.record(EventKind::ActionItem, what + ": " + describe(item), item.owner);
        Announcement a = of(Kind::ActionItem);
        a.text = std::move(what);
        a.item = item;
        d.announce(std::move(a));
        Change change = std::move(d).done();
        change.action_items.push_back(std::move(item));
        return change;
    }

    bool resolved() const { return before.state == IncidentState::Resolved; }

    core::Result<Change> operator()(const Ack&) const {
        if (resolved()) return refuse_if_resolved(before, "be acknowledged");
        if (before.state != IncidentState::Declared) {
            return error("already", key(before) +
                                        " is already acknowledged (`/incident status` shows "
                                        "who holds which role). Post progress with "
                                        "`/incident update <text>`.");
        }
        Decision d(before, actor);
        d.acknowledge();
        auto a = of(Kind::Acknowledged);
        // One message says both ("… acknowledged INC-… and is the Incident
        // Commander"), not a role message and then this one.
        if (before.holder(core::Role::Commander).empty()) {
            d.assign(core::Role::Commander, actor.user_id, /*said=*/false);
            a.assignee = actor.user_id;
        }
        d.announce(std::move(a));
        return std::move(d).done();
    }

    core::Result<Change> operator()(const AssignRole& c) const {
        if (resolved()) return refuse_if_resolved(before, "change roles");
        const std::string user = c.user.is_me ? actor.user_id : c.user.id;
        if (user.empty())
            return error("bad_user", "Name the person as @name, or `me`: `/incident role " +
                                         std::string(core::role_key(c.role)) + " @name`.");
        if (user == bot_user_id)
            return error("bad_user",
                         "The bot cannot hold a role; assign a person: "
                         "`/incident role " +
                             std::string(core::role_key(c.role)) + " @name`.");
        if (before.holder(c.role) == user)
            return error("already", (c.user.is_me || user == actor.user_id ? std::string("You are")
                                                                           : "They are") +
                                        " already " + std::string(core::role_name(c.role)) +
                                        " of " + key(before) + ".");
        Decision d(before, actor);
        d.assign(c.role, user);
        if (c.role == core::Role::Commander) d.acknowledge();
        return std::move(d).done();
    }

    core::Result<Change> operator()(const UnassignRole& c) const {
        if (resolved()) return refuse_if_resolved(before, "change roles");
        if (before.holder(c.role).empty())
            return error("not_a_change", "Nobody is " + std::string(core::role_name(c.role)) +
                                             " of " + key(before) + ": there is nothing to clear.");
        // The incident stays acknowledged: an IC stepping down does not
        // start escalation again, the reminders say nobody holds the role.
        Decision d(before, actor);
        d.unassign(c.role);
        return std::move(d).done();
    }

    core::Result<Change> operator()(const Update& c) const {
        if (resolved()) return refuse_if_resolved(before, "take status updates");
        std::optional<core::TimePoint> next;
        if (c.next) {
            next = actor.now + c.next->in;
            if (c.next->utc_minute_of_day) {
                // The first such time of day after now.
                next = std::chrono::floor<std::chrono::days>(actor.now) +
                       std::chrono::minutes(*c.next->utc_minute_of_day);
                if (*next <= actor.now) *next += std::chrono::days(1);
            }
        }
        Decision d(before, actor);
        d.incident().last_update_at = actor.now;
        // The runbook's cadence is the longest the channel waits: a later
        // time leaves the next update due by the cadence, and says so.
        const auto& cadence = runbook.cadence(before.severity);
        const bool past_cadence = next && cadence && *next > actor.now + *cadence;
        d.incident().next_update_at = past_cadence ? std::nullopt : next;
        d.record(EventKind::Update, c.text);
        auto a = of(Kind::StatusUpdate);
        a.report = c.fields;
        d.announce(std::move(a));
        auto change = std::move(d).done();
        if (!past_cadence && c.next_unread.empty()) return change;
        // Only for the notice: most updates say nothing beside them.
        const auto due = core::next_update_due(change.after, runbook);
        const std::string due_text = due ? "the next is due " + messages::utc_time(*due)
                                         : "no next one is due (" +
                                               std::string(core::to_string(before.severity)) +
                                               " has no cadence)";
        if (past_cadence)
            change.notice = "Your update is posted. " +
                            std::string(core::to_string(before.severity)) + " asks for one every " +
                            messages::age(*cadence) + ", so " + due_text + ", not " +
                            messages::utc_time(*next) +
                            ". To hold the reminders longer: `/incident snooze 1h`.";
        else if (!c.next_unread.empty())
            change.notice = c.next_unread + " Your update is posted; " + due_text + ".";
        return change;
    }

    core::Result<Change> operator()(const ChangeSeverity& c) const {
        if (resolved()) return refuse_if_resolved(before, "change severity");
        if (c.severity == before.severity)
            return error("not_a_change", key(before) + " is already " +
                                             std::string(core::to_string(c.severity)) + ".");
        Decision d(before, actor);
        d.incident().severity = c.severity;
        d.record(EventKind::SeverityChanged, std::string(core::to_string(before.severity)) + " → " +
                                                 std::string(core::to_string(c.severity)));
        auto a = of(Kind::SeverityChanged);
        a.from = before.severity;
        d.announce(std::move(a));
        return std::move(d).done();
    }

    core::Result<Change> operator()(const Note& c) const {
        // Notes stay open after resolve: the post-mortem often adds context.
        Decision d(before, actor);
        d.record(EventKind::Note, c.text);
        auto a = of(Kind::Note);
        a.text = c.text;
        d.announce(std::move(a));
        return std::move(d).done();
    }

    core::Result<Change> operator()(const Resolve& c) const {
        if (resolved())
            return error("already", key(before) +
                                        " is already resolved. Add context with "
                                        "`/incident note <text>`.");
        Decision d(before, actor);
        auto& i = d.incident();
        i.state = IncidentState::Resolved;
        i.resolved_at = actor.now;
        i.resolution = c.resolution;
        if (const auto& due = runbook.postmortem(i.severity))
            i.postmortem_due_at = actor.now + *due;
        d.record(EventKind::Resolved, c.resolution);
        d.announce(of(Kind::Resolved));
        return std::move(d).done();
    }

    core::Result<Change> operator()(const PostmortemDone& c) const {
        if (!resolved())
            return error("not_resolved", key(before) +
                                             " is still open: resolve it first with `/incident "
                                             "resolve [resolution]`, then write the post-mortem.");
        Decision d(before, actor);
        d.incident().postmortem_link = c.link;
        d.record(EventKind::PostmortemDone, c.link);
        d.announce(of(Kind::PostmortemDone));
        return std::move(d).done();
    }

    core::Result<Change> operator()(const RecordImpact& c) const {
        // Impact is often only known after resolve, for the post-mortem.
        Decision d(before, actor);
        auto& i = d.incident();
        if (c.users) i.users_affected = c.users;
        if (!c.revenue.empty()) i.revenue_lost = c.revenue;
        if (!c.text.empty()) i.impact_text = c.text;
        std::string text;
        if (c.users) text += "users: " + std::to_string(*c.users);
        if (!c.revenue.empty()) text += (text.empty() ? "" : " | ") + ("revenue: " + c.revenue);
        if (!c.text.empty()) text += (text.empty() ? "" : " | ") + c.text;
        d.record(EventKind::ImpactRecorded, text);
        d.announce(of(Kind::ImpactRecorded));
        return std::move(d).done();
    }

    // A typed `at …`, or now.
    core::TimePoint when(const std::optional<PastTime>& typed) const {
        if (!typed) return actor.now;
        if (typed->exact) return *typed->exact;
        // The latest such time of day not after now: "at 23:50" typed at
        // 00:10 means yesterday.
        auto at = std::chrono::floor<std::chrono::days>(actor.now) +
                  std::chrono::minutes(typed->minute_of_day);
        if (at > actor.now) at -= std::chrono::days(1);
        return at;
    }
    // Past the few minutes of clocks that disagree.
    bool in_future(core::TimePoint at) const { return at > actor.now + std::chrono::minutes(5); }

    core::Result<Change> operator()(const RecordDetection& c) const {
        const core::TimePoint at = when(c.at);
        if (in_future(at))
            return error("bad_time",
                         "That time is in the future; say when it was detected, "
                         "e.g. `/incident detected monitoring_alert at 14:15`.");
        Decision d(before, actor);
        d.incident().detected_by = c.how;
        d.incident().detected_at = at;
        d.record(EventKind::DetectionRecorded, c.how);
        d.announce(of(Kind::DetectionRecorded));
        return std::move(d).done();
    }

    core::Result<Change> operator()(const AddAction& c) const {
        core::ActionItem a;
        a.incident_id = before.id;
        a.number = actions.empty() ? 1 : actions.back().number + 1;
        a.text = c.text;
        if (c.owner) {
            auto owner = owner_id(*c.owner);
            if (!owner) return owner.error();
            a.owner = *owner;
        }
        if (c.due) a.due = due_date(*c.due);
        a.created_at = actor.now;
        a.created_by = actor.user_id;
        return item_changed(std::move(a), "added");
    }

    core::Result<Change> operator()(const SetActionDone& c) const {
        auto a = item(c.number);
        if (!a) return a.error();
        if (a->done == c.done)
            return error("already", "Action item " + std::to_string(c.number) + " is already " +
                                        (c.done ? "done" : "open") + ".");
        a->done = c.done;
        return item_changed(std::move(*a), c.done ? "done" : "reopened");
    }

    core::Result<Change> operator()(const EditAction& c) const {
        auto a = item(c.number);
        if (!a) return a.error();
        if (c.owner) {
            auto owner = owner_id(*c.owner);
            if (!owner) return owner.error();
            a->owner = *owner;
        }
        if (c.due) a->due = due_date(*c.due);
        return item_changed(std::move(*a), c.owner ? "new owner" : "new due date");
    }

    core::Result<Change> operator()(const Rename& c) const {
        // Also after resolve: the post-mortem may name it better.
        if (c.title == before.title)
            return error("not_a_change", key(before) + " is already titled that.");
        Decision d(before, actor);
        d.incident().title = c.title;
        d.record(EventKind::Renamed, before.title + " → " + c.title);
        auto a = of(Kind::Renamed);
        a.text = before.title;
        d.announce(std::move(a));
        return std::move(d).done();
    }

    core::Result<Change> operator()(const Mitigate& c) const {
        if (resolved()) return refuse_if_resolved(before, "be marked mitigated");
        if (before.mitigated_at)
            return error("already", key(before) + " was marked mitigated at " +
                                        messages::utc_time(*before.mitigated_at) +
                                        ". Add what changed since with `/incident note <text>`, "
                                        "or resolve it with `/incident resolve [resolution]`.");
        core::TimePoint at = when(c.at);
        if (in_future(at))
            return error("bad_time",
                         "That time is in the future; say when the impact stopped, e.g. "
                         "`/incident mitigated rolled back at 14:20` (UTC).");
        // Measured from declaring (or reopening): it cannot come first.
        const auto since = before.reopened_at.value_or(before.declared_at);
        // A typed time has minutes only: the minute of declaring is that moment.
        if (at < since && since - at < std::chrono::minutes(1)) at = since;
        if (at < since)
            return error("bad_time", messages::utc_time(at) + " is before " + key(before) +
                                         " was " + (before.reopened_at ? "reopened" : "declared") +
                                         " (" + messages::utc_time(since) +
                                         "); the time to mitigate counts from then. Mark it "
                                         "mitigated without a time, or at a later one.");
        Decision d(before, actor);
        d.incident().mitigated_at = at;
        // On the timeline when it happened, however late it was marked.
        d.record(EventKind::Mitigated, c.text, {}, at);
        auto a = of(Kind::Mitigated);
        a.text = c.text;
        d.announce(std::move(a));
        return std::move(d).done();
    }

    // The next level now: its delay is for nobody answering, and someone
    // who asks for more help has answered. Later levels keep their times,
    // counted as before; levels paged already are not paged again.
    core::Result<Change> operator()(const Escalate& c) const {
        if (resolved()) return refuse_if_resolved(before, "be escalated");
        const auto severity = std::string(core::to_string(before.severity));
        const auto& policy = runbook.escalation_for(before.severity);
        if (policy.empty())
            return error("no_escalation",
                         severity + " has no escalation contacts (`ESCALATION_" + severity +
                             "`). Bring someone in by giving them a role: `/incident role "
                             "tech @name`.");
        const auto level = static_cast<std::size_t>(std::max(before.escalation_level, 0));
        if (level >= policy.size())
            return error("already", "Every level of " + severity + "'s escalation (" +
                                        std::to_string(policy.size()) + ") has been paged for " +
                                        key(before) +
                                        ". Bring someone else in by giving them a role: "
                                        "`/incident role tech @name`.");
        Decision d(before, actor);
        const auto& contacts = policy[level].contacts;
        d.incident().escalation_level = static_cast<int>(level) + 1;
        d.record(EventKind::EscalationSent,
                 core::escalation_event_text(static_cast<int>(level) + 1, contacts, c.reason));
        auto a = of(Kind::Escalated);
        a.text = c.reason;
        a.paged = contacts;
        d.announce(std::move(a));
        return std::move(d).done();
    }

    core::Result<Change> operator()(const Page& c) const {
        if (resolved()) return refuse_if_resolved(before, "page anyone");
        std::vector<std::string> people;
        for (const auto& person : c.people)
            if (person != bot_user_id && person != actor.user_id) people.push_back(person);
        if (people.empty())
            return error("bad_argument",
                         "Page someone other than yourself and the bot, e.g. "
                         "`/incident page @carol need a DBA`.");
        Decision d(before, actor);
        d.record(EventKind::Paged, core::paged_event_text(people, c.reason));
        auto a = of(Kind::Paged);
        a.text = c.reason;
        a.paged = std::move(people);
        d.announce(std::move(a));
        return std::move(d).done();
    }

    core::Result<Change> operator()(const Reopen& c) const {
        return decide_reopen(before, c, actor);
    }
    core::Result<Change> operator()(const Snooze& c) const {
        return decide_snooze(before, c, actor);
    }

    // Declaring and reading are not changes of an existing incident.
    template <class Other>
    core::Result<Change> operator()(const Other&) const {
        return error("not_a_change", "`/incident " + std::string(command_name(Command{Other{}})) +
                                         "` does not change an incident.");
    }
};

}  // namespace

core::Result<Change> decide(const core::Incident& before, const Command& command,
                            const Actor& actor, const core::Runbook& runbook,
                            const std::string& bot_user_id,
                            std::span<const core::ActionItem> actions) {
    return std::visit(Decide{before, actor, runbook, bot_user_id, actions}, command);
}

bool is_change(const Command& command) {
    return std::visit(
        [](const auto& c) {
            using C = std::decay_t<decltype(c)>;
            return std::is_same_v<C, Ack> || std::is_same_v<C, AssignRole> ||
                   std::is_same_v<C, UnassignRole> || std::is_same_v<C, Update> ||
                   std::is_same_v<C, ChangeSeverity> || std::is_same_v<C, Note> ||
                   std::is_same_v<C, Resolve> || std::is_same_v<C, PostmortemDone> ||
                   std::is_same_v<C, RecordImpact> || std::is_same_v<C, RecordDetection> ||
                   std::is_same_v<C, AddAction> || std::is_same_v<C, SetActionDone> ||
                   std::is_same_v<C, EditAction> || std::is_same_v<C, Reopen> ||
                   std::is_same_v<C, Snooze> || std::is_same_v<C, Rename> ||
                   std::is_same_v<C, Mitigate> || std::is_same_v<C, Escalate> ||
                   std::is_same_v<C, Page>;
        },
        command);
}

bool reads_action_items(const Command& command) {
    return std::holds_alternative<AddAction>(command) ||
           std::holds_alternative<SetActionDone>(command) ||
           std::holds_alternative<EditAction>(command);
}

}  // namespace commands
