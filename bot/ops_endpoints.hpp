#pragma once
// The operations listener's paths: GET /healthz (always 200 while the
// process runs), GET /readyz (200 only while Socket Mode is connected and the
// database takes writes), GET /metrics (Prometheus text) and POST
// /alertmanager (bot/alert_intake.hpp). Every path but /healthz wants
// HTTP_TOKEN when it is set; /alertmanager wants ALERTMANAGER_TOKEN instead
// when that is set (Alertmanager sends one Authorization header). The
// dashboard's pages and the JSON API (bot/dashboard.hpp) are served here too.
//
// Requests arrive on the listener's own thread. The dashboard answers them
// on threads of its own; /healthz at once; every other path reads or changes
// the bot's state, so it is answered on the bot's loop.
#include <functional>
#include <memory>

#include <boost/asio/io_context.hpp>

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
    // `loop`: the bot's, which runs AlertIntake and owns `db`.
    OpsEndpoints(const Config& config, boost::asio::io_context& loop, storage::Database& db,
                 metrics::BotMetrics& metrics, AlertIntake& alerts, Dashboard& dashboard,
                 std::function<bool()> socket_connected, std::shared_ptr<spdlog::logger> logger);

    // From the listener's thread.
    void handle(const ops_http::Request& request, ops_http::Responder respond);

  private:
    void handle_on_loop(const ops_http::Request& request, ops_http::Responder respond);
    ops_http::Response ready();
    ops_http::Response scrape();

    const Config& config_;
    boost::asio::io_context& loop_;
    storage::Database& db_;
    metrics::BotMetrics& metrics_;
    AlertIntake& alerts_;
    Dashboard& dashboard_;
    std::function<bool()> socket_connected_;
    std::shared_ptr<spdlog::logger> log_;
    // Requests still queued on the loop when this is gone are dropped.
    std::shared_ptr<int> alive_ = std::make_shared<int>(0);
};

}  // namespace bot
