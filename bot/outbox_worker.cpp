#include "bot/outbox_worker.hpp"

#include <algorithm>
#include <random>

#include <spdlog/spdlog.h>

#include "bot/channel_messages.hpp"
#include "bot/ephemeral_reply.hpp"
#include "bot/file_upload.hpp"
#include "bot/required_scopes.hpp"
#include "bot/slack_work.hpp"
#include "commands/channel_name.hpp"
#include "commands/parser.hpp"
#include "messages/action_ids.hpp"
#include "messages/alert_messages.hpp"
#include "messages/block_kit.hpp"
#include "messages/channel_topic.hpp"
#include "messages/opening_message.hpp"
#include "messages/replies.hpp"
#include "reports/export.hpp"
#include "storage/alert_groups.hpp"
#include "storage/incidents.hpp"

namespace bot {

using nlohmann::json;
namespace work = slack_work;

namespace {

// Slack answered, but not yet usefully: these go away by themselves.
bool is_transient(const std::string& code) {
    return code == "network" || code.starts_with("http_5") || code == "bad_response" ||
           code == "ratelimited" || code == "internal_error" || code == "fatal_error" ||
           code == "service_unavailable" || code == "request_timeout" || code == "cancelled" ||
           code == "storage_error" ||
           // A token problem needs a person; keep the work until they fix it.
           code == "invalid_auth" || code == "not_authed" || code == "token_revoked" ||
           code == "account_inactive";
}

// Slack's answers when the bot can no longer post in an incident channel:
// people archived it (as they do once done with it), or it is private and the
// bot was removed from it, which Slack answers as if the channel did not
// exist (as it does for a deleted one). Retrying changes neither.
constexpr std::string_view kArchived = "is_archived";
bool channel_closed(std::string_view code) {
    return code == kArchived || code == "channel_not_found";
}

std::chrono::year_month_day utc_date(core::TimePoint t) {
    return std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(t)};
}

// Puts the block_id a retried post looks for on the message's first block.
json with_marker(json message, const std::string& block_id) {
    auto blocks = message.find("blocks");
    if (blocks != message.end() && blocks->is_array() && !blocks->empty())
        (*blocks)[0]["block_id"] = block_id;
    return message;
}

// Slack's answers for blocks it will not take (chat.postMessage's reference).
bool is_block_refusal(std::string_view code) {
    return code == "invalid_blocks" || code == "invalid_blocks_format" ||
           code == "msg_blocks_too_long";
}

bool has_block_id(const json& message, const std::string& block_id) {
    const auto blocks = message.find("blocks");
    if (blocks == message.end() || !blocks->is_array()) return false;
    return std::any_of(blocks->begin(), blocks->end(), [&](const json& b) {
        return b.is_object() && b.value("block_id", std::string{}) == block_id;
    });
}

std::string string_at(const json& j, const char* key) {
    if (!j.is_object()) return {};
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

}  // namespace

OutboxWorker::OutboxWorker(storage::Database& db, slack::WebApi& web, UserDirectory& users,
                           const core::Clock& clock, const core::Runbook& runbook,
                           std::shared_ptr<spdlog::logger> logger, OutboxWorkerOptions options)
    : db_(db),
      web_(web),
      users_(users),
      clock_(clock),
      runbook_(runbook),
      log_(std::move(logger)),
      options_(options),
      writer_(db, runbook, options.events),
      // Milliseconds, like the rows' created_at since migration 2: floored to
      // the second, a row an earlier process wrote in this same second looked
      // newer than this process and was posted again without the lookup.
      started_at_(clock.now()) {
    // Roles given by name write what a command would, announcement rows included.
    writer_.set_announcing({!options_.announce_channel.empty(), options_.announce_updates});
}

bool OutboxWorker::drain(core::TimePoint now) {
    // Outcomes whose commit goes with the claim below: in doubt until it
    // answers.
    std::vector<std::int64_t> in_doubt;
    if (!finished_.empty()) {
        // One commit for every call that finished since the last wake-up. A
        // crash before it only repeats calls, and every kind is idempotent.
        auto finished = std::move(finished_);
        finished_.clear();
        for (const auto& f : finished) running_.erase(f.row.id);
        // When a claim follows, the commit goes with it (PostgreSQL: one
        // round trip for both, the claim run once the outcomes are
        // committed, so it sees the heads they moved on).
        const bool claim_follows = running_.size() < options_.max_in_flight;
        const auto store = [&] {
            for (const auto& f : finished) record(f, now);
        };
        try {
            if (claim_follows)
                db_.transaction_committed_with_next(store);
            else
                db_.transaction(store);
            for (const auto& f : finished) {
                if (claim_follows)
                    in_doubt.push_back(f.row.id);
                else
                    possibly_sent_.erase(f.row.id);
            }
        } catch (const std::exception& e) {
            // Those rows are still pending and run again below, as calls
            // that may have been made: looked for before they are repeated.
            for (const auto& f : finished) possibly_sent_.insert(f.row.id);
            log_->error("outbox: could not store {} outcomes: {}", finished.size(), e.what());
        }
    }
    storage::Outbox outbox(db_);
    std::vector<storage::OutboxMessage> ready;
    std::size_t room = 0;
    try {
        // The claims on rows in hand (several replicas) are extended a third
        // of a lease ahead of their end, in one statement, not at every drain.
        if (db_.claims() && !running_.empty() && now >= renew_at_) {
            outbox.renew(now + db_.lease());
            renew_at_ = now + db_.lease() / 3;
        }
        if (running_.size() >= options_.max_in_flight) return false;
        room = std::min(options_.max_in_flight - running_.size(), options_.starts_per_turn);
        // One more than there is room for tells whether more are ready.
        ready = outbox.next_ready(now, static_cast<int>(room + 1), running_);
    } catch (const std::exception&) {
        // The outcomes may not have been stored: their rows, still pending
        // then, run again as calls that may have been made.
        for (const auto id : in_doubt) possibly_sent_.insert(id);
        throw;
    }
    for (const auto id : in_doubt) possibly_sent_.erase(id);
    // Claimed just now, until now + lease.
    if (running_.empty()) renew_at_ = now + db_.lease() / 3;
    // Each row comes with its incident, read with it (each row is its
    // incident's head, so starting one does not change another's).
    for (std::size_t i = 0; i < std::min(room, ready.size()); ++i) start(ready[i]);
    return ready.size() > room && running_.size() < options_.max_in_flight;
}

std::optional<core::TimePoint> OutboxWorker::next_wake(core::TimePoint now) {
    // Rows ready by `now` were started by drain(now), or wait for room:
    // either way on_progress comes. A later time is read again once it has
    // come, and at least once a second (another replica's claim ends, or it
    // defers a row, without telling this one); this worker's own deferrals
    // are known without asking. Read at every wake-up, it cost a busy bot
    // on PostgreSQL more server time than any other statement.
    if (later_.stale(now)) later_.read(now, storage::Outbox(db_).next_available_after(now));
    auto at = later_.at();
    // A call that runs long still has its claim renewed in time.
    if (db_.claims() && !running_.empty() && (!at || renew_at_ < *at)) at = renew_at_;
    return at;
}

// Every row started ends in finish(), once. A handler that throws (the
// database went away while an answer was being stored) or drops its `done`
// without calling it would leave the row running for ever, and its
// incident's later calls queued behind it: when the last copy of `done`
// goes without an outcome, the row comes back as a retry, possibly sent.
struct OutboxWorker::Started {
    Started(OutboxWorker* w, std::shared_ptr<bool> a, storage::OutboxMessage r)
        : worker(w), alive(std::move(a)), row(std::move(r)) {}
    Started(const Started&) = delete;
    Started& operator=(const Started&) = delete;
    OutboxWorker* worker;
    std::shared_ptr<bool> alive;
    storage::OutboxMessage row;
    bool ended = false;
    void end(const Outcome& outcome) {
        if (ended) return;
        ended = true;
        if (*alive) worker->finish(row, outcome);
    }
    ~Started() {
        try {
            end({Status::Retry, "stopped before its outcome (database unreachable?)"});
        } catch (...) {
        }
    }
};

void OutboxWorker::start(const storage::OutboxMessage& row) {
    running_.emplace(row.id, row.incident_id);
    auto started = std::make_shared<Started>(this, alive_, row);
    dispatch(row, row.incident, [started](Outcome outcome) { started->end(outcome); });
}

void OutboxWorker::dispatch(const storage::OutboxMessage& row,
                            const std::optional<core::Incident>& incident, Done done) {
    if (row.incident_id != 0 && !incident)
        return done(
            {Status::Failed, "incident " + std::to_string(row.incident_id) + " does not exist"});
    const std::string& kind = row.kind;
    if (kind == work::kReplyChannelLink) return reply_channel_link(row, incident, done);
    if (kind == work::kReply) return reply(row, done);
    if (kind == work::kDirectMessage) return direct_message(row, done);
    if (kind == work::kAssignNamedRole) return assign_named_role(row, done);
    if (!incident) return done({Status::Failed, "a " + kind + " row needs an incident"});
    if (kind == work::kAlertDeclareNotice) return alert_declare_notice(row, *incident, done);
    if (kind == work::kCreateChannel) return create_channel(row, *incident, done);
    if (incident->channel_id.empty())
        return done({Status::Failed, "no channel: it could not be created"});
    if (kind == work::kInvite) return invite(row, *incident, done);
    if (kind == work::kPostOpening) return post_opening(row, *incident, done);
    if (kind == work::kPinOpening) return pin_opening(*incident, done);
    if (kind == work::kUpdateOpening) return update_opening(row, *incident, done);
    if (kind == work::kSetTopic) return set_topic(row, *incident, done);
    if (kind == work::kPost) return post(row, *incident, done);
    if (kind == work::kUploadFile) return upload_file(row, *incident, done);
    if (kind == work::kAnnounce) return announce(row, *incident, done);
    if (kind == work::kUpdateAnnouncement) return update_announcement(row, *incident, done);
    if (kind == work::kAnnounceReply) return announce_reply(row, *incident, done);
    if (kind == work::kFetchMarkedMessage) return fetch_marked_message(row, *incident, done);
    done({Status::Failed, "unknown outbox row kind " + kind});
}

bool OutboxWorker::may_have_been_sent(const storage::OutboxMessage& row) const {
    return row.attempts > 0 || row.created_at <= started_at_ || possibly_sent_.count(row.id);
}

void OutboxWorker::finish(const storage::OutboxMessage& row, const Outcome& outcome) {
    // Still counted as running until drain() has stored the outcome, so that
    // the row is not started again meanwhile.
    finished_.push_back({row, outcome});
    if (on_progress_) on_progress_();
}

void OutboxWorker::record(const Finished& finished, core::TimePoint now) {
    const auto& row = finished.row;
    const auto& outcome = finished.outcome;
    storage::Outbox outbox(db_);
    const bool give_up_reply = (row.kind == work::kReplyChannelLink || row.kind == work::kReply) &&
                               row.attempts + 1 >= options_.reply_attempts;
    try {
        switch (outcome.status) {
            case Status::Done:
                outbox.mark_done(row.id, now);
                if (channel_closed(outcome.code)) send_directly(outbox, row, outcome.code, now);
                break;
            case Status::Retry:
                if (!give_up_reply) {
                    // Exponential in the attempts, capped, with jitter so a
                    // Slack-wide blip does not bring every row back at once.
                    const auto base = std::min<std::int64_t>(
                        options_.retry_max.count(), std::int64_t{1} << std::min(row.attempts, 20));
                    std::uniform_int_distribution<std::int64_t> jitter(0, base / 2);
                    const auto delay = std::chrono::seconds(base / 2 + 1 + jitter(random_));
                    log_->warn("outbox {} ({}, incident {}) failed: {}; retrying in {}s", row.id,
                               row.kind, row.incident_id, outcome.error, delay.count());
                    outbox.defer(row.id, now + delay, outcome.error);
                    later_.lower(now + delay);
                    break;
                }
                [[fallthrough]];
            case Status::Failed:
                log_->log(given_up_level(row, outcome), "outbox {} ({}, incident {}) given up: {}",
                          row.id, row.kind, row.incident_id, outcome.error);
                outbox.mark_failed(row.id, outcome.error, now);
                if (row.kind == work::kUploadFile)
                    tell_upload_failed(outbox, row, outcome.error, now);
                break;
        }
    } catch (const std::exception& e) {
        // The row stays pending and runs again: every kind is idempotent.
        log_->error("outbox {}: could not record the outcome: {}", row.id, e.what());
    }
}

spdlog::level::level_enum OutboxWorker::given_up_level(const storage::OutboxMessage& row,
                                                       const Outcome& outcome) {
    // People archive incident channels once done with them: what the bot
    // still had to say there is dropped, not an error. So is a direct
    // message to a bot: an incident Alertmanager declared and resolved,
    // nobody taking IC, has nobody to tell.
    if (outcome.code == kArchived || outcome.code == "cannot_dm_bot") return spdlog::level::info;
    const bool incident_channel = row.kind == work::kInvite || row.kind == work::kPostOpening ||
                                  row.kind == work::kPinOpening ||
                                  row.kind == work::kUpdateOpening || row.kind == work::kSetTopic ||
                                  row.kind == work::kPost || row.kind == work::kUploadFile ||
                                  row.kind == work::kFetchMarkedMessage;
    if (!incident_channel || outcome.code != "channel_not_found") return spdlog::level::err;
    // The app was removed from the private incident channel (or it was
    // deleted): a person can put that right, so it is said once per
    // incident, with how; each row after that is routine.
    if (!closed_told_.insert(row.incident_id).second) return spdlog::level::info;
    log_->warn(
        "{}: its channel {} answers channel_not_found: the app was removed from it (or it was "
        "deleted). Pages and reminders go to people directly; invite the app back into the "
        "channel for the bot to post there again",
        row.incident ? core::incident_key(*row.incident)
                     : "incident " + std::to_string(row.incident_id),
        row.incident ? "#" + row.incident->channel_name : std::string("(unknown)"));
    return spdlog::level::info;
}

OutboxWorker::Outcome OutboxWorker::outcome_of(const core::Error& error) const {
    return {is_transient(error.code) ? Status::Retry : Status::Failed, error.message, error.code};
}

// ---- create_channel ---------------------------------------------------------

void OutboxWorker::create_channel(const storage::OutboxMessage& row, core::Incident incident,
                                  Done done) {
    if (!incident.channel_id.empty()) return done({});
    // Resume from the name last tried (a restart may come after `name_taken`).
    const auto date = utc_date(incident.declared_at);
    int attempt = 1;
    while (attempt < options_.max_channel_suffix &&
           commands::channel_name_for(date, incident.title, incident.number, attempt) !=
               incident.channel_name)
        ++attempt;
    if (attempt >= options_.max_channel_suffix) attempt = 1;
    // Names other incidents of ours hold are taken: not worth a call each.
    storage::Incidents incidents(db_);
    while (attempt < options_.max_channel_suffix &&
           incidents.channel_name_claimed(
               commands::channel_name_for(date, incident.title, incident.number, attempt),
               incident.id))
        ++attempt;
    // Only a create that may have reached Slack before (an earlier attempt,
    // or a process that died) can have made the channel a `name_taken` is
    // about; otherwise that name is someone else's and the next one is tried.
    try_channel_name(std::move(incident), attempt, may_have_been_sent(row), std::move(done));
}

void OutboxWorker::try_channel_name(core::Incident incident, int attempt, bool may_exist,
                                    Done done) {
    const auto name = commands::channel_name_for(utc_date(incident.declared_at), incident.title,
                                                 incident.number, attempt);
    if (name != incident.channel_name) {
        storage::Incidents(db_).set_channel_name(incident.id, name);
        incident.channel_name = name;
    }
    // Not repeated by the Web API client after a network error: a repeat of
    // a create that took effect would meet `name_taken` with nothing to say
    // the channel is ours. The row retries instead, as a call that may have
    // been made.
    slack::CallOptions once;
    once.idempotent = false;
    web_.call(
        std::string(method::kCreate), json{{"name", name}, {"is_private", incident.is_private}},
        [this, alive = alive_, incident, attempt, may_exist,
         done](core::Result<json> result) mutable {
            if (!*alive) return;
            if (result) {
                const auto id = string_at(result->value("channel", json::object()), "id");
                if (id.empty()) return done({Status::Failed, "conversations.create: no id"});
                storage::Incidents(db_).set_channel(incident.id, id, incident.channel_name);
                log_->info("{}: created #{} ({})", core::incident_key(incident),
                           incident.channel_name, id);
                return done({});
            }
            if (result.error().code != "name_taken") return done(outcome_of(result.error()));
            if (may_exist) return adopt_or_next(std::move(incident), attempt, "", std::move(done));
            next_channel_name(std::move(incident), attempt, std::move(done));
        },
        once);
}

void OutboxWorker::next_channel_name(core::Incident incident, int attempt, Done done) {
    if (attempt + 1 > options_.max_channel_suffix)
        return done({Status::Failed, "every channel name up to -" +
                                         std::to_string(options_.max_channel_suffix) +
                                         " is taken"});
    // A name tried for the first time cannot have been made by this row.
    try_channel_name(std::move(incident), attempt + 1, false, std::move(done));
}

// `name_taken` after a lost answer or a crash may be our own channel: adopt
// it when the bot created it for nobody else, around the time of declaring.
void OutboxWorker::adopt_or_next(core::Incident incident, int attempt, std::string cursor,
                                 Done done) {
    if (bot_user_id_.empty())
        return next_channel_name(std::move(incident), attempt, std::move(done));
    // A private channel is listed only with types=private_channel (and
    // groups:read), and only to members, which its creator is.
    json args{{"types", incident.is_private ? "private_channel" : "public_channel"},
              {"exclude_archived", false},
              {"limit", 1000}};
    if (!cursor.empty()) args["cursor"] = cursor;
    web_.call(std::string(method::kList), std::move(args),
              [this, alive = alive_, incident, attempt, done](core::Result<json> result) mutable {
                  if (!*alive) return;
                  if (!result) return done(outcome_of(result.error()));
                  const auto channels = result->value("channels", json::array());
                  for (const json& c : channels) {
                      if (!c.is_object() || string_at(c, "name") != incident.channel_name) continue;
                      const auto id = string_at(c, "id");
                      const auto created =
                          core::from_unix_seconds(c.value("created", std::int64_t{0}));
                      const bool ours = string_at(c, "creator") == bot_user_id_ &&
                                        !c.value("is_archived", false) &&
                                        created + std::chrono::minutes(2) >= incident.declared_at &&
                                        !storage::Incidents(db_).channel_bound(id);
                      if (!ours)
                          return next_channel_name(std::move(incident), attempt, std::move(done));
                      storage::Incidents(db_).set_channel(incident.id, id, incident.channel_name);
                      log_->info("{}: adopted #{} ({}), created before a lost answer",
                                 core::incident_key(incident), incident.channel_name, id);
                      return done({});
                  }
                  const auto cursor =
                      string_at(result->value("response_metadata", json::object()), "next_cursor");
                  if (cursor.empty())
                      return next_channel_name(std::move(incident), attempt, std::move(done));
                  adopt_or_next(std::move(incident), attempt, cursor, std::move(done));
              });
}

// ---- invite -----------------------------------------------------------------

void OutboxWorker::invite(const storage::OutboxMessage& row, const core::Incident& incident,
                          Done done) {
    std::vector<std::string> users;
    if (const auto list = row.payload.find("users"); list != row.payload.end() && list->is_array())
        for (const json& u : *list)
            if (u.is_string() && u.get<std::string>() != bot_user_id_)
                users.push_back(u.get<std::string>());
    invite_next(incident.channel_id, std::move(users), 0, std::move(done));
}

// One user per call: Slack fails a whole multi-user invite for one bad id.
void OutboxWorker::invite_next(std::string channel, std::vector<std::string> users, std::size_t i,
                               Done done) {
    if (i >= users.size()) return done({});
    const std::string user = users[i];
    call_in_channel(
        std::string(method::kInvite), channel, json{{"channel", channel}, {"users", user}},
        [this, alive = alive_, channel, users, i, user, done](core::Result<json> result) mutable {
            if (!*alive) return;
            if (!result) {
                const auto& code = result.error().code;
                // Archived or closed to the bot: nobody can be invited.
                if (is_transient(code) || channel_closed(code))
                    return done(outcome_of(result.error()));
                if (code != "already_in_channel" && code != "cant_invite_self")
                    log_->warn("could not invite {} to {}: {}", user, channel, code);
            }
            invite_next(std::move(channel), std::move(users), i + 1, std::move(done));
        });
}

// ---- the opening message and topic ------------------------------------------

// The opening message as it reads now, with the alerts an alert-declared
// incident came from (read from storage, so a refresh shows them too).
messages::SlackMessage OutboxWorker::opening_of(const core::Incident& incident) {
    storage::AlertGroups groups(db_);
    std::vector<alerts::Alert> alerts;
    for (const auto& state :
         groups.states_of_incident(incident.id, static_cast<int>(messages::kMaxOpeningAlerts))) {
        alerts::Alert a;
        a.status = state.status == "resolved" ? alerts::Status::Resolved : alerts::Status::Firing;
        const auto labels = json::parse(state.labels, nullptr, false);
        if (labels.is_object())
            for (const auto& [k, v] : labels.items())
                if (v.is_string()) a.labels[k] = v.get<std::string>();
        a.starts_at = state.starts_at;
        a.generator_url = state.generator_url;
        a.fingerprint = state.fingerprint;
        alerts.push_back(std::move(a));
    }
    const auto total = alerts.empty() ? 0 : groups.count_of_incident(incident.id);
    return messages::opening_message(incident, update_schedule(incident, runbook_), alerts,
                                     static_cast<std::size_t>(total) - alerts.size());
}

void OutboxWorker::post_opening(const storage::OutboxMessage& row, const core::Incident& incident,
                                Done done) {
    if (!incident.opening_ts.empty()) return done({});
    const auto message = opening_of(incident);
    post_once(row, incident.channel_id, messages::to_json(message),
              messages::action_ids::opening_block_id(incident.id),
              [this, alive = alive_, id = incident.id, done](core::Result<std::string> ts) {
                  if (!*alive) return;
                  if (!ts) return done(outcome_of(ts.error()));
                  storage::Incidents(db_).set_opening_ts(id, *ts);
                  done({});
              });
}

void OutboxWorker::pin_opening(const core::Incident& incident, Done done) {
    if (incident.opening_ts.empty()) return done({Status::Failed, "no opening message to pin"});
    call_in_channel(std::string(method::kPinsAdd), incident.channel_id,
                    json{{"channel", incident.channel_id}, {"timestamp", incident.opening_ts}},
                    [this, alive = alive_, done](core::Result<json> result) {
                        if (!*alive) return;
                        if (!result && result.error().code != "already_pinned")
                            return done(outcome_of(result.error()));
                        done({});
                    });
}

void OutboxWorker::update_opening(const storage::OutboxMessage& row, const core::Incident& incident,
                                  Done done) {
    // Not posted yet: the post will show the latest state. A later refresh
    // pending: it will, and Slack's tier-3 limit on chat.update is spared.
    if (incident.opening_ts.empty() || row.superseded) return done({});
    json args = with_marker(messages::to_json(opening_of(incident)),
                            messages::action_ids::opening_block_id(incident.id));
    args["channel"] = incident.channel_id;
    args["ts"] = incident.opening_ts;
    auto kept = std::make_shared<const json>(args);
    call_in_channel(std::string(method::kUpdate), incident.channel_id, std::move(args),
                    [this, alive = alive_, id = incident.id, ts = incident.opening_ts,
                     channel = incident.channel_id, kept, done](core::Result<json> result) {
                        if (!*alive) return;
                        if (!result && result.error().code == "message_not_found")
                            return done(repost_opening(id, ts));
                        if (!result && is_block_refusal(result.error().code))
                            return again_as_one_section(
                                std::string(method::kUpdate), channel, *kept, result.error().code,
                                [this, alive, done](core::Result<json> again) {
                                    if (!*alive) return;
                                    done(again ? Outcome{} : outcome_of(again.error()));
                                });
                        done(result ? Outcome{} : outcome_of(result.error()));
                    });
}

// Someone deleted the pinned opening message: the channel gets a new one,
// pinned, with the buttons people need. Only once for a message that is
// gone (two refreshes may both find it so).
OutboxWorker::Outcome OutboxWorker::repost_opening(std::int64_t incident_id,
                                                   const std::string& gone_ts) {
    const auto now = clock_.now();
    db_.transaction([&] {
        storage::Incidents incidents(db_);
        const auto incident = incidents.get(incident_id);
        if (!incident || incident->opening_ts != gone_ts) return;
        incidents.set_opening_ts(incident_id, "");
        storage::Outbox outbox(db_);
        outbox.enqueue(incident_id, slack_work::kPostOpening, json::object(), now);
        outbox.enqueue(incident_id, slack_work::kPinOpening, json::object(), now);
        log_->warn("{}: the opening message {} was deleted in Slack; posting it again",
                   core::incident_key(*incident), gone_ts);
    });
    return {};
}

void OutboxWorker::set_topic(const storage::OutboxMessage& row, const core::Incident& incident,
                             Done done) {
    if (row.superseded) return done({});
    call_in_channel(
        std::string(method::kSetTopic), incident.channel_id,
        json{{"channel", incident.channel_id}, {"topic", messages::channel_topic(incident)}},
        [this, alive = alive_, done](core::Result<json> result) {
            if (!*alive) return;
            done(result ? Outcome{} : outcome_of(result.error()));
        });
}

// ---- posts and replies ------------------------------------------------------

void OutboxWorker::post(const storage::OutboxMessage& row, const core::Incident& incident,
                        Done done) {
    const auto message = row.payload.is_object() ? row.payload.value("message", json()) : json();
    if (!message.is_object()) return done({Status::Failed, "post row without a message"});
    const bool redirects = row.payload.contains("if_archived");
    post_once(row, incident.channel_id, message, messages::action_ids::post_block_id(row.id),
              [this, alive = alive_, done, redirects](core::Result<std::string> ts) {
                  if (!*alive) return;
                  if (!ts && channel_closed(ts.error().code) && redirects)
                      return done({Status::Done, "", ts.error().code});
                  done(ts ? Outcome{} : outcome_of(ts.error()));
              });
}

void OutboxWorker::send_directly(storage::Outbox& outbox, const storage::OutboxMessage& row,
                                 const std::string& why, core::TimePoint now) {
    const auto& people = row.payload.at("if_archived");
    for (const json& d : people)
        work::direct_message(outbox, row.incident_id, string_at(d, "user"),
                             d.value("message", json()), now);
    log_->info("outbox {} (incident {}): its channel answered {}; {} people get it directly",
               row.id, row.incident_id, why, people.size());
}

void OutboxWorker::direct_message(const storage::OutboxMessage& row, Done done) {
    const auto user = string_at(row.payload, "user");
    json args = row.payload.value("message", json());
    if (user.empty() || !args.is_object())
        return done({Status::Failed, "a direct_message row without a user or a message"});
    args["channel"] = user;  // Slack posts it in the app's DM with them
    // Not looked for before a repeat, as posts in channels are: reading the
    // app's DMs back needs a scope (im:history) the bot does not ask for. A
    // crash during this one call may send it twice; it never loses it.
    slack::CallOptions options;
    options.idempotent = false;
    web_.call(
        std::string(method::kPostMessage), args,
        [this, alive = alive_, done](core::Result<json> result) {
            if (!*alive) return;
            done(result ? Outcome{} : outcome_of(result.error()));
        },
        options);
}

void OutboxWorker::reply_channel_link(const storage::OutboxMessage& row,
                                      const std::optional<core::Incident>& incident, Done done) {
    if (!incident) return done({Status::Failed, "no incident to link"});
    const auto message =
        incident->channel_id.empty()
            ? messages::error_reply(core::incident_key(*incident) +
                                    " is recorded, but Slack refused to create its channel; ask a "
                                    "workspace admin whether apps may create channels, then "
                                    "declare again.")
            : messages::channel_link_reply(*incident);
    send_ephemeral(web_, work::reply_target_from(row.payload), message,
                   [this, alive = alive_, done](core::Result<json> result) {
                       if (!*alive) return;
                       done(result ? Outcome{} : outcome_of(result.error()));
                   });
}

void OutboxWorker::alert_declare_notice(const storage::OutboxMessage& row,
                                        const core::Incident& incident, Done done) {
    const auto channel = string_at(row.payload, "channel");
    if (channel.empty())
        return done({Status::Failed, "an alert_declare_notice row without a channel"});
    post_once(row, channel, messages::to_json(messages::alert_incident_announcement(incident)),
              messages::action_ids::post_block_id(row.id),
              [this, alive = alive_, done](core::Result<std::string> ts) {
                  if (!*alive) return;
                  done(ts ? Outcome{} : outcome_of(ts.error()));
              });
}

void OutboxWorker::reply(const storage::OutboxMessage& row, Done done) {
    const json message =
        row.payload.is_object() ? row.payload.value("message", json::object()) : json::object();
    const messages::SlackMessage reply{string_at(message, "text"),
                                       message.value("blocks", json::array())};
    if (reply.text.empty()) return done({Status::Failed, "a reply row without text"});
    send_ephemeral(web_, work::reply_target_from(row.payload.value("target", json::object())),
                   reply, [this, alive = alive_, done](core::Result<json> result) {
                       if (!*alive) return;
                       done(result ? Outcome{} : outcome_of(result.error()));
                   });
}

// ---- upload_file ------------------------------------------------------------

// The person who asked for a file that Slack would not take hears why, and
// how else to get it; in the same transaction as giving the row up.
void OutboxWorker::tell_upload_failed(storage::Outbox& outbox, const storage::OutboxMessage& row,
                                      const std::string& error, core::TimePoint now) {
    const auto request = work::upload_request_from(row.payload);
    const auto incident = storage::Incidents(db_).get(row.incident_id);
    if (!incident || incident->channel_id.empty() || request.requested_by.empty()) return;
    const std::string format(core::to_string(request.format));
    const std::string again =
        request.postmortem ? "/incident postmortem" : "/incident export " + format;
    work::reply(outbox, incident->id, {"", incident->channel_id, request.requested_by},
                messages::error_reply(
                    "Slack did not take the file " +
                    reports::file_name(*incident, request.format, request.postmortem) + " (" +
                    error + "). Try `" + again + "` again in a moment, or export it from the " +
                    "shell: `incident-bot export " + core::incident_key(*incident) + " --format " +
                    format + "`."),
                now);
}

void OutboxWorker::upload_file(const storage::OutboxMessage& row, const core::Incident& incident,
                               Done done) {
    std::make_shared<FileUpload>(db_, web_, clock_, log_, row, incident,
                                 [this, alive = alive_, done](std::optional<core::Error> error) {
                                     if (!*alive) return;
                                     done(error ? outcome_of(*error) : Outcome{});
                                 })
        ->start();
}

// ---- assign_named_role ------------------------------------------------------

void OutboxWorker::assign_named_role(const storage::OutboxMessage& row, Done done) {
    const auto request = work::named_role_request_from(row.payload);
    if (request.name.empty()) return done({Status::Failed, "a role request without a name"});
    users_.resolve(
        request.name, [this, alive = alive_, row, request, done](UserDirectory::Lookup found) {
            if (!*alive) return;
            if (!found.answered) return done({Status::Retry, "users.list did not answer"});
            const auto now = clock_.now();
            try {
                // The role, its announcement and this row's completion in one
                // transaction: a crash repeats the whole request or none of it.
                db_.transaction([&] {
                    storage::Outbox outbox(db_);
                    std::string refused;
                    const auto incident = storage::Incidents(db_).get(row.incident_id);
                    if (!found.user_id) {
                        refused = "No user @" + request.name +
                                  " in this workspace. Pick them from Slack's @-autocomplete, " +
                                  (request.command_text.empty()
                                       ? "or use the user picker on the pinned message."
                                       : "or say `me`.");
                    } else if (incident) {
                        // A role, or the action-item command stored whole.
                        std::optional<commands::Command> command;
                        if (request.command_text.empty()) {
                            command = commands::AssignRole{
                                request.role, commands::UserRef{*found.user_id, "", false}};
                        } else if (auto parsed = commands::parse_command(request.command_text)) {
                            command = commands::with_owner_id(*parsed, *found.user_id);
                        } else {
                            refused = parsed.error().message;
                        }
                        if (command) {
                            const auto changed = writer_.change(
                                *incident, *command, {request.requested_by, now}, bot_user_id_);
                            if (!changed) refused = changed.error().message;
                        }
                    }
                    if (!refused.empty())
                        work::reply(outbox, row.incident_id, request.reply,
                                    messages::error_reply(refused), now);
                    outbox.mark_done(row.id, now);
                });
            } catch (const std::exception& e) {
                return done({Status::Retry, std::string("could not store the role: ") + e.what()});
            }
            done({});
        });
}

void OutboxWorker::post_once(const storage::OutboxMessage& row, const std::string& channel,
                             json message, const std::string& block_id,
                             std::function<void(core::Result<std::string>)> done) {
    auto send = [this, alive = alive_, row, channel, block_id, done](json m) mutable {
        if (!*alive) return;
        json args = with_marker(std::move(m), block_id);
        args["channel"] = channel;
        auto kept = std::make_shared<const json>(args);
        call_in_channel(
            std::string(method::kPostMessage), channel, std::move(args),
            [this, alive, channel, kept, done](core::Result<json> result) {
                if (!*alive) return;
                if (!result && is_block_refusal(result.error().code))
                    return again_as_one_section(std::string(method::kPostMessage), channel, *kept,
                                                result.error().code,
                                                [done](core::Result<json> again) {
                                                    if (!again) return done(again.error());
                                                    done(string_at(*again, "ts"));
                                                });
                if (!result) return done(result.error());
                done(string_at(*result, "ts"));
            },
            /*idempotent=*/false);
    };
    if (!may_have_been_sent(row)) return send(std::move(message));
    const auto thread_ts = string_at(message, "thread_ts");
    find_posted(channel, thread_ts, block_id, row.created_at,
                [send, message, done](std::optional<std::string> ts) mutable {
                    if (ts) return done(*ts);
                    send(std::move(message));
                });
}

void OutboxWorker::find_posted(const std::string& channel, const std::string& thread_ts,
                               const std::string& block_id, core::TimePoint since,
                               std::function<void(std::optional<std::string>)> found) {
    // The row was written before the post; a minute's margin covers clocks.
    const auto oldest = core::unix_seconds(since) - 60;
    // conversations.history lists a channel's top-level messages only; a
    // reply is found in its thread.
    json args{{"channel", channel}, {"oldest", std::to_string(oldest)}, {"limit", 200}};
    if (!thread_ts.empty()) args["ts"] = thread_ts;
    web_.call(std::string(thread_ts.empty() ? method::kHistory : method::kReplies), std::move(args),
              [this, alive = alive_, block_id, found](core::Result<json> result) {
                  if (!*alive) return;
                  // Not a member: the bot cannot have posted there.
                  if (!result && result.error().code == "not_in_channel")
                      return found(std::nullopt);
                  if (!result) {
                      // Unknown: posting again risks a duplicate, not a loss.
                      log_->warn("could not look for {} before re-posting: {}", block_id,
                                 result.error().code);
                      return found(std::nullopt);
                  }
                  for (const json& m : result->value("messages", json::array()))
                      if (m.is_object() && has_block_id(m, block_id))
                          return found(string_at(m, "ts"));
                  found(std::nullopt);
              });
}

// A rule of Slack's the renderers missed: the same words in one section
// reach the channel, and the log says what to fix. Once: a second refusal
// is final. Not retried as idempotent: a post made twice is two messages.
void OutboxWorker::again_as_one_section(const std::string& method, const std::string& channel,
                                        const json& args, const std::string& refusal, Reply reply) {
    log_->warn("Slack refused the blocks of a {} in {} ({}): sending its words as one section",
               method, channel, refusal);
    call_in_channel(method, channel, messages::block_kit::as_one_section(args), std::move(reply),
                    /*idempotent=*/false);
}

void OutboxWorker::call_in_channel(const std::string& method, const std::string& channel, json args,
                                   Reply reply, bool idempotent) {
    slack::CallOptions options;
    options.idempotent = idempotent;
    // Kept for the call again after joining, shared rather than copied (a
    // message's blocks are most of a command's bytes).
    const auto kept = std::make_shared<const json>(std::move(args));
    web_.call(
        method, *kept,
        [this, alive = alive_, method, channel, kept, reply,
         options](core::Result<json> r) mutable {
            if (!*alive) return;
            if (r || r.error().code != "not_in_channel") return reply(std::move(r));
            log_->info("not a member of {}: joining it", channel);
            web_.call(
                std::string(method::kJoin), json{{"channel", channel}},
                [this, alive, method, kept, reply, options](core::Result<json> joined) mutable {
                    if (!*alive) return;
                    if (!joined) return reply(joined.error());
                    web_.call(method, *kept, std::move(reply), options);
                });
        },
        options);
}

}  // namespace bot
