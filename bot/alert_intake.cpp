#include "bot/alert_intake.hpp"

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "alerts/plan.hpp"
#include "alerts/webhook.hpp"
#include "commands/limits.hpp"
#include "http/bearer.hpp"
#include "messages/alert_messages.hpp"
#include "messages/utf8.hpp"
#include "storage/alert_groups.hpp"
#include "storage/incidents.hpp"
#include "storage/outbox.hpp"
#include "storage/timeline.hpp"

namespace bot {

namespace {

using alerts::Plan;
using nlohmann::json;

std::string rfc3339_seconds(core::TimePoint t) {
    const auto s = std::chrono::floor<std::chrono::seconds>(t);
    const auto day = std::chrono::floor<std::chrono::days>(s);
    const std::chrono::year_month_day date{day};
    const std::chrono::hh_mm_ss time{s - day};
    char out[32];
    std::snprintf(out, sizeof out, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                  static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                  static_cast<int>(time.seconds().count()));
    return out;
}

// A title as /incident would take it: one line, valid UTF-8, at most kMaxTitle.
std::string incident_title(const alerts::AlertGroup& group) {
    std::string title = messages::valid_utf8(alerts::title_of(group));
    for (char& c : title)
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    return messages::shorten(title, commands::kMaxTitle);
}

storage::AlertState state_of(const alerts::Alert& alert) {
    json labels = json::object();
    for (const auto& [k, v] : alert.labels) labels[k] = v;
    return {alert.fingerprint, std::string(alerts::to_string(alert.status)),
            labels.dump(-1, ' ', false, json::error_handler_t::replace), alert.generator_url,
            alert.starts_at};
}

}  // namespace

// What one delivery stored, for the answer and the log.
struct AlertIntake::Stored {
    Plan::Action action = Plan::Action::Nothing;
    std::optional<core::Incident> declared;
    std::string incident_key;
    std::size_t notes = 0;
    std::optional<core::Incident> before, after;  // an auto-resolve
};

AlertIntake::AlertIntake(storage::Database& db, storage::CommitBarrier& commits,
                         const core::Clock& clock, const Config& config, Scheduler& scheduler,
                         core::IncidentEvents* events, std::shared_ptr<spdlog::logger> logger,
                         const std::string& bot_user_id,
                         std::function<void(std::string_view)> outcome)
    : db_(db),
      commits_(commits),
      clock_(clock),
      config_(config),
      scheduler_(scheduler),
      events_(events),
      log_(std::move(logger)),
      bot_user_id_(bot_user_id),
      outcome_(std::move(outcome)),
      // The writer reports nothing itself: this class reports after the commit.
      writer_(db, config.runbook) {
    writer_.set_announcing({!config.announce_channel.empty(), config.announce_updates});
}

ops_http::Response AlertIntake::reject(unsigned status, const std::string& reason) {
    log_->warn("Alertmanager webhook refused ({}): {}", status, reason);
    if (outcome_) outcome_("rejected");
    return ops_http::json_error(status, reason);
}

void AlertIntake::handle(const ops_http::Request& request, ops_http::Responder respond) {
    if (config_.alert_declare_channel.empty())
        return respond(reject(404, "alert intake is off: set ALERT_DECLARE_CHANNEL"));
    if (request.method != "POST") return respond(reject(405, "use POST"));
    if (!config_.alertmanager_token.empty() &&
        !ops_http::bearer_matches(request.authorization, config_.alertmanager_token))
        return respond(reject(401, "missing or wrong bearer token (ALERTMANAGER_TOKEN)"));
    const auto parsed = alerts::parse_webhook(request.body);
    if (!parsed) return respond(reject(400, parsed.error().message));
    const alerts::AlertGroup& group = *parsed;
    const auto now = clock_.now();
    const std::string bot = bot_user_id_;

    Stored stored;
    try {
        stored = db_.transaction([&] {
            Stored s;
            storage::AlertGroups groups(db_);
            storage::Timeline timeline(db_);
            storage::Outbox outbox(db_);
            groups.lock(group.group_key);
            const auto open = groups.open_for(group.group_key);
            std::optional<alerts::OpenGroup> known;
            if (open) {
                known = alerts::OpenGroup{
                    open->status == "resolved" ? alerts::Status::Resolved : alerts::Status::Firing,
                    {}};
                for (const auto& [fingerprint, status] : open->seen)
                    known->seen[fingerprint] =
                        status == "resolved" ? alerts::Status::Resolved : alerts::Status::Firing;
            }
            const auto plan = alerts::plan(group, known);
            s.action = plan.action;
            if (plan.action == Plan::Action::Nothing) {
                if (open)
                    if (auto incident = storage::Incidents(db_).get(open->incident_id))
                        s.incident_key = core::incident_key(*incident);
                return s;
            }

            const auto note = [&](std::int64_t incident_id, const std::string& text) {
                timeline.append(
                    core::TimelineEvent{0, incident_id, now, bot, core::EventKind::Note, text, ""});
                ++s.notes;
            };
            if (plan.action == Plan::Action::Declare) {
                const commands::Declare declare{alerts::severity_of(group, config_.alert_severity),
                                                incident_title(group)};
                auto incident = writer_.declare_in_transaction(declare, bot,
                                                               config_.alert_declare_channel, now);
                std::string previous_key;
                const auto previous = groups.latest_incident(group.group_key);
                if (previous != 0)
                    if (auto p = storage::Incidents(db_).get(previous))
                        previous_key = core::incident_key(*p);
                // Detected by monitoring, when the earliest alert started: what
                // `/incident detected` records, and what the export calls started_at.
                const auto started = alerts::started_at(group);
                const auto detected = started.time_since_epoch().count() > 0 ? started : now;
                incident.detected_by = "monitoring_alert";
                incident.detected_at = detected;
                storage::Incidents(db_).save(incident);
                timeline.append(core::TimelineEvent{0, incident.id, now, bot,
                                                    core::EventKind::DetectionRecorded,
                                                    "monitoring_alert", ""});
                note(incident.id,
                     "detected by monitoring_alert; started at " + rfc3339_seconds(detected) +
                         (previous_key.empty() ? "" : "; fired before as " + previous_key));
                json labels = json::object();
                for (const auto& [k, v] : group.group_labels) labels[k] = v;
                const auto group_id = groups.add(
                    {group.group_key, incident.id, previous, group.receiver,
                     labels.dump(-1, ' ', false, json::error_handler_t::replace), "firing"},
                    now);
                for (const auto& alert : plan.changed) {
                    groups.record(group_id, state_of(alert), now);
                    note(incident.id, "alert " + messages::alert_note(alert));
                }
                slack_work::declare_from_alert(outbox, incident.id, config_.alert_declare_channel,
                                               messages::alert_details(group, previous_key),
                                               writer_.announcing().announces(incident), now);
                s.incident_key = core::incident_key(incident);
                s.declared = incident;
                return s;
            }
            auto incident = storage::Incidents(db_).get(open->incident_id);
            if (!incident) throw std::runtime_error("the group's incident is missing");
            s.incident_key = core::incident_key(*incident);
            for (const auto& alert : plan.changed) {
                groups.record(open->id, state_of(alert), now);
                note(incident->id, "alert " + messages::alert_note(alert));
            }
            if (!plan.changed.empty())
                slack_work::post(outbox, incident->id, messages::alert_changes(plan.changed), now);
            if (plan.firing_again) groups.set_status(open->id, "firing", now);
            if (plan.all_resolved) {
                groups.set_status(open->id, "resolved", now);
                note(incident->id, "all alerts resolved");
                slack_work::post(outbox, incident->id,
                                 messages::alerts_all_resolved(config_.alert_auto_resolve), now);
                if (config_.alert_auto_resolve) {
                    auto changed =
                        writer_.change(*incident, commands::Resolve{"all alerts resolved"},
                                       commands::Actor{bot, now}, bot);
                    if (changed) {
                        s.before = *incident;
                        s.after = changed->after;
                    }
                }
            }
            return s;
        });
    } catch (const std::exception& e) {
        // 5xx: Alertmanager retries, and nothing of this delivery was kept.
        log_->error("Alertmanager webhook for a group could not be stored: {}", e.what());
        if (outcome_) outcome_("failed");
        return respond(ops_http::json_error(503, "could not store the alert; retry"));
    }

    std::string outcome = "unchanged";
    if (stored.action == Plan::Action::Declare) outcome = "declared";
    if (stored.action == Plan::Action::Record) outcome = "recorded";
    if (events_ && stored.declared) events_->declared(*stored.declared, core::kSourceAlert);
    if (events_ && stored.before && stored.after) events_->changed(*stored.before, *stored.after);
    if (outcome_) outcome_(outcome);
    if (stored.declared)
        log_->info("Alertmanager declared {} {} ({} alert(s))", stored.incident_key,
                   core::to_string(stored.declared->severity), group.alerts.size());
    else if (stored.action == Plan::Action::Record)
        log_->info("Alertmanager: {} note(s) on {}", stored.notes, stored.incident_key);
    else
        log_->debug("Alertmanager delivery changed nothing (a repeat)");
    json body{{"status", outcome}};
    if (!stored.incident_key.empty()) body["incident"] = stored.incident_key;
    // In doubt, Alertmanager is asked to send it again: a repeat of a group
    // already stored changes nothing.
    auto answer = std::make_shared<decltype(respond)>(std::move(respond));
    commits_.after_commit(
        [answer, text = body.dump() + "\n"] {
            (*answer)(ops_http::Response{200, "application/json", text});
        },
        [answer] {
            (*answer)(ops_http::json_error(503, "the database may have lost the change; retry"));
        });
    if (stored.action != Plan::Action::Nothing) scheduler_.poke();
}

}  // namespace bot
