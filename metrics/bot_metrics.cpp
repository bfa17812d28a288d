#include "metrics/bot_metrics.hpp"

#include <dirent.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <sstream>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

namespace metrics {

namespace pm = prometheus;

namespace {

using Buckets = pm::Histogram::BucketBoundaries;

// Acks aim at well under 10 ms; Slack gives up at 3 s.
const Buckets kAckBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 3};
// An SSD's flush takes well under a millisecond to a few; a busy or
// networked disk, tens to hundreds.
const Buckets kSyncBuckets{0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1};
// The scheduler's wake-up granularity is milliseconds; a restart makes minutes.
const Buckets kLatenessBuckets{0.01, 0.05, 0.1, 0.5, 1, 5, 30, 60, 300, 1800};
// From the runbooks' respond-within (5 min) to a day.
const Buckets kResponseBuckets{30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 43200, 86400};
const Buckets kResolveBuckets{300, 900, 1800, 3600, 7200, 14400, 28800, 86400, 172800, 604800};

std::string severity_label(core::Severity s) {
    return std::string(core::to_string(s));
}

double seconds(std::chrono::nanoseconds d) {
    return std::chrono::duration<double>(d).count();
}

struct ProcessFigures {
    double cpu_seconds = 0;
    double resident_bytes = 0;
    double virtual_bytes = 0;
    double open_fds = 0;
};

// Linux /proc, as the official clients read it.
ProcessFigures read_process() {
    ProcessFigures p;
    std::ifstream stat("/proc/self/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    const auto close = text.rfind(')');
    if (close != std::string::npos) {
        std::istringstream fields(text.substr(close + 2));
        std::string field;
        // After the command: state(3) ... utime(14) stime(15) ... vsize(23) rss(24).
        for (int i = 3; i <= 24 && fields >> field; ++i) {
            const auto ticks = static_cast<double>(::sysconf(_SC_CLK_TCK));
            if (i == 14 || i == 15) p.cpu_seconds += std::stod(field) / ticks;
            if (i == 23) p.virtual_bytes = std::stod(field);
            if (i == 24) p.resident_bytes = std::stod(field) * static_cast<double>(::getpagesize());
        }
    }
    if (DIR* dir = ::opendir("/proc/self/fd")) {
        while (const dirent* entry = ::readdir(dir))
            if (entry->d_name[0] != '.') p.open_fds += 1;
        ::closedir(dir);
        p.open_fds -= 1;  // the directory stream itself
    }
    return p;
}

}  // namespace

struct BotMetrics::Families {
    std::shared_ptr<pm::Registry> registry = std::make_shared<pm::Registry>();

    pm::Family<pm::Counter>& envelopes =
        pm::BuildCounter()
            .Name("incidentbot_envelopes_received_total")
            .Help("Socket Mode envelopes received, by envelope type (re-deliveries included).")
            .Register(*registry);
    pm::Family<pm::Histogram>& ack_latency =
        pm::BuildHistogram()
            .Name("incidentbot_ack_latency_seconds")
            .Help("From an envelope's arrival to its ack being queued on the socket.")
            .Register(*registry);
    pm::Family<pm::Histogram>& commit_sync =
        pm::BuildHistogram()
            .Name("incidentbot_commit_sync_seconds")
            .Help(
                "DB_SYNC=full: each sync of the database's log (SQLite's fdatasync, "
                "PostgreSQL's WAL flush); an ack waits for the one that began after its "
                "commit, so a slow disk shows here first.")
            .Register(*registry);
    pm::Family<pm::Counter>& commits_synced =
        pm::BuildCounter()
            .Name("incidentbot_commits_synced_total")
            .Help(
                "DB_SYNC=full: commits made durable; divided by the sync count, how many "
                "commits one sync covers (group commit).")
            .Register(*registry);
    pm::Family<pm::Gauge>& connected =
        pm::BuildGauge()
            .Name("incidentbot_socket_mode_connected")
            .Help("1 while a Socket Mode connection is open and has said hello, else 0.")
            .Register(*registry);
    pm::Family<pm::Counter>& reconnects =
        pm::BuildCounter()
            .Name("incidentbot_socket_mode_reconnects_total")
            .Help("Socket Mode reconnections, by reason (Slack's disconnect reason, or dropped).")
            .Register(*registry);
    pm::Family<pm::Counter>& api_calls =
        pm::BuildCounter()
            .Name("incidentbot_slack_api_calls_total")
            .Help(
                "Slack Web API calls, by method and outcome (ok, Slack's error name, "
                "rate_limited, network, http_<status>).")
            .Register(*registry);
    pm::Family<pm::Counter>& api_retries =
        pm::BuildCounter()
            .Name("incidentbot_slack_api_retries_total")
            .Help("Slack Web API attempts repeated after a 429, a 5xx or a network error.")
            .Register(*registry);
    pm::Family<pm::Gauge>& outbox_pending = pm::BuildGauge()
                                                .Name("incidentbot_outbox_pending")
                                                .Help("Slack calls stored and not yet carried out.")
                                                .Register(*registry);
    pm::Family<pm::Gauge>& outbox_oldest =
        pm::BuildGauge()
            .Name("incidentbot_outbox_oldest_pending_age_seconds")
            .Help("Age of the oldest Slack call still pending; 0 when none is.")
            .Register(*registry);
    pm::Family<pm::Gauge>& open_incidents = pm::BuildGauge()
                                                .Name("incidentbot_open_incidents")
                                                .Help("Incidents not resolved, by severity.")
                                                .Register(*registry);
    pm::Family<pm::Counter>& declared =
        pm::BuildCounter()
            .Name("incidentbot_incidents_declared_total")
            .Help("Incidents declared, by severity and source (slash command or alert).")
            .Register(*registry);
    pm::Family<pm::Counter>& nudges =
        pm::BuildCounter()
            .Name("incidentbot_nudges_sent_total")
            .Help("Reminders, escalations and post-mortem nudges stored for sending, by kind.")
            .Register(*registry);
    pm::Family<pm::Histogram>& lateness =
        pm::BuildHistogram()
            .Name("incidentbot_nudge_lateness_seconds")
            .Help("How long after its due time a reminder, escalation or nudge was stored.")
            .Register(*registry);
    pm::Family<pm::Histogram>& time_to_ack = pm::BuildHistogram()
                                                 .Name("incidentbot_time_to_acknowledge_seconds")
                                                 .Help("From declare to acknowledge, by severity.")
                                                 .Register(*registry);
    pm::Family<pm::Histogram>& time_to_resolve = pm::BuildHistogram()
                                                     .Name("incidentbot_time_to_resolve_seconds")
                                                     .Help("From declare to resolve, by severity.")
                                                     .Register(*registry);
    pm::Family<pm::Counter>& http_requests =
        pm::BuildCounter()
            .Name("incidentbot_http_requests_total")
            .Help("Requests to the operations listener, by path and status code.")
            .Register(*registry);
    pm::Family<pm::Counter>& webhooks = pm::BuildCounter()
                                            .Name("incidentbot_alert_webhooks_total")
                                            .Help("Alertmanager webhook deliveries, by outcome.")
                                            .Register(*registry);
    pm::Family<pm::Gauge>& build = pm::BuildGauge()
                                       .Name("incidentbot_build_info")
                                       .Help("Always 1; the version and git commit as labels.")
                                       .Register(*registry);
    pm::Family<pm::Gauge>& start_time =
        pm::BuildGauge()
            .Name("process_start_time_seconds")
            .Help("Start time of the process since the Unix epoch in seconds.")
            .Register(*registry);
    pm::Family<pm::Counter>& cpu = pm::BuildCounter()
                                       .Name("process_cpu_seconds_total")
                                       .Help("Total user and system CPU time spent in seconds.")
                                       .Register(*registry);
    pm::Family<pm::Gauge>& resident = pm::BuildGauge()
                                          .Name("process_resident_memory_bytes")
                                          .Help("Resident memory size in bytes.")
                                          .Register(*registry);
    pm::Family<pm::Gauge>& virtual_memory = pm::BuildGauge()
                                                .Name("process_virtual_memory_bytes")
                                                .Help("Virtual memory size in bytes.")
                                                .Register(*registry);
    pm::Family<pm::Gauge>& open_fds = pm::BuildGauge()
                                          .Name("process_open_fds")
                                          .Help("Number of open file descriptors.")
                                          .Register(*registry);
    double cpu_reported = 0;
};

BotMetrics::BotMetrics(BuildInfo build, const core::Clock& clock)
    : f_(std::make_unique<Families>()), clock_(clock) {
    f_->build.Add({{"version", build.version}, {"commit", build.commit}}).Set(1);
    f_->start_time.Add({}).Set(
        std::chrono::duration<double>(clock_.now().time_since_epoch()).count());
    f_->connected.Add({}).Set(0);
    // Series that exist from the start, so that rate() and alerts see zeros.
    // A family with no series is not written at all (no # TYPE line):
    // every family the issue names is in the first scrape.
    for (auto s : core::kAllSeverities) {
        const pm::Labels severity{{"severity", severity_label(s)}};
        f_->open_incidents.Add(severity);
        for (const char* source : {"slash", "alert"})
            f_->declared.Add({{"severity", severity_label(s)}, {"source", source}});
        f_->time_to_ack.Add(severity, kResponseBuckets);
        f_->time_to_resolve.Add(severity, kResolveBuckets);
    }
    for (const char* kind : {"reminder", "escalation", "postmortem"})
        f_->nudges.Add({{"kind", kind}});
    // Slack's disconnect reasons that move the bot to a new socket, a socket
    // lost without one, and one replaced after Slack went quiet on it.
    for (const char* reason :
         {"refresh_requested", "warning", "too_many_websockets", "dropped", "stale"})
        f_->reconnects.Add({{"reason", reason}});
    // The calls a retry delays most visibly: posts and the incident channel.
    for (const char* method : {"chat.postMessage", "conversations.create"})
        f_->api_retries.Add({{"method", method}});
    for (const char* outcome : {"declared", "recorded", "unchanged", "rejected", "failed"})
        f_->webhooks.Add({{"outcome", outcome}});
    f_->ack_latency.Add({}, kAckBuckets);
    f_->commit_sync.Add({}, kSyncBuckets);
    f_->commits_synced.Add({});
    f_->lateness.Add({}, kLatenessBuckets);
    f_->outbox_pending.Add({});
    f_->outbox_oldest.Add({});
}

BotMetrics::~BotMetrics() = default;

void BotMetrics::envelope_received(std::string_view type) {
    f_->envelopes.Add({{"type", std::string(type)}}).Increment();
}

void BotMetrics::ack_sent(std::string_view, std::chrono::nanoseconds latency) {
    f_->ack_latency.Add({}, kAckBuckets).Observe(seconds(latency));
}

void BotMetrics::commit_synced(std::chrono::nanoseconds took, std::size_t commits) {
    f_->commit_sync.Add({}, kSyncBuckets).Observe(seconds(took));
    f_->commits_synced.Add({}).Increment(static_cast<double>(commits));
}

void BotMetrics::socket_connected(bool connected) {
    f_->connected.Add({}).Set(connected ? 1 : 0);
}

void BotMetrics::reconnect(std::string_view reason) {
    f_->reconnects.Add({{"reason", std::string(reason)}}).Increment();
}

void BotMetrics::web_api_call(std::string_view method, std::string_view outcome) {
    f_->api_calls.Add({{"method", std::string(method)}, {"outcome", std::string(outcome)}})
        .Increment();
}

void BotMetrics::web_api_retry(std::string_view method) {
    f_->api_retries.Add({{"method", std::string(method)}}).Increment();
}

void BotMetrics::declared(const core::Incident& incident, std::string_view source) {
    f_->declared
        .Add({{"severity", severity_label(incident.severity)}, {"source", std::string(source)}})
        .Increment();
}

void BotMetrics::changed(const core::Incident& before, const core::Incident& after) {
    const auto label = pm::Labels{{"severity", severity_label(after.severity)}};
    if (!before.acknowledged_at && after.acknowledged_at)
        f_->time_to_ack.Add(label, kResponseBuckets)
            .Observe(seconds(*after.acknowledged_at - after.declared_at));
    if (!before.resolved_at && after.resolved_at)
        f_->time_to_resolve.Add(label, kResolveBuckets)
            .Observe(seconds(*after.resolved_at - after.declared_at));
}

void BotMetrics::nudged(core::EventKind kind, std::chrono::milliseconds lateness) {
    const char* name = kind == core::EventKind::ReminderSent     ? "reminder"
                       : kind == core::EventKind::EscalationSent ? "escalation"
                                                                 : "postmortem";
    f_->nudges.Add({{"kind", name}}).Increment();
    f_->lateness.Add({}, kLatenessBuckets).Observe(seconds(lateness));
}

void BotMetrics::http_request(std::string_view path, unsigned status) {
    f_->http_requests.Add({{"path", std::string(path)}, {"code", std::to_string(status)}})
        .Increment();
}

void BotMetrics::alert_webhook(std::string_view outcome) {
    f_->webhooks.Add({{"outcome", std::string(outcome)}}).Increment();
}

std::string BotMetrics::render(const StoredFigures& stored) {
    for (auto s : core::kAllSeverities)
        f_->open_incidents.Add({{"severity", severity_label(s)}})
            .Set(static_cast<double>(stored.open_incidents[core::index(s)]));
    f_->outbox_pending.Add({}).Set(static_cast<double>(stored.outbox_pending));
    f_->outbox_oldest.Add({}).Set(
        stored.oldest_pending_since
            ? std::max(0.0, seconds(clock_.now() - *stored.oldest_pending_since))
            : 0.0);
    const auto process = read_process();
    auto& cpu = f_->cpu.Add({});
    cpu.Increment(process.cpu_seconds - f_->cpu_reported);
    f_->cpu_reported = std::max(f_->cpu_reported, process.cpu_seconds);
    f_->resident.Add({}).Set(process.resident_bytes);
    f_->virtual_memory.Add({}).Set(process.virtual_bytes);
    f_->open_fds.Add({}).Set(process.open_fds);
    return pm::TextSerializer().Serialize(f_->registry->Collect());
}

}  // namespace metrics
