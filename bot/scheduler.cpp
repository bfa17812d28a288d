#include "bot/scheduler.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>

#include "bot/channel_messages.hpp"
#include "core/due_times.hpp"
#include "core/escalation.hpp"
#include "messages/follow_ups.hpp"
#include "messages/nudges.hpp"
#include "messages/time_text.hpp"
#include "storage/action_items.hpp"
#include "storage/incidents.hpp"
#include "storage/outbox.hpp"
#include "storage/timeline.hpp"

namespace bot {

namespace {

core::TimelineEvent bot_event(const core::Incident& i, core::TimePoint now, core::EventKind kind,
                              std::string text) {
    return core::TimelineEvent{0, i.id, now, "", kind, std::move(text), ""};
}

// Who answers for a resolved incident's follow-ups when its channel is
// archived: the IC, else whoever resolved it, else whoever declared it.
std::string follow_up_person(storage::Database& db, const core::Incident& incident) {
    if (const auto& ic = incident.holder(core::Role::Commander); !ic.empty()) return ic;
    const auto resolved = storage::Timeline(db).newest(incident.id, core::EventKind::Resolved);
    if (resolved && !resolved->actor.empty()) return resolved->actor;
    return incident.declared_by;
}

// Overdue items, each to its owner (unowned ones to the follow-up person).
std::vector<slack_work::Direct> overdue_directly(storage::Database& db,
                                                 const core::Incident& incident,
                                                 const std::vector<core::ActionItem>& overdue) {
    std::vector<std::pair<std::string, std::vector<core::ActionItem>>> by_person;
    std::string fallback;
    for (const auto& item : overdue) {
        std::string person = item.owner;
        if (person.empty()) {
            if (fallback.empty()) fallback = follow_up_person(db, incident);
            person = fallback;
        }
        if (person.empty()) continue;
        auto it = std::find_if(by_person.begin(), by_person.end(),
                               [&](const auto& p) { return p.first == person; });
        if (it == by_person.end()) it = by_person.insert(by_person.end(), {person, {}});
        it->second.push_back(item);
    }
    std::vector<slack_work::Direct> out;
    for (const auto& [person, items] : by_person)
        out.push_back({person, messages::action_items_overdue_direct(incident, items)});
    return out;
}

}  // namespace

Scheduler::Scheduler(boost::asio::io_context& io, storage::Database& db, core::Clock& clock,
                     const core::Runbook& runbook, OutboxWorker& worker,
                     std::shared_ptr<spdlog::logger> logger, SchedulerOptions options)
    : io_(io),
      db_(db),
      clock_(clock),
      runbook_(runbook),
      worker_(worker),
      log_(std::move(logger)),
      options_(options),
      writer_(db, runbook, options.events),
      timer_(io),
      poke_timer_(io) {
    // A ManualClock jumps on another thread (a test's, the sandbox prompt's).
    // Only the posting is thread-safe, so the poke itself runs on the loop.
    clock_.on_jump([this, &io = io_, alive = std::weak_ptr<bool>(alive_)] {
        if (alive.expired()) return;
        boost::asio::post(io, [this, alive] {
            if (alive.lock()) poke_here();
        });
    });
    worker_.on_progress([this] { poke_here(); });
}

Scheduler::~Scheduler() {
    *alive_ = false;
}

void Scheduler::start() {
    stopped_ = false;
    // A page at a time: ten thousand open incidents need not be in memory
    // at once.
    std::size_t open = 0;
    for (std::int64_t after = 0;;) {
        const auto page = storage::Incidents(db_).list_open_page(after, 500);
        if (page.empty()) break;
        db_.transaction([&] {
            for (const auto& incident : page) sync_timers(db_, incident, runbook_);
        });
        open += page.size();
        after = page.back().id;
    }
    log_->info("scheduler: {} open incidents, {} timers", open, storage::Schedule(db_).count());
    poke_here();
}

void Scheduler::stop() {
    stopped_ = true;
    timer_.cancel();
    poke_timer_.cancel();
}

void Scheduler::poke() {
    if (io_.get_executor().running_in_this_thread()) return poke_here();
    if (poked_elsewhere_.exchange(true)) return;
    boost::asio::post(io_, [this, alive = std::weak_ptr<bool>(alive_)] {
        if (!alive.lock()) return;
        poked_elsewhere_ = false;
        // Timers set through the other connection are not in this one's
        // take_earliest_timer_set().
        next_due_.forget();
        poke_here();
    });
}

void Scheduler::poke_here() {
    if (poke_posted_) return;
    poke_posted_ = true;
    // A short pause gathers the pokes of a burst (every command and every
    // finished call pokes) into one wake-up, so that envelopes are read and
    // acked between them rather than after each.
    poke_timer_.expires_after(options_.gather);
    poke_timer_.async_wait(
        [this, alive = std::weak_ptr<bool>(alive_)](boost::system::error_code ec) {
            if (ec || !alive.lock()) return;
            poke_posted_ = false;
            wake();
        });
}

bool Scheduler::idle() {
    const auto now = clock_.now();
    return worker_.in_flight() == 0 && storage::Outbox(db_).next_ready(now, 1).empty() &&
           storage::Schedule(db_).due(now, 1).empty();
}

void Scheduler::wake() {
    if (stopped_) return;
    const auto now = clock_.now();
    // After a failure (the database away) the next try waits its second
    // however often it is poked meanwhile: no busy loop, no flood of logs.
    if (now < retry_at_)
        return sleep_for(std::chrono::ceil<std::chrono::milliseconds>(retry_at_ - now));
    bool more = false;
    bool failed = false;
    try {
        // Nothing is due before the next due time last read, or the
        // earliest set here since (another replica's timers go unseen for
        // up to a second): most wake-ups of a busy bot are for the outbox.
        if (timers_may_be_due(now)) {
            const auto due = storage::Schedule(db_).due(now, options_.batch);
            // Each timer read and fired in one write transaction: what it
            // writes is decided on the incident as stored, not on a copy
            // another replica may have changed since.
            for (const auto& timer : due) db_.transaction([&] { fire(timer, now); });
            more = static_cast<int>(due.size()) == options_.batch;
            // Read here too: a busy bot yields to the loop (poke) without
            // arming, and would otherwise find it stale at every wake-up.
            if (!more) read_next_due(now);
        }
    } catch (const std::exception& e) {
        failed = true;
        log_->error("scheduler: firing timers failed: {}", e.what());
    }
    // Finished Slack calls are kept a day for inspection, then dropped, so
    // the outbox stays the size of the work in hand.
    if (now - last_prune_ >= std::chrono::hours(1)) {
        last_prune_ = now;
        try {
            if (const int pruned = storage::Outbox(db_).prune_done(now - std::chrono::hours(24)))
                log_->debug("scheduler: pruned {} finished outbox rows", pruned);
        } catch (const std::exception& e) {
            log_->warn("scheduler: pruning the outbox failed: {}", e.what());
        }
    }
    const auto loop_now = std::chrono::steady_clock::now();
    if (options_.envelopes_waiting && options_.envelopes_waiting() &&
        loop_now - outbox_turn_ < options_.outbox_yield_max) {
        more = true;  // acks first; the outbox has its turn once they are read
    } else {
        outbox_turn_ = loop_now;
        try {
            more = worker_.drain(now) || more;
        } catch (const std::exception& e) {
            failed = true;
            log_->error("scheduler: draining the outbox failed: {}", e.what());
        }
    }
    if (failed) {
        retry_at_ = now + kRetryAfterFailure;
        return sleep_for(kRetryAfterFailure);
    }
    // Work left over yields to the loop (envelopes waiting to be acked go
    // first), then carries on.
    if (more) return poke_here();
    arm(now);
}

void Scheduler::arm(core::TimePoint now) {
    std::optional<core::TimePoint> next;
    try {
        if (timers_may_be_due(now)) read_next_due(now);
        next = next_due_.at();
        if (const auto outbox = worker_.next_wake(now))
            next = next ? std::min(*next, *outbox) : outbox;
    } catch (const std::exception& e) {
        log_->error("scheduler: reading the next due time failed: {}", e.what());
    }
    // Rounded up: a wake-up a fraction of a millisecond early would find
    // nothing due and spin until it is.
    auto delay = std::chrono::ceil<std::chrono::milliseconds>(
        next ? *next - now : std::chrono::milliseconds(options_.max_sleep));
    delay = std::clamp(delay, std::chrono::milliseconds(0),
                       std::chrono::duration_cast<std::chrono::milliseconds>(options_.max_sleep));
    sleep_for(delay);
}

void Scheduler::sleep_for(std::chrono::milliseconds delay) {
    timer_.expires_after(delay);
    timer_.async_wait([this, alive = std::weak_ptr<bool>(alive_)](boost::system::error_code ec) {
        if (ec || !alive.lock()) return;
        wake();
    });
}

bool Scheduler::timers_may_be_due(core::TimePoint now) {
    next_due_.lower(db_.take_earliest_timer_set());
    return next_due_.stale(now);
}

void Scheduler::read_next_due(core::TimePoint now) {
    next_due_.read(now, storage::Schedule(db_).next_due_at());
}

void Scheduler::nudged(core::EventKind kind, core::TimePoint due, core::TimePoint now) {
    if (options_.events)
        options_.events->nudged(kind,
                                std::chrono::duration_cast<std::chrono::milliseconds>(now - due));
}

void Scheduler::fire(const storage::Timer& timer, core::TimePoint now) {
    auto incident = storage::Incidents(db_).get_for_update(timer.incident_id);
    if (!incident) {
        storage::Schedule(db_).clear_all(timer.incident_id);
        return;
    }
    const auto due = core::due_times(*incident, runbook_);
    const auto is_due = [&](const std::optional<core::TimePoint>& at) { return at && *at <= now; };
    core::Incident after = *incident;
    switch (timer.kind) {
        case storage::TimerKind::Reminder: {
            if (incident->snoozed_until && *incident->snoozed_until <= now) {
                after.snoozed_until.reset();
                writer_.end_snooze(after, now);
                if (!is_due(due.reminder)) return;
            }
            if (!is_due(due.reminder)) break;
            after.last_reminder_at = now;
            const auto since = incident->last_update_at.value_or(incident->declared_at);
            const auto ago =
                messages::age(std::chrono::duration_cast<std::chrono::seconds>(now - since)) +
                " ago";
            const auto schedule = update_schedule(after, runbook_);
            // Archived while still open: the IC and Comms Lead hear it directly.
            std::vector<slack_work::Direct> directly;
            for (const auto role : {core::Role::Commander, core::Role::CommsLead})
                if (const auto& person = after.holder(role);
                    !person.empty() && (directly.empty() || directly[0].user != person))
                    directly.push_back(
                        {person, messages::update_reminder_direct(after, schedule, now)});
            writer_.nudge(after,
                          bot_event(after, now, core::EventKind::ReminderSent,
                                    incident->last_update_at
                                        ? "status update due; last update " + ago
                                        : "status update due; no update yet, declared " + ago),
                          {}, messages::update_reminder(after, schedule, now), now, directly);
            return nudged(core::EventKind::ReminderSent, *due.reminder, now);
        }
        case storage::TimerKind::Escalation: {
            const int levels = core::escalation_levels_due(*incident, runbook_, now);
            if (!is_due(due.escalation) || levels <= incident->escalation_level) break;
            // Levels that fell due while the bot was down are paged together:
            // one message, every contact, none skipped.
            std::vector<std::string> contacts;
            const auto& policy = runbook_.escalation_for(incident->severity);
            for (int level = incident->escalation_level; level < levels; ++level)
                for (const auto& c : policy[static_cast<std::size_t>(level)].contacts)
                    if (std::find(contacts.begin(), contacts.end(), c) == contacts.end())
                        contacts.push_back(c);
            const auto people = core::people_of(contacts);
            after.escalation_level = levels;
            const auto unacknowledged = std::chrono::duration_cast<std::chrono::seconds>(
                now - incident->reopened_at.value_or(incident->declared_at));
            std::vector<slack_work::Direct> directly;
            for (const auto& person : people)
                directly.push_back(
                    {person, messages::escalation_direct(after, levels, unacknowledged)});
            writer_.nudge(after,
                          bot_event(after, now, core::EventKind::EscalationSent,
                                    core::escalation_event_text(levels, contacts)),
                          people, messages::escalation(after, levels, contacts, unacknowledged),
                          now, directly);
            return nudged(core::EventKind::EscalationSent, *due.escalation, now);
        }
        case storage::TimerKind::ActionDue: {
            const auto overdue = storage::ActionItems(db_).due_for_reminder(incident->id, now);
            if (overdue.empty()) break;
            writer_.remind_overdue(*incident, overdue,
                                   messages::action_items_overdue(*incident, overdue), now,
                                   overdue_directly(db_, *incident, overdue));
            return;
        }
        case storage::TimerKind::Postmortem: {
            if (!is_due(due.postmortem)) break;
            after.postmortem_reminded_at = now;
            std::vector<slack_work::Direct> directly;
            if (auto person = follow_up_person(db_, after); !person.empty())
                directly.push_back(
                    {std::move(person), messages::postmortem_reminder_direct(after, now)});
            writer_.nudge(after,
                          bot_event(after, now, core::EventKind::PostmortemDue, "post-mortem due"),
                          {}, messages::postmortem_reminder(after, now), now, directly);
            return nudged(core::EventKind::PostmortemDue, *due.postmortem, now);
        }
    }
    // Stale (an update, an ack or a resolve came first): move or drop it.
    sync_timers(db_, *incident, runbook_);
}

}  // namespace bot
