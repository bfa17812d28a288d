#include "bot/ops_endpoints.hpp"

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "http/bearer.hpp"
#include "storage/ops_figures.hpp"

namespace bot {

namespace {

constexpr std::string_view kPaths[] = {"/healthz", "/readyz", "/metrics", "/alertmanager"};

// A metric label: one of ours, or "other" (a scanner's paths are unbounded).
std::string_view path_label(const std::string& path) {
    for (auto known : kPaths)
        if (path == known) return known;
    if (const auto area = Dashboard::area(path); !area.empty()) return area;
    return "other";
}

}  // namespace

OpsEndpoints::OpsEndpoints(const Config& config, storage::Database& db,
                           metrics::BotMetrics& metrics, AlertIntake& alerts, Dashboard& dashboard,
                           std::function<bool()> socket_connected,
                           std::shared_ptr<spdlog::logger> logger)
    : config_(config),
      db_(db),
      metrics_(metrics),
      alerts_(alerts),
      dashboard_(dashboard),
      socket_connected_(std::move(socket_connected)),
      log_(std::move(logger)) {}

void OpsEndpoints::handle(const ops_http::Request& request, ops_http::Responder respond) {
    const auto label = path_label(request.path);
    ops_http::Responder counted = [this, label,
                                   respond = std::move(respond)](ops_http::Response response) {
        metrics_.http_request(label, response.status);
        respond(std::move(response));
    };
    if (request.path == "/healthz") {
        if (request.method != "GET" && request.method != "HEAD")
            return counted(ops_http::json_error(405, "use GET"));
        return counted({200, "text/plain; charset=utf-8", "ok\n"});
    }
    if (label == "other") return counted(ops_http::json_error(404, "no such path"));
    // Its own sign-in (a cookie for browsers) and its own JSON errors.
    if (label == "/api" || label == "/dashboard")
        return dashboard_.handle(request, std::move(counted));
    if (request.path == "/alertmanager") {
        // Its own token when set, checked there; else HTTP_TOKEN, here.
        if (config_.alertmanager_token.empty() && !config_.http_token.empty() &&
            !ops_http::bearer_matches(request.authorization, config_.http_token))
            return counted(ops_http::json_error(401, "missing or wrong bearer token (HTTP_TOKEN)"));
        return alerts_.handle(request, std::move(counted));
    }
    if (!config_.http_token.empty() &&
        !ops_http::bearer_matches(request.authorization, config_.http_token))
        return counted(ops_http::json_error(401, "missing or wrong bearer token (HTTP_TOKEN)"));
    if (request.method != "GET" && request.method != "HEAD")
        return counted(ops_http::json_error(405, "use GET"));
    if (request.path == "/readyz") return counted(ready());
    counted(scrape());
}

ops_http::Response OpsEndpoints::ready() {
    if (!socket_connected_()) return ops_http::json_error(503, "Socket Mode is not connected");
    if (!storage::writable(db_)) return ops_http::json_error(503, "the database is not writable");
    return {200, "application/json", "{\"status\":\"ready\"}\n"};
}

ops_http::Response OpsEndpoints::scrape() {
    const auto figures = storage::read_ops_figures(db_);
    return {200, std::string(metrics::BotMetrics::kContentType),
            metrics_.render(
                {figures.open_incidents, figures.outbox_pending, figures.oldest_pending_since})};
}

}  // namespace bot
