#pragma once
// Carries out the outbox (bot/slack_work.hpp) through the Web API: the head
// row of every incident's queue at once, each incident's rows strictly in
// order. Every row kind is idempotent or made so: a channel that already
// exists is adopted when this row may have made it, a post that may have
// reached Slack is looked for before it is posted again. Transient failures
// (network, 5xx) wait and retry without limit; Slack refusing a call fails
// that row only.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>

#include <spdlog/logger.h>
#include <nlohmann/json.hpp>

#include "bot/incident_writer.hpp"
#include "bot/kept_time.hpp"
#include "bot/user_directory.hpp"
#include "core/clock.hpp"
#include "core/incident.hpp"
#include "core/result.hpp"
#include "core/runbook.hpp"
#include "messages/slack_message.hpp"
#include "slack/web_api.hpp"
#include "storage/database.hpp"
#include "storage/outbox.hpp"

namespace bot {

struct OutboxWorkerOptions {
    std::size_t max_in_flight = 64;
    // Rows started per drain() before yielding to the loop, so that an
    // envelope waiting to be acked never queues behind a long burst of work.
    std::size_t starts_per_turn = 4;
    std::chrono::seconds retry_max{300};
    int reply_attempts = 5;                  // an ephemeral reply is worth little after that
    int max_channel_suffix = 50;             // `-2` … `-50`, then give up
    core::IncidentEvents* events = nullptr;  // told of changes the outbox stores
    // INCIDENT_ANNOUNCE_CHANNEL ("#incidents" or an id); empty: announcement rows do nothing.
    std::string announce_channel;
    bool announce_updates = false;  // ANNOUNCE_UPDATES: status updates go to the thread too
};

class OutboxWorker {
  public:
    OutboxWorker(storage::Database& db, slack::WebApi& web, UserDirectory& users,
                 const core::Clock& clock, const core::Runbook& runbook,
                 std::shared_ptr<spdlog::logger> logger, OutboxWorkerOptions options = {});

    // From auth.test: lets a retried conversations.create adopt the channel
    // it made before a crash (`name_taken` on a channel the bot created).
    void set_bot_user_id(std::string id) { bot_user_id_ = std::move(id); }
    // Runs after each row finishes, so that the next row of its incident goes.
    void on_progress(std::function<void()> callback) { on_progress_ = std::move(callback); }

    // Stores what finished since the last call (one transaction), then
    // starts ready rows that are not running yet (up to max_in_flight, at
    // most starts_per_turn). True when more are ready: drain again soon.
    // `now` is the caller's, and the same for both: a row that becomes ready
    // between two readings of the clock would be seen by neither.
    bool drain(core::TimePoint now);
    // When a waiting row becomes ready; nullopt when only running rows (which
    // call on_progress when they finish) or nothing is pending.
    std::optional<core::TimePoint> next_wake(core::TimePoint now);
    std::size_t in_flight() const { return running_.size(); }

  private:
    enum class Status { Done, Retry, Failed };
    struct Outcome {
        Status status = Status::Done;
        std::string error;
        // Slack's error code, if Slack refused. `is_archived` or
        // `channel_not_found` with Done: the post row's `if_archived`
        // messages go to their people directly, from rows written with this
        // outcome.
        std::string code = {};
    };
    using Done = std::function<void(Outcome)>;
    using Reply = std::function<void(core::Result<nlohmann::json>)>;

    struct Finished {
        storage::OutboxMessage row;
        Outcome outcome;
    };
    struct Started;
    // With the row's incident as it was read with it (row.incident).
    void start(const storage::OutboxMessage& row);
    // Reads what the row's kind needs and sends its call; `done` comes later.
    void dispatch(const storage::OutboxMessage& row, const std::optional<core::Incident>& incident,
                  Done done);
    void finish(const storage::OutboxMessage& row, const Outcome& outcome);
    void record(const Finished& finished, core::TimePoint now);
    // A post may already be in the channel if an earlier attempt's answer was
    // lost, or the row was pending when an earlier process died.
    bool may_have_been_sent(const storage::OutboxMessage& row) const;
    Outcome outcome_of(const core::Error& error) const;
    // How loud a row given up on is logged.
    spdlog::level::level_enum given_up_level(const storage::OutboxMessage& row,
                                             const Outcome& outcome);

    // One per row kind.
    void create_channel(const storage::OutboxMessage& row, core::Incident incident, Done done);
    // `may_exist`: an earlier create of this name may have taken effect.
    void try_channel_name(core::Incident incident, int attempt, bool may_exist, Done done);
    void next_channel_name(core::Incident incident, int attempt, Done done);
    void adopt_or_next(core::Incident incident, int attempt, std::string cursor, Done done);
    void invite(const storage::OutboxMessage& row, const core::Incident& incident, Done done);
    void invite_next(std::string channel, std::vector<std::string> users, std::size_t i, Done done);
    void post_opening(const storage::OutboxMessage& row, const core::Incident& incident, Done done);
    void pin_opening(const core::Incident& incident, Done done);
    void update_opening(const storage::OutboxMessage& row, const core::Incident& incident,
                        Done done);
    void set_topic(const storage::OutboxMessage& row, const core::Incident& incident, Done done);
    void post(const storage::OutboxMessage& row, const core::Incident& incident, Done done);
    void direct_message(const storage::OutboxMessage& row, Done done);
    // Writes the direct messages of a post row whose channel is archived or
    // closed to the bot (`why`: Slack's answer).
    void send_directly(storage::Outbox& outbox, const storage::OutboxMessage& row,
                       const std::string& why, core::TimePoint now);
    void reply_channel_link(const storage::OutboxMessage& row,
                            const std::optional<core::Incident>& incident, Done done);
    void reply(const storage::OutboxMessage& row, Done done);
    void alert_declare_notice(const storage::OutboxMessage& row, const core::Incident& incident,
                              Done done);
    void assign_named_role(const storage::OutboxMessage& row, Done done);
    messages::SlackMessage opening_of(const core::Incident& incident);
    void tell_upload_failed(storage::Outbox& outbox, const storage::OutboxMessage& row,
                            const std::string& error, core::TimePoint now);
    void upload_file(const storage::OutboxMessage& row, const core::Incident& incident, Done done);
    // A message marked for the timeline by a reaction (bot/timeline_marks.cpp).
    void fetch_marked_message(const storage::OutboxMessage& row, const core::Incident& incident,
                              Done done);
    void store_marked_message(const storage::OutboxMessage& row, const core::Incident& incident,
                              const nlohmann::json& message, Done done);
    // The announcement channel (bot/announcement_rows.cpp).
    void announce(const storage::OutboxMessage& row, const core::Incident& incident, Done done);
    void update_announcement(const storage::OutboxMessage& row, const core::Incident& incident,
                             Done done);
    void announce_reply(const storage::OutboxMessage& row, const core::Incident& incident,
                        Done done);
    // INCIDENT_ANNOUNCE_CHANNEL as an id: given, or looked up by name once.
    void announce_channel_id(std::function<void(core::Result<std::string>)> found);
    // Slack refused the announcement channel: said once in the log, then quiet.
    Outcome announce_refused(const core::Error& error);
    // The opening message was deleted in Slack: a new one is posted and pinned.
    Outcome repost_opening(std::int64_t incident_id, const std::string& gone_ts);

    // chat.postMessage unless a message with `block_id` is already in the
    // channel (when the row may have been sent before); done gets the ts.
    void post_once(const storage::OutboxMessage& row, const std::string& channel,
                   nlohmann::json message, const std::string& block_id,
                   std::function<void(core::Result<std::string>)> done);
    void find_posted(const std::string& channel, const std::string& thread_ts,
                     const std::string& block_id, core::TimePoint since,
                     std::function<void(std::optional<std::string>)> found);
    // A call in the incident channel; on `not_in_channel` the bot joins and
    // tries once more (someone may have removed it).
    void call_in_channel(const std::string& method, const std::string& channel, nlohmann::json args,
                         Reply reply, bool idempotent = true);
    // Slack refused the blocks of `args` (`refusal`): `method` once more
    // with the message's words in one section, and the refusal logged.
    void again_as_one_section(const std::string& method, const std::string& channel,
                              const nlohmann::json& args, const std::string& refusal, Reply reply);

    storage::Database& db_;
    slack::WebApi& web_;
    UserDirectory& users_;
    const core::Clock& clock_;
    const core::Runbook& runbook_;
    std::shared_ptr<spdlog::logger> log_;
    OutboxWorkerOptions options_;
    IncidentWriter writer_;
    std::string bot_user_id_;
    std::function<void()> on_progress_;
    std::string announce_channel_id_;  // resolved INCIDENT_ANNOUNCE_CHANNEL
    bool announce_refusal_logged_ = false;
    storage::Outbox::InHand running_;  // row id -> its incident id
    std::vector<Finished> finished_;   // outcomes not yet stored
    // Rows whose outcome could not be stored (the database was away): still
    // pending with no attempt counted, though their call may have been made.
    std::set<std::int64_t> possibly_sent_;
    // Incidents whose channel was found closed to the app (warned once each).
    std::set<std::int64_t> closed_told_;
    core::TimePoint renew_at_{};  // when the claims on running rows are next extended
    KeptTime later_;              // the next head available after now (next_wake)
    core::TimePoint started_at_;
    std::mt19937_64 random_{std::random_device{}()};  // retry jitter
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);

  public:
    ~OutboxWorker() { *alive_ = false; }
    OutboxWorker(const OutboxWorker&) = delete;
    OutboxWorker& operator=(const OutboxWorker&) = delete;
};

}  // namespace bot
