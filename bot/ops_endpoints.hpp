#pragma once
// The operations listener's paths: GET /healthz (always 200 while the
// process runs), GET /readyz (200 only while Socket Mode is connected and the
// database takes writes), GET /metrics (Prometheus text) and POST
// /alertmanager (bot/alert_intake.hpp). Every path but /healthz wants
// HTTP_TOKEN when it is set; /alertmanager wants ALERTMANAGER_TOKEN instead
// when that is set (Alertmanager sends one Authorization header). The
// dashboard's pages and the JSON API (bot/dashboard.hpp) are served here too.
#include <functional>
#include <memory>

#include <spdlog/logger.h>

#include "bot/alert_intake.hpp"
#include "bot/config.hpp"
#include "bot/dashboard.hpp"
#include "http/server.hpp"
#include "metrics/bot_metrics.hpp"
#include "storage/database.hpp"

namespace bot {

class OpsEndpoints {
  public:
    OpsEndpoints(const Config& config, storage::Database& db, metrics::BotMetrics& metrics,
                 AlertIntake& alerts, Dashboard& dashboard, std::function<bool()> socket_connected,
                 std::shared_ptr<spdlog::logger> logger);

    void handle(const ops_http::Request& request, ops_http::Responder respond);

  private:
    ops_http::Response ready();
    ops_http::Response scrape();

    const Config& config_;
    storage::Database& db_;
    metrics::BotMetrics& metrics_;
    AlertIntake& alerts_;
    Dashboard& dashboard_;
    std::function<bool()> socket_connected_;
    std::shared_ptr<spdlog::logger> log_;
};

}  // namespace bot
