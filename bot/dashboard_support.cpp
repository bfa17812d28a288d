#include "bot/dashboard_support.hpp"

#include <charconv>

#include "core/due_times.hpp"
#include "core/severity.hpp"
#include "web/api.hpp"
#include "web/params.hpp"

namespace bot::dashboard {

using ops_http::Request;
using ops_http::Response;

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

// The list filters and the `cursor`, checked: {filter for storage, as shown}.
core::Result<std::pair<storage::IncidentFilter, web::ListFilter>> read_filter(
    const std::map<std::string, std::string>& params, core::TimePoint now) {
    web::ListFilter shown{param(params, "state"), param(params, "severity"), param(params, "q"),
                          param(params, "since"), ""};
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
    if (const auto cursor = param(params, "cursor"); !cursor.empty()) {
        auto decoded = web::decode_list_cursor(cursor);
        if (!decoded) return decoded.error();
        f.before_id = decoded->before_id;
        shown.cursor = cursor;
    }
    return std::pair{f, shown};
}

web::ListedIncident listed(const core::Incident& incident, const core::Runbook& runbook) {
    return {incident, core::next_update_due(incident, runbook)};
}

}  // namespace bot::dashboard
