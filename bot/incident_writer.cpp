#include "bot/incident_writer.hpp"

#include <algorithm>
#include <optional>
#include <vector>

#include "bot/channel_messages.hpp"
#include "commands/channel_name.hpp"
#include "core/due_times.hpp"
#include "core/escalation.hpp"
#include "messages/announcement.hpp"
#include "messages/channel_topic.hpp"
#include "messages/followers.hpp"
#include "messages/nudges.hpp"
#include "messages/opening_message.hpp"
#include "storage/action_items.hpp"
#include "storage/followers.hpp"
#include "storage/incidents.hpp"
#include "storage/outbox.hpp"
#include "storage/schedule.hpp"
#include "storage/timeline.hpp"

namespace bot {

namespace {

// `action_due`: where the ActionDue timer goes (nullopt: cleared), or null
// to leave it as it is.
void put_timers(storage::Database& db, const core::Incident& incident, const core::Runbook& runbook,
                const std::optional<core::TimePoint>* action_due) {
    storage::Schedule schedule(db);
    const auto due = core::due_times(incident, runbook);
    // Timers no longer due are cleared together (Schedule::clear: one
    // statement, so one round trip, on PostgreSQL).
    std::vector<storage::TimerKind> cleared;
    const auto put = [&](storage::TimerKind kind, const std::optional<core::TimePoint>& at,
                         int level) {
        if (at)
            schedule.set(incident.id, kind, *at, level);
        else
            cleared.push_back(kind);
    };
    // The reminder timer also wakes when a snooze ends, so that the pinned
    // message stops saying "snoozed until" then, not at the next nudge.
    auto wake = due.reminder;
    if (incident.snoozed_until && (!wake || *incident.snoozed_until < *wake))
        wake = incident.snoozed_until;
    put(storage::TimerKind::Reminder, wake, 0);
    put(storage::TimerKind::Escalation, due.escalation, incident.escalation_level);
    put(storage::TimerKind::Postmortem, due.postmortem, 0);
    // Action items have due dates before and after resolve alike.
    if (action_due) put(storage::TimerKind::ActionDue, *action_due, 0);
    schedule.clear(incident.id, cleared);
}

}  // namespace

void sync_timers(storage::Database& db, const core::Incident& incident,
                 const core::Runbook& runbook, ActionDueTimer action_due) {
    if (action_due == ActionDueTimer::Keep) return put_timers(db, incident, runbook, nullptr);
    sync_timers(db, incident, runbook, storage::ActionItems(db).list(incident.id));
}

void sync_timers(storage::Database& db, const core::Incident& incident,
                 const core::Runbook& runbook, std::span<const core::ActionItem> items) {
    const auto at = core::next_overdue_reminder(items);
    put_timers(db, incident, runbook, &at);
}

core::Incident IncidentWriter::declare_in_transaction(const commands::Declare& command,
                                                      const std::string& declarer,
                                                      const std::string& origin_channel,
                                                      core::TimePoint now) {
    storage::Incidents incidents(db_);
    core::Incident incident = incidents.declare(storage::NewIncident{
        command.title, command.severity, declarer, origin_channel, now, "", command.is_private});
    const std::chrono::year_month_day date{std::chrono::floor<std::chrono::days>(now)};
    incident.channel_name = commands::channel_name_for(date, incident.title, incident.number, 1);
    incidents.set_channel_name(incident.id, incident.channel_name);
    storage::Timeline(db_).append(core::TimelineEvent{
        0, incident.id, now, declarer, core::EventKind::Declared,
        std::string(core::to_string(incident.severity)) + " " + incident.title, ""});
    sync_timers(db_, incident, runbook_, std::span<const core::ActionItem>{});
    return incident;
}

core::Incident IncidentWriter::declare(const commands::Declare& command,
                                       const std::string& declarer,
                                       const slack_work::ReplyTarget& reply, core::TimePoint now) {
    auto incident = db_.transaction([&] {
        auto incident = declare_in_transaction(command, declarer, reply.channel_id, now);
        storage::Outbox outbox(db_);
        slack_work::declare(outbox, incident.id, declarer, reply, announcing_.announces(incident),
                            now);
        return incident;
    });
    if (events_) events_->declared(incident, core::kSourceSlash);
    return incident;
}

void IncidentWriter::apply(const core::Incident& before, const commands::Change& change,
                           const std::string& actor, core::TimePoint now,
                           const std::vector<core::ActionItem>* items_before) {
    const core::Incident& after = change.after;
    db_.transaction([&] {
        storage::Incidents(db_).save(after);
        storage::Timeline timeline(db_);
        for (const auto& event : change.events) timeline.append(event);
        storage::ActionItems items(db_);
        for (const auto& item : change.action_items) items.save(item);
        storage::Outbox outbox(db_);
        std::optional<std::vector<std::string>> followers;  // read once, if a change tells them
        for (const auto& a : change.announcements) {
            // A new role holder (the acker made IC, too) is invited first,
            // so the announcement's mention reaches a member of the channel.
            if (!a.assignee.empty() && (a.kind == commands::Announcement::Kind::RoleAssigned ||
                                        a.kind == commands::Announcement::Kind::Acknowledged))
                slack_work::invite(outbox, after.id, {a.assignee}, now);
            // Paged by hand: the level's people invited first, as the
            // scheduler's pages do, and told directly if the channel is closed.
            std::vector<slack_work::Direct> directly;
            const bool escalated = a.kind == commands::Announcement::Kind::Escalated;
            if (escalated || a.kind == commands::Announcement::Kind::Paged) {
                const auto people = core::people_of(a.paged);
                slack_work::invite(outbox, after.id, people, now);
                const auto direct = escalated ? messages::escalated_direct(after, a.text, actor)
                                              : messages::paged_direct(after, a.text, actor);
                for (const auto& person : people) directly.push_back({person, direct});
            }
            // A duplicate's people move to the incident the work goes on in.
            if (a.kind == commands::Announcement::Kind::DuplicateClosed)
                slack_work::invite(outbox, after.id, a.paged, now);
            const auto message = announcement_message(a, after, actor, runbook_, now);
            slack_work::post(outbox, after.id, message, now, directly);
            // Followers hear of it directly (not who did it: they know).
            if (messages::tells_followers(a.kind)) {
                if (!followers) followers = storage::Followers(db_).of(after.id);
                for (const auto& person : *followers)
                    if (person != actor)
                        slack_work::direct_message(
                            outbox, after.id, person,
                            messages::to_json(messages::follower_message(after, message)), now);
            }
            // A status update goes to the thread as the channel sees it
            // (the runbook's template, next update due included).
            const bool update = a.kind == commands::Announcement::Kind::StatusUpdate;
            // A private duplicate is not named in the announcement channel.
            const bool private_other =
                (a.kind == commands::Announcement::Kind::DuplicateClosed ||
                 a.kind == commands::Announcement::Kind::DuplicateReopened) &&
                a.other.is_private;
            if (announcing_.announces(after) && !private_other &&
                messages::goes_to_announcement_thread(a.kind, announcing_.updates))
                slack_work::announce_reply(
                    outbox, after.id,
                    update ? message : messages::announcement_reply(a, after, actor), update, now);
        }
        // Everything a command changes shows in the opening message; a note
        // changes nothing. (Comparing renders would cost two Block Kit
        // builds on every command's ack path.)
        if (before != after) slack_work::refresh_opening(outbox, after.id, now);
        // The announcement row also shows the last status line, which an
        // update changes even when the incident's row does not (two updates
        // in one millisecond, or the sandbox's clock standing still).
        const bool updated = std::any_of(
            change.announcements.begin(), change.announcements.end(),
            [](const auto& a) { return a.kind == commands::Announcement::Kind::StatusUpdate; });
        if ((before != after || updated) && announcing_.announces(after))
            slack_work::refresh_announcement(outbox, after.id, now);
        if (messages::channel_topic(before) != messages::channel_topic(after))
            slack_work::refresh_topic(outbox, after.id, now);
        if (change.action_items.empty() || !items_before) {
            sync_timers(db_, after, runbook_,
                        change.action_items.empty() ? ActionDueTimer::Keep : ActionDueTimer::Read);
        } else {
            // The items as this change leaves them, without reading them back.
            std::vector<core::ActionItem> items = *items_before;
            for (const auto& changed : change.action_items) {
                auto same = std::find_if(items.begin(), items.end(),
                                         [&](const auto& a) { return a.number == changed.number; });
                if (same != items.end())
                    *same = changed;
                else
                    items.push_back(changed);
            }
            sync_timers(db_, after, runbook_, items);
        }
    });
    if (events_) events_->changed(before, after);
}

core::Result<commands::Change> IncidentWriter::change(const core::Incident& seen,
                                                      const commands::Command& command,
                                                      const commands::Actor& actor,
                                                      const std::string& bot_user_id) {
    // Decided and written in one write transaction, on the incident as it is
    // stored now: another replica may have changed it since `seen` was read,
    // and a change decided on the older copy would be saved over theirs.
    return db_.transaction([&] {
        const auto current = storage::Incidents(db_).get_for_update(seen.id);
        return change_locked(current ? *current : seen, command, actor, bot_user_id);
    });
}

core::Result<commands::Change> IncidentWriter::change_locked(const core::Incident& before,
                                                             const commands::Command& command,
                                                             const commands::Actor& actor,
                                                             const std::string& bot_user_id) {
    return db_.transaction([&] {
        // Read only for the commands that use them: a round trip fewer for
        // the others on PostgreSQL.
        const bool read = commands::reads_action_items(command);
        const auto actions =
            read ? storage::ActionItems(db_).list(before.id) : std::vector<core::ActionItem>{};
        auto decided = commands::decide(before, command, actor, runbook_, bot_user_id, actions);
        if (decided) apply(before, *decided, actor.user_id, actor.now, read ? &actions : nullptr);
        if (const auto* reopen = std::get_if<commands::Reopen>(&command);
            decided && reopen && !before.duplicate_of.empty())
            tell_original(before.duplicate_of, decided->after, reopen->reason, actor);
        return decided;
    });
}

// Locked after the duplicate, as marking it did. An original gone from the
// database (never, short of someone deleting rows) leaves nothing to tell.
void IncidentWriter::tell_original(const std::string& original_key, const core::Incident& reopened,
                                   const std::string& reason, const commands::Actor& actor) {
    const auto key = core::parse_incident_key(original_key);
    if (!key) return;
    storage::Incidents incidents(db_);
    auto original = incidents.by_key(key->first, key->second);
    if (original) original = incidents.get_for_update(original->id);
    if (!original || original->id == reopened.id) return;
    apply(*original, commands::duplicate_reopened(*original, reopened, reason, actor),
          actor.user_id, actor.now, nullptr);
}

core::Result<commands::DuplicateChange> IncidentWriter::mark_duplicate(
    const core::Incident& duplicate, const commands::MarkDuplicate& command,
    const commands::Actor& actor, const std::string& typed_in, const std::string& bot_user_id) {
    return db_.transaction([&]() -> core::Result<commands::DuplicateChange> {
        storage::Incidents incidents(db_);
        auto original = command.channel_id.empty() ? incidents.by_key(command.year, command.number)
                                                   : incidents.by_channel(command.channel_id);
        // Locked as the duplicate is, so that both change on what is stored now.
        if (original && original->id != duplicate.id)
            original = incidents.get_for_update(original->id);
        // A private incident is not confirmed to exist for anyone outside it.
        if (original && original->is_private && original->channel_id != typed_in &&
            !storage::Timeline(db_).involves(original->id, actor.user_id))
            original.reset();
        auto decided = commands::decide_duplicate(duplicate, original, command, actor, bot_user_id);
        if (!decided) return decided;
        apply(duplicate, decided->duplicate, actor.user_id, actor.now, nullptr);
        apply(*original, decided->original, actor.user_id, actor.now, nullptr);
        return decided;
    });
}

void IncidentWriter::nudge(const core::Incident& after, const core::TimelineEvent& event,
                           const std::vector<std::string>& invite,
                           const messages::SlackMessage& message, core::TimePoint now,
                           const std::vector<slack_work::Direct>& if_archived) {
    db_.transaction([&] {
        storage::Incidents(db_).save(after);
        storage::Timeline(db_).append(event);
        storage::Outbox outbox(db_);
        slack_work::invite(outbox, after.id, invite, now);
        slack_work::post(outbox, after.id, message, now, if_archived);
        sync_timers(db_, after, runbook_, ActionDueTimer::Keep);
    });
}

void IncidentWriter::end_snooze(const core::Incident& after, core::TimePoint now) {
    db_.transaction([&] {
        storage::Incidents(db_).save(after);
        storage::Outbox outbox(db_);
        slack_work::refresh_opening(outbox, after.id, now);
        sync_timers(db_, after, runbook_, ActionDueTimer::Keep);
    });
}

void IncidentWriter::request_upload(const core::Incident& incident,
                                    const slack_work::UploadRequest& request, core::TimePoint now) {
    db_.transaction([&] {
        storage::Outbox outbox(db_);
        slack_work::upload_file(outbox, incident.id, request, now);
    });
}

void IncidentWriter::remind_overdue(const core::Incident& incident,
                                    std::vector<core::ActionItem> items,
                                    const messages::SlackMessage& message, core::TimePoint now,
                                    const std::vector<slack_work::Direct>& if_archived) {
    db_.transaction([&] {
        storage::ActionItems store(db_);
        std::vector<std::string> owners;
        std::string numbers;
        for (auto& item : items) {
            item.reminded_for = item.due;
            store.save(item);
            if (!item.owner.empty()) owners.push_back(item.owner);
            numbers += (numbers.empty() ? "#" : ", #") + std::to_string(item.number);
        }
        storage::Timeline(db_).append(core::TimelineEvent{0, incident.id, now, "",
                                                          core::EventKind::ReminderSent,
                                                          "action items overdue: " + numbers, ""});
        storage::Outbox outbox(db_);
        // Owners are invited first, so that the mention reaches a member.
        slack_work::invite(outbox, incident.id, owners, now);
        slack_work::post(outbox, incident.id, message, now, if_archived);
        sync_timers(db_, incident, runbook_);
    });
}

}  // namespace bot
