#pragma once
// What the dashboard's handlers (bot/dashboard*.cpp) share: its limits, the
// headers every answer carries, and the readers of the list filters. Not
// for use outside the dashboard.
#include <map>
#include <string>
#include <string_view>
#include <utility>

#include "core/result.hpp"
#include "core/runbook.hpp"
#include "http/server.hpp"
#include "storage/incidents.hpp"
#include "web/views.hpp"

namespace bot::dashboard {

inline constexpr std::string_view kCookie = "ib_session";
inline constexpr int kDefaultLimit = 100;
inline constexpr int kMaxLimit = 500;
inline constexpr int kTimelinePage = 500;
inline constexpr int kResolvedShown = 50;
// Open incidents on `/` a page at a time, with a link to the next: a list
// of hundreds is neither readable nor cheap (500 rows were 270 kB).
inline constexpr int kOpenShown = 100;

// Every dashboard answer: no inline script or style, no framing, no referrer.
ops_http::Response secured(ops_http::Response r);
ops_http::Response json_ok(std::string body);
ops_http::Response api_error(unsigned status, std::string_view code, std::string_view message);
ops_http::Response html(unsigned status, std::string body);
ops_http::Response redirect(const std::string& location);
// A local path to go back to after signing in; anything else (another
// host, "//evil", a scheme) goes to "/".
std::string local_target(const std::string& next);
// `limit`: 1 to kMaxLimit, `fallback` when not given.
core::Result<int> read_limit(const std::map<std::string, std::string>& params, int fallback);
// A query parameter, "" when not given.
std::string param(const std::map<std::string, std::string>& params, const std::string& name);
// The list filters and the `cursor`, checked: {filter for storage, as shown}.
core::Result<std::pair<storage::IncidentFilter, web::ListFilter>> read_filter(
    const std::map<std::string, std::string>& params, core::TimePoint now);
// An incident as lists show it, with its next update due.
web::ListedIncident listed(const core::Incident& incident, const core::Runbook& runbook);

}  // namespace bot::dashboard
