#pragma once
// The web dashboard and the JSON API on the operations listener: reads the
// database in one read transaction per request and hands plain values to
// the pure renderers in web/. Requests are answered on threads of its own,
// through database connections of its own: a page over 100,000 timeline
// rows never delays a Socket Mode ack on the bot's loop. With HTTP_TOKEN
// set, the API takes `Authorization: Bearer`, and a browser signs in once at
// /signin (the token is then kept in an HttpOnly, SameSite=Strict cookie);
// both are compared in constant time and never logged.
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <spdlog/logger.h>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "bot/config.hpp"
#include "core/clock.hpp"
#include "http/server.hpp"
#include "storage/database.hpp"
#include "storage/incident_facts.hpp"
#include "storage/read_gate.hpp"

namespace bot {

class Dashboard {
  public:
    // `connections`: the dashboard's own connections to the bot's database,
    // one per thread it answers on, each read passing `readers` (so that the
    // checkpointer's log restart never waits for a page); answers are
    // handed to `respond` on `replies` (the listener's loop).
    Dashboard(const Config& config, std::vector<std::unique_ptr<storage::Database>> connections,
              std::shared_ptr<storage::ReadGate> readers, const core::Clock& clock,
              boost::asio::io_context& replies, std::shared_ptr<spdlog::logger> logger);
    ~Dashboard();
    Dashboard(const Dashboard&) = delete;
    Dashboard& operator=(const Dashboard&) = delete;

    // "/api" for the JSON API, "/dashboard" for pages and assets, "" when
    // the path is not the dashboard's.
    static std::string_view area(std::string_view path);
    // From the listener's loop: answers later, on that loop.
    void handle(const ops_http::Request& request, ops_http::Responder respond);
    // The answer itself, on the calling thread, read through `db`.
    ops_http::Response answer(const ops_http::Request& request, storage::Database& db);
    // The Slack workspace (auth.test), for links to incident channels.
    void set_team_id(std::string team_id);

  private:
    ops_http::Response api(const ops_http::Request& request, storage::Database& db);
    ops_http::Response page(const ops_http::Request& request, storage::Database& db);
    ops_http::Response signin(const ops_http::Request& request);
    ops_http::Response signout(const ops_http::Request& request);
    bool signed_in(const ops_http::Request& request) const;

    std::string team_id() const;

    const Config& config_;
    std::vector<std::unique_ptr<storage::Database>> pool_;
    std::mutex pool_mutex_;
    std::vector<storage::Database*> pool_free_;
    std::shared_ptr<storage::ReadGate> readers_;
    const core::Clock& clock_;
    boost::asio::io_context& replies_;
    std::shared_ptr<spdlog::logger> log_;
    storage::IncidentFactsCache stats_facts_;  // /stats and its API read only what changed
    mutable std::mutex team_mutex_;
    std::string team_id_;
    // Replies still queued on the listener's loop when this is gone are dropped.
    std::shared_ptr<int> alive_ = std::make_shared<int>(0);
    boost::asio::io_context worker_io_;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
    std::string session_;               // the sign-in cookie's value, derived from HTTP_TOKEN
    std::vector<std::thread> workers_;  // last: start once everything above exists
};

}  // namespace bot
