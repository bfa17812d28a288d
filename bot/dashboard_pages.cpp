#include "bot/dashboard.hpp"

#include <algorithm>
#include <chrono>
#include <optional>
#include <span>
#include <sstream>
#include <vector>

#include <nlohmann/json.hpp>

#include "bot/dashboard_support.hpp"
#include "bot/report_source.hpp"
#include "core/due_times.hpp"
#include "core/url_encoding.hpp"
#include "reports/export.hpp"
#include "storage/incident_facts.hpp"
#include "storage/incidents.hpp"
#include "storage/timeline.hpp"
#include "storage/users.hpp"
#include "web/pages.hpp"
#include "web/params.hpp"

// The HTML pages (/, /incidents/…, /stats) and /live, which their script polls.
namespace bot {

using namespace dashboard;
using ops_http::Request;
using ops_http::Response;

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
            view.sign_out = !config_.http_token.empty();
            auto f = filter->first;
            const bool want_open = f.state != "resolved";
            view.page_size = kOpenShown;
            if (want_open) {
                if (f.state.empty()) f.state = "open";
                auto rows = incidents.search(f, kOpenShown + 1);
                if (rows.size() > static_cast<std::size_t>(kOpenShown)) {
                    rows.resize(kOpenShown);
                    view.open_next = web::encode(web::ListCursor{rows.back().id});
                }
                for (const auto& row : rows) view.open.push_back(listed(row, config_.runbook));
            }
            if (web::lists_resolved(view.filter))
                view.resolved = incidents.recently_resolved(filter->first, kResolvedShown);
            view.open_total = incidents.count_open();
            if (web::narrows_open(view.filter)) {
                // `f` is what the open list searched; a first page with no
                // next one already holds every match.
                view.open_matching = !want_open ? 0
                                     : !view.open_next && f.before_id == 0
                                         ? static_cast<std::int64_t>(view.open.size())
                                         : incidents.count(f);
            }
            view.names = storage::Users(db).names();
            return html(200, web::home_page(view));
        });
    }

    if (request.path == "/stats") {
        return db.read_transaction([&] {
            web::StatsView view;
            view.now = now;
            view.marker = storage::Incidents(db).change_marker();
            view.sign_out = !config_.http_token.empty();
            constexpr int kWindows[] = {30, 90, 365};
            view.year = stats_facts_.since(db, now - std::chrono::days(kWindows[2]), now);
            // Oldest first: each window is the year's tail from its start.
            const std::span<const core::IncidentFacts> year(view.year);
            for (const int days : kWindows) {
                const auto since = now - std::chrono::days(days);
                const auto from = std::partition_point(
                    year.begin(), year.end(),
                    [&](const core::IncidentFacts& f) { return f.declared_at < since; });
                view.windows.push_back(reports::compute_stats(
                    year.subspan(static_cast<std::size_t>(from - year.begin())), days, now));
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
    const auto key = core::parse_incident_key(rest);
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
