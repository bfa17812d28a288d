#include "bot/dashboard.hpp"

#include <optional>

#include "bot/dashboard_support.hpp"
#include "bot/report_source.hpp"
#include "core/due_times.hpp"
#include "storage/incident_facts.hpp"
#include "storage/incidents.hpp"
#include "storage/timeline.hpp"
#include "storage/users.hpp"
#include "web/api.hpp"
#include "web/params.hpp"

// The JSON API (/api/v1/…): each answer read in one read transaction.
namespace bot {

using namespace dashboard;
using ops_http::Request;
using ops_http::Response;

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
        return db.read_transaction([&] {
            auto rows = storage::Incidents(db).search(filter->first, *limit + 1);
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
            const auto facts = stats_facts_.since(db, since, now);
            return json_ok(web::stats_json(reports::compute_stats(facts, days, now), since));
        });
    }

    constexpr std::string_view kIncidents = "/api/v1/incidents/";
    if (path.starts_with(kIncidents)) {
        auto rest = path.substr(kIncidents.size());
        const bool timeline = rest.ends_with("/timeline");
        if (timeline) rest.remove_suffix(std::string_view("/timeline").size());
        const auto key = core::parse_incident_key(rest);
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
            const auto report = load_report_names(db, *incident);
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

}  // namespace bot
