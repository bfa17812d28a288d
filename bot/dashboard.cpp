#include "bot/dashboard.hpp"

#include <charconv>
#include <sstream>

#include <boost/asio/post.hpp>

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "bot/report_source.hpp"
#include "core/due_times.hpp"
#include "core/url_encoding.hpp"
#include "http/bearer.hpp"
#include "reports/export.hpp"
#include "storage/action_items.hpp"
#include "storage/incident_facts.hpp"
#include "storage/incidents.hpp"
#include "storage/timeline.hpp"
#include "storage/users.hpp"
#include "web/api.hpp"
#include "web/assets.hpp"
#include "web/pages.hpp"
#include "web/params.hpp"

namespace bot {

namespace {

using ops_http::Request;
using ops_http::Response;

constexpr std::string_view kCookie = "ib_session";
constexpr int kDefaultLimit = 100;
constexpr int kMaxLimit = 500;
constexpr int kTimelinePage = 500;
constexpr int kResolvedShown = 50;
constexpr int kOpenShown = 500;

// Every dashboard answer: no inline script or style, no framing, no referrer.
Response secured(Response r) {
    r.headers.emplace_back("Content-Security-Policy",
                           "default-src 'self'; script-src 'self'; style-src 'self'; img-src "
                           "'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
                           "form-action 'self'");
    r.headers.emplace_back("X-Content-Type-Options", "nosniff");
    r.headers.emplace_back("Referrer-Policy", "no-referrer");
    r.headers.emplace_back("Cache-Control", "no-store");
    return r;
}

Response json_ok(std::string body) {
    return secured({200, "application/json", std::move(body)});
}

Response api_error(unsigned status, std::string_view code, std::string_view message) {
    return secured({status, "application/json", web::error_json(code, message)});
}

Response html(unsigned status, std::string body) {
    return secured({status, "text/html; charset=utf-8", std::move(body)});
}

Response redirect(const std::string& location) {
    auto r = secured({303, "text/plain; charset=utf-8", "see " + location + "\n"});
    r.headers.emplace_back("Location", location);
    return r;
}

// A local path to go back to after signing in; anything else (another
// host, "//evil", a scheme) goes to "/".
std::string local_target(const std::string& next) {
    if (next.empty() || next[0] != '/' || next.starts_with("//") || next.starts_with("/\\"))
        return "/";
    for (const char c : next)
        if (static_cast<unsigned char>(c) < 0x20) return "/";
    return next;
}

core::Result<int> read_limit(const std::map<std::string, std::string>& params, int fallback) {
    const auto it = params.find("limit");
    if (it == params.end()) return fallback;
    int n = 0;
    const auto& text = it->second;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc{} || ptr != text.data() + text.size() || n < 1 || n > kMaxLimit)
        return core::make_error("bad_limit",
                                "limit: a whole number from 1 to " + std::to_string(kMaxLimit));
    return n;
}

std::string param(const std::map<std::string, std::string>& params, const std::string& name) {
    const auto it = params.find(name);
    return it == params.end() ? std::string{} : it->second;
}

// The list filters, checked: {filter for storage, as shown}.
core::Result<std::pair<storage::IncidentFilter, web::ListFilter>> read_filter(
    const std::map<std::string, std::string>& params, core::TimePoint now) {
    web::ListFilter shown{param(params, "state"), param(params, "severity"), param(params, "q"),
                          param(params, "since")};
    storage::IncidentFilter f;
    if (!shown.state.empty() && shown.state != "open" && !core::parse_state(shown.state))
        return core::make_error("bad_state", "state: open, resolved, declared or acknowledged");
    f.state = shown.state;
    if (!shown.severity.empty()) {
        const auto severity = core::parse_severity(shown.severity);
        if (!severity)
            return core::make_error("bad_severity", "severity: SEV1, SEV2, SEV3 or SEV4");
        f.severity = std::string(core::to_string(*severity));
        shown.severity = f.severity;
    }
    if (!shown.since.empty()) {
        auto since = web::parse_since(shown.since, now);
        if (!since) return since.error();
        f.since = *since;
    }
    if (shown.query.size() > 200) return core::make_error("bad_query", "q: at most 200 characters");
    f.title_contains = shown.query;
    return std::pair{f, shown};
}

web::ListedIncident listed(const core::Incident& incident, const core::Runbook& runbook) {
    return {incident, core::next_update_due(incident, runbook)};
}

}  // namespace

Dashboard::Dashboard(const Config& config,
                     std::vector<std::unique_ptr<storage::Database>> connections,
                     const core::Clock& clock, boost::asio::io_context& replies,
                     std::shared_ptr<spdlog::logger> logger)
    : config_(config),
      pool_(std::move(connections)),
      clock_(clock),
      replies_(replies),
      log_(std::move(logger)),
      work_(worker_io_.get_executor()) {
    // One thread per connection: a request always finds one free.
    for (const auto& db : pool_) pool_free_.push_back(db.get());
    for (std::size_t i = 0; i < pool_.size(); ++i)
        workers_.emplace_back([this] { worker_io_.run(); });
}

Dashboard::~Dashboard() {
    work_.reset();
    worker_io_.stop();
    for (auto& worker : workers_) worker.join();
}

void Dashboard::set_team_id(std::string team_id) {
    std::lock_guard lock(team_mutex_);
    team_id_ = std::move(team_id);
}

std::string Dashboard::team_id() const {
    std::lock_guard lock(team_mutex_);
    return team_id_;
}

void Dashboard::handle(const Request& request, ops_http::Responder respond) {
    boost::asio::post(worker_io_, [this, request, respond = std::move(respond)]() mutable {
        storage::Database* db = nullptr;
        {
            std::lock_guard lock(pool_mutex_);
            db = pool_free_.back();
            pool_free_.pop_back();
        }
        auto response = answer(request, *db);
        {
            std::lock_guard lock(pool_mutex_);
            pool_free_.push_back(db);
        }
        boost::asio::post(replies_,
                          [alive = std::weak_ptr<int>(alive_), respond = std::move(respond),
                           response = std::move(response)]() mutable {
                              if (!alive.expired()) respond(std::move(response));
                          });
    });
}

std::string_view Dashboard::area(std::string_view path) {
    if (path.starts_with("/api/")) return "/api";
    if (path == "/" || path == "/stats" || path == "/signin" || path == "/live" ||
        path.starts_with("/incidents/") || path.starts_with("/assets/"))
        return "/dashboard";
    return "";
}

bool Dashboard::signed_in(const Request& request) const {
    if (config_.http_token.empty()) return true;
    if (ops_http::bearer_matches(request.authorization, config_.http_token)) return true;
    const auto cookie = web::cookie_value(request.cookie, kCookie);
    return cookie &&
           ops_http::bearer_matches("Bearer " + core::url_decode(*cookie), config_.http_token);
}

Response Dashboard::answer(const Request& request, storage::Database& db) {
    try {
        if (area(request.path) == "/api") return api(request, db);
        if (request.path == "/signin") return signin(request);
        if (request.path.starts_with("/assets/")) {
            if (request.path == "/assets/dashboard.css")
                return secured({200, "text/css; charset=utf-8", web::stylesheet()});
            if (request.path == "/assets/dashboard.js")
                return secured({200, "text/javascript; charset=utf-8", web::live_script()});
            return html(404, web::not_found_page("No such file."));
        }
        return page(request, db);
    } catch (const std::exception& e) {
        log_->error("dashboard {} failed: {}", request.path, e.what());
        return area(request.path) == "/api"
                   ? api_error(500, "internal", "internal error; see the bot's log")
                   : html(500, web::message_page("Internal error",
                                                 "Internal error; see the bot's log."));
    }
}

Response Dashboard::api(const Request& request, storage::Database& db) {
    if (!signed_in(request))
        return api_error(401, "unauthorized", "send Authorization: Bearer <HTTP_TOKEN>");
    if (request.method != "GET") return api_error(405, "method_not_allowed", "use GET");
    const auto params = web::parse_query(request.query);
    const auto now = clock_.now();
    const std::string_view path = request.path;

    if (path == "/api/v1/openapi.json") return json_ok(web::openapi_json());

    if (path == "/api/v1/incidents") {
        auto filter = read_filter(params, now);
        if (!filter) return api_error(400, filter.error().code, filter.error().message);
        auto limit = read_limit(params, kDefaultLimit);
        if (!limit) return api_error(400, limit.error().code, limit.error().message);
        auto f = filter->first;
        if (const auto cursor = param(params, "cursor"); !cursor.empty()) {
            auto decoded = web::decode_list_cursor(cursor);
            if (!decoded) return api_error(400, decoded.error().code, decoded.error().message);
            f.before_id = decoded->before_id;
        }
        return db.read_transaction([&] {
            auto rows = storage::Incidents(db).search(f, *limit + 1);
            std::optional<std::string> next;
            if (static_cast<int>(rows.size()) > *limit) {
                rows.resize(static_cast<std::size_t>(*limit));
                next = web::encode(web::ListCursor{rows.back().id});
            }
            std::vector<web::ListedIncident> out;
            out.reserve(rows.size());
            for (const auto& row : rows) out.push_back(listed(row, config_.runbook));
            return json_ok(web::incident_list_json(out, storage::Users(db).names(), next));
        });
    }

    if (path == "/api/v1/stats") {
        core::TimePoint since{};
        std::optional<int> days;
        if (const auto text = param(params, "since"); !text.empty()) {
            auto parsed = web::parse_since(text, now);
            if (!parsed) return api_error(400, parsed.error().code, parsed.error().message);
            since = *parsed;
            if (text.back() == 'd') days = std::stoi(text.substr(0, text.size() - 1));
        }
        return db.read_transaction([&] {
            std::vector<core::IncidentFacts> facts;
            storage::for_each_incident_facts(
                db, since, [&](const core::IncidentFacts& f) { facts.push_back(f); });
            const auto overdue =
                storage::ActionItems(db).overdue_by_severity(core::utc_date(now), since);
            return json_ok(
                web::stats_json(reports::compute_stats(facts, overdue, days, now), since));
        });
    }

    constexpr std::string_view kIncidents = "/api/v1/incidents/";
    if (path.starts_with(kIncidents)) {
        auto rest = path.substr(kIncidents.size());
        const bool timeline = rest.ends_with("/timeline");
        if (timeline) rest.remove_suffix(std::string_view("/timeline").size());
        const auto key = web::parse_incident_key(rest);
        if (!key)
            return api_error(404, "not_found",
                             "no incident " + std::string(rest) + " (ids look like INC-2026-001)");
        std::optional<web::TimelineCursor> cursor;
        int limit = kTimelinePage;
        if (timeline) {
            if (const auto text = param(params, "cursor"); !text.empty()) {
                auto decoded = web::decode_timeline_cursor(text);
                if (!decoded) return api_error(400, decoded.error().code, decoded.error().message);
                cursor = *decoded;
            }
            auto parsed = read_limit(params, kTimelinePage);
            if (!parsed) return api_error(400, parsed.error().code, parsed.error().message);
            limit = *parsed;
        }
        return db.read_transaction([&]() -> Response {
            const auto incident = storage::Incidents(db).by_key(key->first, key->second);
            // A private incident is not shown to anyone here: as if it did not exist.
            if (!incident || incident->is_private)
                return api_error(404, "not_found", "no incident " + std::string(rest));
            if (!timeline)
                return json_ok(web::incident_json(
                    load_report(db, *incident), core::next_update_due(*incident, config_.runbook)));
            const auto report = load_report_summary(db, *incident);
            web::TimelinePage page;
            auto events = storage::Timeline(db).page(incident->id,
                                                     cursor ? cursor->after_at : core::TimePoint{},
                                                     cursor ? cursor->after_id : 0, limit + 1);
            if (static_cast<int>(events.size()) > limit) {
                events.resize(static_cast<std::size_t>(limit));
                page.next_cursor =
                    web::encode(web::TimelineCursor{events.back().at, events.back().id});
            }
            page.events = std::move(events);
            return json_ok(web::timeline_json(report, page));
        });
    }
    return api_error(404, "not_found", "no such API path; see /api/v1/openapi.json");
}

Response Dashboard::signin(const Request& request) {
    if (request.method == "GET")
        return html(200, web::signin_page(
                             local_target(param(web::parse_query(request.query), "next")), false));
    if (request.method != "POST")
        return html(405, web::message_page("Method not allowed", "Use GET or POST."));
    const auto form = web::parse_query(request.body);
    const auto next = local_target(param(form, "next"));
    if (config_.http_token.empty()) return redirect(next);
    if (!ops_http::bearer_matches("Bearer " + param(form, "token"), config_.http_token))
        return html(401, web::signin_page(next, true));
    auto r = redirect(next);
    r.headers.emplace_back("Set-Cookie",
                           std::string(kCookie) + "=" + core::url_encode(config_.http_token) +
                               "; Path=/; HttpOnly; SameSite=Strict; Max-Age=2592000");
    return r;
}

Response Dashboard::page(const Request& request, storage::Database& db) {
    if (!signed_in(request)) {
        const auto here = request.path + (request.query.empty() ? "" : "?" + request.query);
        return redirect("/signin?next=" + core::url_encode(here));
    }
    if (request.method != "GET")
        return html(405, web::message_page("Method not allowed", "Use GET."));
    const auto params = web::parse_query(request.query);
    const auto now = clock_.now();

    if (request.path == "/live") {
        const auto marker =
            db.read_transaction([&] { return storage::Incidents(db).change_marker(); });
        return json_ok(nlohmann::json{{"marker", marker}}.dump() + "\n");
    }

    if (request.path == "/") {
        auto filter = read_filter(params, now);
        if (!filter) return html(400, web::message_page("Bad request", filter.error().message));
        return db.read_transaction([&] {
            storage::Incidents incidents(db);
            web::HomeView view;
            view.now = now;
            view.team_id = team_id();
            view.filter = filter->second;
            view.marker = incidents.change_marker();
            auto f = filter->first;
            const bool want_open = f.state != "resolved";
            const bool want_resolved = f.state.empty() || f.state == "resolved";
            if (want_open) {
                if (f.state.empty()) f.state = "open";
                for (const auto& row : incidents.search(f, kOpenShown))
                    view.open.push_back(listed(row, config_.runbook));
            }
            if (want_resolved)
                view.resolved = incidents.recently_resolved(filter->first, kResolvedShown);
            view.open_total = incidents.count_open();
            view.names = storage::Users(db).names();
            return html(200, web::home_page(view));
        });
    }

    if (request.path == "/stats") {
        return db.read_transaction([&] {
            web::StatsView view;
            view.now = now;
            view.marker = storage::Incidents(db).change_marker();
            storage::for_each_incident_facts(
                db, now - std::chrono::days(365),
                [&](const core::IncidentFacts& f) { view.year.push_back(f); });
            constexpr int kWindows[] = {30, 90, 365};
            std::vector<core::TimePoint> sinces;
            for (const int days : kWindows) sinces.push_back(now - std::chrono::days(days));
            const auto overdue =
                storage::ActionItems(db).overdue_by_severity(core::utc_date(now), sinces);
            for (std::size_t w = 0; w < sinces.size(); ++w) {
                std::vector<core::IncidentFacts> window;
                for (const auto& f : view.year)
                    if (f.declared_at >= sinces[w]) window.push_back(f);
                view.windows.push_back(
                    reports::compute_stats(window, overdue[w], kWindows[w], now));
            }
            return html(200, web::stats_page(view));
        });
    }

    constexpr std::string_view kIncidents = "/incidents/";
    std::string_view rest = std::string_view(request.path).substr(kIncidents.size());
    std::optional<core::ReportFormat> download;
    for (const auto format :
         {core::ReportFormat::Markdown, core::ReportFormat::Json, core::ReportFormat::Yaml}) {
        const auto suffix = "/export." + std::string(core::to_string(format));
        if (rest.ends_with(suffix)) {
            download = format;
            rest.remove_suffix(suffix.size());
        }
    }
    const auto key = web::parse_incident_key(rest);
    if (!key) return html(404, web::not_found_page("No such page."));
    std::optional<web::TimelineCursor> cursor;
    const auto cursor_text = param(params, "cursor");
    if (!cursor_text.empty()) {
        auto decoded = web::decode_timeline_cursor(cursor_text);
        if (!decoded) return html(400, web::message_page("Bad request", decoded.error().message));
        cursor = *decoded;
    }
    return db.read_transaction([&]() -> Response {
        const auto incident = storage::Incidents(db).by_key(key->first, key->second);
        if (!incident || incident->is_private)
            return html(404, web::not_found_page("No incident " + std::string(rest) + "."));
        // The page shows neither the people involved nor the update count:
        // each is a scan of the whole timeline, left to the export.
        auto report = download ? load_report(db, *incident) : load_report_summary(db, *incident);
        if (download) {
            std::ostringstream out;
            reports::write_incident(out, *download, report, timeline_source(db, incident->id), now);
            const auto name =
                reports::file_name(*incident, *download, *download == core::ReportFormat::Markdown);
            auto r =
                secured({200,
                         *download == core::ReportFormat::Json   ? "application/json"
                         : *download == core::ReportFormat::Yaml ? "application/yaml; charset=utf-8"
                                                                 : "text/markdown; charset=utf-8",
                         out.str()});
            r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + name + "\"");
            return r;
        }
        web::IncidentView view;
        view.now = now;
        view.team_id = team_id();
        view.marker = storage::Incidents(db).change_marker();
        view.update_due = core::next_update_due(*incident, config_.runbook);
        auto events =
            storage::Timeline(db).page(incident->id, cursor ? cursor->after_at : core::TimePoint{},
                                       cursor ? cursor->after_id : 0, kTimelinePage + 1);
        if (static_cast<int>(events.size()) > kTimelinePage) {
            events.resize(kTimelinePage);
            view.timeline.next_cursor =
                web::encode(web::TimelineCursor{events.back().at, events.back().id});
        }
        view.timeline.events = std::move(events);
        view.timeline.cursor = cursor_text;
        view.report = std::move(report);
        return html(200, web::incident_page(view));
    });
}

}  // namespace bot
