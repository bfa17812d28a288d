// The outbox rows of the announcement channel (INCIDENT_ANNOUNCE_CHANNEL):
// one message per incident, posted once (found again after a crash by its
// block_id, like the opening message), kept current with chat.update, and
// replies in its thread. Without a configured channel every row is done at
// once. A channel the bot cannot use is said once in the log; the incident's
// own channel never waits for it.
#include <spdlog/spdlog.h>

#include "bot/channel_lookup.hpp"
#include "bot/comms.hpp"
#include "bot/outbox_worker.hpp"
#include "bot/required_scopes.hpp"
#include "messages/action_ids.hpp"
#include "messages/announcement.hpp"
#include "storage/incidents.hpp"

namespace bot {

using nlohmann::json;

namespace {

std::string announce_block_id(std::int64_t incident_id) {
    return "incident.announce:" + std::to_string(incident_id);
}

}  // namespace

OutboxWorker::Outcome OutboxWorker::announce_refused(const core::Error& error) {
    const auto outcome = outcome_of(error);
    if (outcome.status == Status::Retry) return outcome;
    if (!announce_refusal_logged_) {
        announce_refusal_logged_ = true;
        log_->error(
            "INCIDENT_ANNOUNCE_CHANNEL {}: Slack refused it ({}); incidents are not announced "
            "there. A private channel needs the bot invited (/invite @incident-bot).",
            options_.announce_channel, error.code);
    }
    return {};
}

void OutboxWorker::announce_channel_id(std::function<void(core::Result<std::string>)> found) {
    const auto& configured = options_.announce_channel;
    if (!announce_channel_id_.empty()) return found(announce_channel_id_);
    if (!configured.starts_with("#")) {
        announce_channel_id_ = configured;
        return found(announce_channel_id_);
    }
    find_public_channel(web_, configured.substr(1),
                        [this, alive = alive_, found](core::Result<json> channel) {
                            if (!*alive) return;
                            if (!channel) return found(channel.error());
                            announce_channel_id_ = channel->value("id", std::string{});
                            return found(announce_channel_id_);
                        });
}

void OutboxWorker::announce(const storage::OutboxMessage& row, const core::Incident& incident,
                            Done done) {
    // The rule the row was written under (slack_work::Announcing): no channel,
    // or a private incident, whose title alone can say too much. Asked again
    // here for a row written before the incident was made private.
    if (!writer_.announcing().announces(incident) || !incident.announce_ts.empty()) return done({});
    announce_channel_id(
        [this, alive = alive_, row, incident, done](core::Result<std::string> channel) {
            if (!*alive) return;
            if (!channel) return done(announce_refused(channel.error()));
            const auto message =
                messages::announcement(incident, last_update_fields(db_, incident.id).status);
            post_once(row, *channel, messages::to_json(message), announce_block_id(incident.id),
                      [this, alive, id = incident.id, channel = *channel,
                       done](core::Result<std::string> ts) {
                          if (!*alive) return;
                          if (!ts) return done(announce_refused(ts.error()));
                          storage::Incidents(db_).set_announcement(id, channel, *ts);
                          done({});
                      });
        });
}

void OutboxWorker::update_announcement(const storage::OutboxMessage& row,
                                       const core::Incident& incident, Done done) {
    // Not posted (yet, or at all): the post shows the latest state. A later
    // refresh pending: it will, and chat.update's tier-3 limit is spared.
    if (options_.announce_channel.empty() || incident.announce_ts.empty() || row.superseded)
        return done({});
    json args = messages::to_json(
        messages::announcement(incident, last_update_fields(db_, incident.id).status));
    if (args.contains("blocks") && !args["blocks"].empty())
        args["blocks"][0]["block_id"] = announce_block_id(incident.id);
    args["channel"] = incident.announce_channel;
    args["ts"] = incident.announce_ts;
    call_in_channel(std::string(method::kUpdate), incident.announce_channel, std::move(args),
                    [this, alive = alive_, done](core::Result<json> result) {
                        if (!*alive) return;
                        done(result ? Outcome{} : announce_refused(result.error()));
                    });
}

void OutboxWorker::announce_reply(const storage::OutboxMessage& row, const core::Incident& incident,
                                  Done done) {
    if (options_.announce_channel.empty() || incident.announce_ts.empty()) return done({});
    if (row.payload.value("status_update", false) && !options_.announce_updates) return done({});
    json message = row.payload.value("message", json());
    if (!message.is_object()) return done({Status::Failed, "announce_reply row without a message"});
    message["thread_ts"] = incident.announce_ts;
    if (row.payload.value("broadcast", false)) message["reply_broadcast"] = true;
    post_once(row, incident.announce_channel, std::move(message),
              messages::action_ids::post_block_id(row.id),
              [this, alive = alive_, done](core::Result<std::string> ts) {
                  if (!*alive) return;
                  done(ts ? Outcome{} : announce_refused(ts.error()));
              });
}

}  // namespace bot
