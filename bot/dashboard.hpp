#pragma once
// The web dashboard and the JSON API on the operations listener: reads the
// database in one read transaction per request and hands plain values to
// the pure renderers in web/. With HTTP_TOKEN set, the API takes
// `Authorization: Bearer`, and a browser signs in once at /signin (the token
// is then kept in an HttpOnly, SameSite=Strict cookie); both are compared in
// constant time and never logged.
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <spdlog/logger.h>

#include "bot/config.hpp"
#include "core/clock.hpp"
#include "http/server.hpp"
#include "storage/database.hpp"

namespace bot {

class Dashboard {
  public:
    Dashboard(const Config& config, storage::Database& db, const core::Clock& clock,
              std::function<std::string()> team_id, std::shared_ptr<spdlog::logger> logger);

    // "/api" for the JSON API, "/dashboard" for pages and assets, "" when
    // the path is not the dashboard's.
    static std::string_view area(std::string_view path);
    void handle(const ops_http::Request& request, const ops_http::Responder& respond);

  private:
    ops_http::Response api(const ops_http::Request& request);
    ops_http::Response page(const ops_http::Request& request);
    ops_http::Response signin(const ops_http::Request& request);
    bool signed_in(const ops_http::Request& request) const;

    const Config& config_;
    storage::Database& db_;
    const core::Clock& clock_;
    std::function<std::string()> team_id_;
    std::shared_ptr<spdlog::logger> log_;
};

}  // namespace bot
