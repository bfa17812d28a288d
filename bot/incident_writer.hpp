#pragma once
// Stores what a command or a timer decided, together with everything it
// implies, in one SQLite transaction: the incident, its timeline rows, the
// Slack calls to make (outbox) and the incident's timers. Either all of it
// is there after a crash, or none of it.
#include <span>
#include <string>
#include <vector>

#include "bot/slack_work.hpp"
#include "commands/command.hpp"
#include "commands/decide.hpp"
#include "commands/decide_duplicate.hpp"
#include "core/action_item.hpp"
#include "core/clock.hpp"
#include "core/incident.hpp"
#include "core/incident_events.hpp"
#include "core/result.hpp"
#include "core/runbook.hpp"
#include "messages/slack_message.hpp"
#include "storage/database.hpp"

namespace bot {

// The incident's timers, as due_times() derives them: set, moved or cleared.
// The ActionDue timer follows the incident's action items: read from the
// database (Read), or left as it is by a change that touched none (Keep).
enum class ActionDueTimer { Read, Keep };
void sync_timers(storage::Database& db, const core::Incident& incident,
                 const core::Runbook& runbook, ActionDueTimer action_due = ActionDueTimer::Read);
// The same, with the ActionDue timer from `items`: every action item of the
// incident as this transaction leaves them (none for a new incident).
void sync_timers(storage::Database& db, const core::Incident& incident,
                 const core::Runbook& runbook, std::span<const core::ActionItem> items);

class IncidentWriter {
  public:
    // `events`: told after each commit; null tells nobody.
    IncidentWriter(storage::Database& db, const core::Runbook& runbook,
                   core::IncidentEvents* events = nullptr)
        : db_(db), runbook_(runbook), events_(events) {}

    // Which announcement rows changes write (the default: all of them).
    void set_announcing(slack_work::Announcing announcing) { announcing_ = announcing; }
    const slack_work::Announcing& announcing() const { return announcing_; }

    // A new incident (INC-YYYY-NNN), its "declared" row, the whole Slack side
    // of declaring and its timers.
    core::Incident declare(const commands::Declare& command, const std::string& declarer,
                           const slack_work::ReplyTarget& reply, core::TimePoint now);

    // The incident, its "declared" row and timers, inside the caller's
    // transaction and without the Slack side: an alert's incident
    // (bot/alert_intake.hpp) stores its group too and is announced
    // differently. The caller reports it to events().
    core::Incident declare_in_transaction(const commands::Declare& command,
                                          const std::string& declarer,
                                          const std::string& origin_channel, core::TimePoint now);
    core::IncidentEvents* events() const { return events_; }

    // decide() then apply(): the one path from "this person asked for this"
    // to stored. An error leaves everything as it was; its message says what
    // would work.
    core::Result<commands::Change> change(const core::Incident& before,
                                          const commands::Command& command,
                                          const commands::Actor& actor,
                                          const std::string& bot_user_id);
    // The same inside the caller's transaction, on `current` as it read it
    // for update (storage::Incidents::by_channel_for_update).
    core::Result<commands::Change> change_locked(const core::Incident& current,
                                                 const commands::Command& command,
                                                 const commands::Actor& actor,
                                                 const std::string& bot_user_id);

    // `/incident duplicate`: `duplicate` (as the caller read it for update)
    // closed and the incident it names told, both inside the caller's
    // transaction. `typed_in`: the channel the command came from (a private
    // original is seen there, or by the people it involves).
    core::Result<commands::DuplicateChange> mark_duplicate(const core::Incident& duplicate,
                                                           const commands::MarkDuplicate& command,
                                                           const commands::Actor& actor,
                                                           const std::string& typed_in,
                                                           const std::string& bot_user_id);

    // A snooze has run out: `after` without it, the pinned message refreshed.
    void end_snooze(const core::Incident& after, core::TimePoint now);
    // A nudge from the scheduler: the incident (with the scheduler's progress
    // updated), its timeline row, people to invite first, and the message;
    // `if_archived`: what goes to people directly if the channel is archived.
    void nudge(const core::Incident& after, const core::TimelineEvent& event,
               const std::vector<std::string>& invite, const messages::SlackMessage& message,
               core::TimePoint now, const std::vector<slack_work::Direct>& if_archived = {});

    // `/incident postmortem` / `export`: the upload, built when it runs.
    void request_upload(const core::Incident& incident, const slack_work::UploadRequest& request,
                        core::TimePoint now);

    // Overdue action items: each marked reminded for its due date, the
    // reminder on the timeline, owners invited and mentioned.
    void remind_overdue(const core::Incident& incident, std::vector<core::ActionItem> items,
                        const messages::SlackMessage& message, core::TimePoint now,
                        const std::vector<slack_work::Direct>& if_archived = {});

  private:
    // A change decided by commands::decide, announced in the channel, with
    // the opening message and topic refreshed when what they show changed.
    // `items_before`: the incident's action items decide() was given, or
    // null when they were not read (then a change to items reads them back).
    void apply(const core::Incident& before, const commands::Change& change,
               const std::string& actor, core::TimePoint now,
               const std::vector<core::ActionItem>* items_before);
    // A duplicate reopened: the incident it was closed into (by its key) is
    // told, on its timeline and in its channel, in the same transaction.
    void tell_original(const std::string& original_key, const core::Incident& reopened,
                       const std::string& reason, const commands::Actor& actor);

    storage::Database& db_;
    const core::Runbook& runbook_;
    core::IncidentEvents* events_;
    slack_work::Announcing announcing_;
};

}  // namespace bot
