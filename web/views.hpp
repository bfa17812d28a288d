#pragma once
// What the pages and the API are rendered from: plain values read by
// bot/dashboard.cpp in one read transaction. Renderers (api.hpp,
// pages.hpp) are pure over these.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/incident.hpp"
#include "core/incident_facts.hpp"
#include "reports/incident_report.hpp"
#include "reports/stats.hpp"

namespace web {

using Names = std::map<std::string, std::string>;  // Slack user id -> name

// An incident in a list, with what the runbook derives for it.
struct ListedIncident {
    core::Incident incident;
    std::optional<core::TimePoint> update_due;  // next status update, while open
};

// The filters of `/` and /api/v1/incidents, as given (already checked).
struct ListFilter {
    std::string state;     // "", "open", "resolved", "declared", "acknowledged"
    std::string severity;  // "", "SEV1" … "SEV4"
    std::string query;     // title search, "" for none
    std::string since;     // as typed, "" for none
    std::string cursor;    // where this page of the list starts, "" for the first
};

struct HomeView {
    std::vector<ListedIncident> open;      // newest first, one page of them
    std::optional<std::string> open_next;  // the cursor of the next page, if any
    int page_size = 0;                     // open incidents a page
    std::vector<core::Incident> resolved;  // most recently resolved first
    std::int64_t open_total = 0;           // every open incident, private ones too
    // Of those, how many the filter matches, when it narrows them (narrows_open).
    std::optional<std::int64_t> open_matching;
    ListFilter filter;
    Names names;
    std::string team_id;  // Slack workspace (auth.test), "" until known
    std::string marker;   // storage::Incidents::change_marker, for live refresh
    core::TimePoint now{};
    bool sign_out = false;  // signed in with HTTP_TOKEN: a sign-out button in the header
};

struct TimelinePage {
    std::vector<core::TimelineEvent> events;  // oldest first
    std::optional<std::string> next_cursor;   // more after these
    std::string cursor;                       // the one this page started at, "" for the first
};

struct IncidentView {
    reports::IncidentReport report;
    std::optional<core::TimePoint> update_due;
    TimelinePage timeline;
    std::string team_id;
    std::string marker;
    core::TimePoint now{};
    bool sign_out = false;  // signed in with HTTP_TOKEN: a sign-out button in the header
};

// The three windows of /stats, and what the charts draw.
struct StatsView {
    std::vector<reports::StatsReport> windows;  // 30, 90, 365 days
    std::vector<core::IncidentFacts> year;      // declared in the last 365 days, oldest first
    std::string marker;
    core::TimePoint now{};
    bool sign_out = false;  // signed in with HTTP_TOKEN: a sign-out button in the header
};

}  // namespace web
