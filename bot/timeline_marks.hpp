#pragma once
// The timeline from the channel itself: a message of an incident channel
// marked with TIMELINE_REACTION (:pushpin: by default) or pinned becomes an
// entry (author, text, time, permalink); when its last mark goes (reaction
// removed, unpinned) so does the entry. Each event_id takes effect once,
// also across a restart: it is stored with the change, and the event is
// acked only once that is committed (an event that could not be stored is
// not acked, so Slack delivers it again).
//
// pin_added carries the message; a reaction only names it, so its text and
// permalink are fetched by an outbox row (OutboxWorker::fetch_marked_message,
// defined in timeline_marks.cpp) and written if a mark is still there.
#include <memory>
#include <string>

#include <spdlog/logger.h>
#include <nlohmann/json.hpp>

#include "bot/scheduler.hpp"
#include "commands/slack_text.hpp"
#include "core/clock.hpp"
#include "core/incident.hpp"
#include "slack/ack.hpp"
#include "slack/payloads.hpp"
#include "storage/commit_barrier.hpp"
#include "storage/database.hpp"

namespace bot {

// The entry of `message`, a message of the incident channel; its mentions
// (`<@U…>`, never labelled in a message) read as the names `name_of` knows.
core::TimelineEvent message_entry(std::int64_t incident_id, const slack::EventMessage& message,
                                  const commands::NameOf& name_of = {});

class TimelineMarks {
  public:
    TimelineMarks(storage::Database& db, storage::CommitBarrier& commits, const core::Clock& clock,
                  Scheduler& scheduler, std::shared_ptr<spdlog::logger> logger,
                  const std::string& bot_user_id, std::string reaction)
        : db_(db),
          commits_(commits),
          clock_(clock),
          scheduler_(scheduler),
          log_(std::move(logger)),
          bot_user_id_(bot_user_id),
          reaction_(std::move(reaction)) {}

    // `payload` is an events_api envelope's payload.
    void handle(const nlohmann::json& payload, slack::Ack ack);

  private:
    // What the event changed, for the log.
    enum class Effect { Duplicate, NotAnIncident, OwnMessage, Marked, Fetching, Unmarked, None };
    Effect apply(const slack::MessageMarkEvent& mark, core::TimePoint now);

    storage::Database& db_;
    storage::CommitBarrier& commits_;
    const core::Clock& clock_;
    Scheduler& scheduler_;
    std::shared_ptr<spdlog::logger> log_;
    const std::string& bot_user_id_;
    std::string reaction_;
};

}  // namespace bot
