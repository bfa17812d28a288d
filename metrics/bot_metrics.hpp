#pragma once
// The bot's Prometheus metrics: one prometheus-cpp registry, served as text
// by our own listener (http/server.hpp), not by prometheus-cpp's civetweb
// exposer. It listens to the transport (slack::Telemetry) and to incidents
// (core::IncidentEvents); figures that live in the database (open incidents,
// the outbox) are read once per scrape and passed to render().
// Names follow Prometheus' conventions: the `incidentbot_` prefix, base units,
// `_total` on counters; no label ever takes an unbounded value.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/incident_events.hpp"
#include "core/runbook.hpp"
#include "slack/telemetry.hpp"

namespace metrics {

// What a scrape reads from the database.
struct StoredFigures {
    core::PerSeverity<std::int64_t> open_incidents{};
    std::int64_t outbox_pending = 0;
    std::optional<core::TimePoint> oldest_pending_since;
};

struct BuildInfo {
    std::string version;
    std::string commit;
};

class BotMetrics final : public slack::Telemetry, public core::IncidentEvents {
  public:
    BotMetrics(BuildInfo build, const core::Clock& clock);
    ~BotMetrics() override;
    BotMetrics(const BotMetrics&) = delete;
    BotMetrics& operator=(const BotMetrics&) = delete;

    // slack::Telemetry
    void envelope_received(std::string_view type) override;
    void ack_sent(std::string_view type, std::chrono::nanoseconds latency) override;
    void socket_connected(bool connected) override;
    void reconnect(std::string_view reason) override;
    void web_api_call(std::string_view method, std::string_view outcome) override;
    void web_api_retry(std::string_view method) override;

    // core::IncidentEvents
    void declared(const core::Incident& incident, std::string_view source) override;
    void changed(const core::Incident& before, const core::Incident& after) override;
    void nudged(core::EventKind kind, std::chrono::milliseconds lateness) override;

    // DB_SYNC=full: one sync (SQLite's fdatasync, PostgreSQL's WAL flush),
    // covering `commits` commits. Called on the commit barrier's thread (the
    // families lock).
    void commit_synced(std::chrono::nanoseconds took, std::size_t commits);

    // The operations listener and the Alertmanager webhook.
    void http_request(std::string_view path, unsigned status);
    void alert_webhook(std::string_view outcome);

    // The exposition text (format 0.0.4), with `stored` and process figures.
    std::string render(const StoredFigures& stored);
    static constexpr std::string_view kContentType = "text/plain; version=0.0.4; charset=utf-8";

    struct Families;

  private:
    std::unique_ptr<Families> f_;
    const core::Clock& clock_;
};

}  // namespace metrics
