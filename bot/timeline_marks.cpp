#include "bot/timeline_marks.hpp"

#include <spdlog/spdlog.h>

#include "bot/durable_ack.hpp"
#include "bot/outbox_worker.hpp"
#include "bot/required_scopes.hpp"
#include "bot/slack_work.hpp"
#include "bot/storage_failure.hpp"
#include "commands/limits.hpp"
#include "commands/slack_text.hpp"
#include "messages/utf8.hpp"
#include "storage/incidents.hpp"
#include "storage/message_marks.hpp"
#include "storage/outbox.hpp"
#include "storage/seen_events.hpp"
#include "storage/timeline.hpp"
#include "storage/users.hpp"

namespace bot {

using nlohmann::json;

namespace {

// The names the users table knows, for a marked message's mentions.
commands::NameOf stored_names(storage::Database& db) {
    return [&db](const std::string& id) { return storage::Users(db).find_name(id); };
}

}  // namespace

core::TimelineEvent message_entry(std::int64_t incident_id, const slack::EventMessage& message,
                                  const commands::NameOf& name_of) {
    core::TimelineEvent e;
    e.incident_id = incident_id;
    e.at = slack::time_of_ts(message.ts).value_or(core::TimePoint{});
    e.actor = message.user;
    e.kind = core::EventKind::Message;
    // A message can hold 40,000 characters; the timeline keeps what an
    // update may hold, and the link leads to the rest.
    const auto text = name_of ? commands::label_mentions(message.text, name_of) : message.text;
    e.text = messages::shorten(commands::plain_text(text), commands::kMaxText);
    e.link = message.permalink;
    e.message_ts = message.ts;
    return e;
}

void TimelineMarks::handle(const json& payload, slack::Ack ack) {
    auto mark = slack::parse_message_mark(payload);
    if (!mark) {
        ack();
        if (mark.error().code == "ignored_event")
            log_->debug("ignored {}", mark.error().message);
        else
            log_->warn("ignored events_api payload: {}", mark.error().message);
        return;
    }
    if (!mark->pin() && mark->reaction != reaction_) {
        ack();  // another reaction: nothing to store
        return;
    }
    const auto now = clock_.now();
    Effect effect = Effect::None;
    try {
        effect = db_.transaction([&] { return apply(*mark, now); });
    } catch (const std::exception& e) {
        // Not acked: Slack delivers the event again, and it is tried again.
        log_->log(storage_failure_level(e), "event {} ({} on {} in {}) could not be stored: {}",
                  mark->event_id, mark->pin() ? "pin" : ":" + mark->reaction + ":",
                  mark->message_ts, mark->channel_id, e.what());
        return ack.withhold();
    }
    ack_when_durable(
        commits_, std::move(ack), [log = log_, event = mark->event_id](slack::Ack& owed) {
            log->warn(
                "event {} may not have been stored: left unacknowledged, for Slack to send "
                "it again",
                event);
            owed.withhold();
        });
    switch (effect) {
        case Effect::Duplicate:
            log_->info("event {} was already taken into account (a re-delivery)", mark->event_id);
            break;
        case Effect::Fetching:
            scheduler_.poke();
            [[fallthrough]];
        case Effect::Marked:
        case Effect::Unmarked:
            log_->info("{} {} message {} in {}", mark->user, mark->added() ? "marked" : "unmarked",
                       mark->message_ts, mark->channel_id);
            break;
        case Effect::NotAnIncident:
        case Effect::OwnMessage:
        case Effect::None:
            break;
    }
}

TimelineMarks::Effect TimelineMarks::apply(const slack::MessageMarkEvent& mark,
                                           core::TimePoint now) {
    if (!storage::SeenEvents(db_).first_time(mark.event_id, now)) return Effect::Duplicate;
    const auto incident = storage::Incidents(db_).by_channel(mark.channel_id);
    if (!incident) return Effect::NotAnIncident;
    // The bot's own messages (the pinned opening message, updates, reminders)
    // are on the timeline already.
    const bool own =
        mark.message_ts == incident->opening_ts ||
        (!bot_user_id_.empty() &&
         (mark.item_user == bot_user_id_ || (mark.message && mark.message->user == bot_user_id_)));
    if (own) return Effect::OwnMessage;
    storage::MessageMarks marks(db_);
    storage::Timeline timeline(db_);
    const std::string_view by = mark.pin() ? storage::kPinMark : std::string_view(mark.user);
    if (!mark.added()) {
        marks.remove(incident->id, mark.message_ts, by);
        if (marks.any(incident->id, mark.message_ts)) return Effect::None;
        timeline.remove_message(incident->id, mark.message_ts);
        return Effect::Unmarked;
    }
    marks.add(incident->id, mark.message_ts, by, now);
    if (timeline.has_message(incident->id, mark.message_ts)) return Effect::None;
    if (mark.message) {
        timeline.append(message_entry(incident->id, *mark.message, stored_names(db_)));
        return Effect::Marked;
    }
    storage::Outbox outbox(db_);
    slack_work::fetch_marked_message(outbox, incident->id, mark.message_ts, now);
    return Effect::Fetching;
}

// ---- the outbox row ----------------------------------------------------------

namespace {

const json* message_with_ts(const json& answer, const std::string& ts) {
    const auto it = answer.find("messages");
    if (it == answer.end() || !it->is_array()) return nullptr;
    for (const auto& m : *it)
        if (m.is_object() && m.value("ts", std::string{}) == ts) return &m;
    return nullptr;
}

}  // namespace

void OutboxWorker::fetch_marked_message(const storage::OutboxMessage& row,
                                        const core::Incident& incident, Done done) {
    const auto ts = row.payload.value("message_ts", std::string{});
    if (ts.empty()) return done({Status::Failed, "a marked message without its ts"});
    const auto& channel = incident.channel_id;
    // A message of the channel itself; a reply in a thread is found among
    // its thread's messages instead.
    call_in_channel(
        std::string(method::kHistory), channel,
        json{{"channel", channel},
             {"latest", ts},
             {"oldest", ts},
             {"inclusive", true},
             {"limit", 1}},
        [this, alive = alive_, row, incident, ts, done](core::Result<json> history) {
            if (!*alive) return;
            if (!history) return done(outcome_of(history.error()));
            if (const auto* m = message_with_ts(*history, ts))
                return store_marked_message(row, incident, *m, done);
            web_.call(std::string(method::kReplies),
                      json{{"channel", incident.channel_id}, {"ts", ts}},
                      [this, alive, row, incident, ts, done](core::Result<json> thread) {
                          if (!*alive) return;
                          if (!thread && thread.error().code != "thread_not_found")
                              return done(outcome_of(thread.error()));
                          const auto* m = thread ? message_with_ts(*thread, ts) : nullptr;
                          if (!m)
                              return done({Status::Failed,
                                           "message " + ts + " is not in the channel any more"});
                          store_marked_message(row, incident, *m, done);
                      });
        });
}

void OutboxWorker::store_marked_message(const storage::OutboxMessage& row,
                                        const core::Incident& incident, const json& message,
                                        Done done) {
    slack::EventMessage found{message.value("ts", std::string{}),
                              message.value("user", std::string{}),
                              message.value("text", std::string{}), ""};
    web_.call(std::string(method::kGetPermalink),
              json{{"channel", incident.channel_id}, {"message_ts", found.ts}},
              [this, alive = alive_, row, incident, found, done](core::Result<json> link) mutable {
                  if (!*alive) return;
                  if (!link && outcome_of(link.error()).status == Status::Retry)
                      return done(outcome_of(link.error()));
                  // Refused: the entry is still worth having, without its link.
                  if (link) found.permalink = link->value("permalink", std::string{});
                  try {
                      db_.transaction([&] {
                          // Unmarked meanwhile, or pinned (which brought the text): nothing to add.
                          if (!storage::MessageMarks(db_).any(incident.id, found.ts)) return;
                          storage::Timeline timeline(db_);
                          if (timeline.has_message(incident.id, found.ts)) return;
                          timeline.append(message_entry(incident.id, found, stored_names(db_)));
                      });
                  } catch (const std::exception& e) {
                      return done({Status::Retry, std::string("could not store it: ") + e.what()});
                  }
                  done({});
              });
}

}  // namespace bot
