#include "web/pages.hpp"

#include <algorithm>
#include <cstdio>

#include "web/charts.hpp"
#include "web/escape.hpp"

namespace web {

namespace {

// The state as the channel shows it: an open incident whose impact has
// stopped reads "mitigated" (the API keeps `state` and gives `mitigated_at`),
// one closed as a duplicate says of which (`duplicate_of`).
std::string state_text(const core::Incident& i) {
    if (core::is_mitigated(i)) return "mitigated";
    if (core::is_duplicate(i)) return "duplicate of " + html(i.duplicate_of);
    return std::string(core::to_string(i.state));
}

using namespace std::chrono;

std::string layout(std::string_view title, std::string_view marker, const std::string& content,
                   bool sign_out = false) {
    std::string out;
    out.reserve(content.size() + 1024);
    out +=
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"color-scheme\" content=\"light dark\">\n<title>";
    out += html(title);
    out +=
        " · incident-bot</title>\n<link rel=\"stylesheet\" href=\"/assets/dashboard.css\">\n"
        "<script src=\"/assets/dashboard.js\" defer></script>\n</head>\n<body data-marker=\"";
    out += html(marker);
    out +=
        "\">\n<header class=\"top\"><span class=\"brand\">incident-bot</span>"
        "<nav aria-label=\"Main\"><a href=\"/\">Incidents</a><a href=\"/stats\">Stats</a>"
        "</nav>";
    if (sign_out)
        out +=
            "<form class=\"signout\" method=\"post\" action=\"/signout\">"
            "<button type=\"submit\">Sign out</button></form>";
    out += "</header>\n<main>\n";
    out += content;
    out += "</main>\n</body>\n</html>\n";
    return out;
}

std::string badge(core::Severity s) {
    const auto name = std::string(core::to_string(s));
    return "<span class=\"badge sev" + std::to_string(core::index(s) + 1) + "\">" + name +
           "</span>";
}

std::string time_tag(core::TimePoint t) {
    return "<time datetime=\"" + reports::iso_time(t) + "\">" + reports::readable_time(t) +
           "</time>";
}

std::string name_in(const Names& names, const std::string& id) {
    if (id.empty()) return "incident-bot";
    const auto it = names.find(id);
    return it == names.end() ? id : it->second;
}

std::string person(const Names& names, const std::string& id) {
    if (id.empty()) return "<span class=\"muted\">—</span>";
    return html(name_in(names, id));
}

std::string channel_link(const core::Incident& i, const std::string& team_id) {
    if (i.channel_id.empty()) return "<span class=\"muted\">—</span>";
    const auto label = "#" + html(i.channel_name.empty() ? i.channel_id : i.channel_name);
    if (team_id.empty()) return label;
    return "<a href=\"https://app.slack.com/client/" + html(url_component(team_id)) + "/" +
           html(url_component(i.channel_id)) + "\">" + label + "</a>";
}

// "in 12m" / "overdue by 5m" (in red), or a dash.
std::string due_cell(const std::optional<core::TimePoint>& due, core::TimePoint now) {
    if (!due) return "<span class=\"muted\">—</span>";
    const auto tag = "<time datetime=\"" + reports::iso_time(*due) + "\"";
    if (*due < now)
        return "<span class=\"overdue\">" + tag + ">overdue by " +
               short_duration(duration_cast<seconds>(now - *due)) + "</time></span>";
    return tag + ">in " + short_duration(duration_cast<seconds>(*due - now)) + "</time>";
}

std::string incident_link(const core::Incident& i) {
    const auto key = core::incident_key(i);
    return "<a href=\"/incidents/" + key + "\">" + key + "</a>";
}

std::string option(std::string_view value, std::string_view label, std::string_view selected) {
    return "<option value=\"" + html(value) + "\"" + (value == selected ? " selected" : "") + ">" +
           html(label) + "</option>";
}

std::string filter_form(const ListFilter& f) {
    std::string out = "<form class=\"filters\" method=\"get\" action=\"/\" role=\"search\">";
    out += "<label for=\"f-severity\">Severity<select id=\"f-severity\" name=\"severity\">";
    out += option("", "Any", f.severity);
    for (const auto* s : {"SEV1", "SEV2", "SEV3", "SEV4"}) out += option(s, s, f.severity);
    out += "</select></label>";
    out += "<label for=\"f-state\">State<select id=\"f-state\" name=\"state\">";
    out += option("", "Any", f.state);
    out += option("open", "Open", f.state);
    out += option("declared", "Declared", f.state);
    out += option("acknowledged", "Acknowledged", f.state);
    out += option("resolved", "Resolved", f.state);
    out += "</select></label>";
    out +=
        "<label for=\"f-q\">Title contains<input id=\"f-q\" name=\"q\" type=\"search\" value=\"" +
        html(f.query) + "\" maxlength=\"200\"></label>";
    out += "<button type=\"submit\">Filter</button>";
    if (!f.severity.empty() || !f.state.empty() || !f.query.empty())
        out += "<a href=\"/\">Clear</a>";
    out += "</form>\n";
    return out;
}

// Links to the older open incidents and back to the first page, the filters
// carried over; nothing when one page holds them all.
std::string open_pager(const HomeView& v) {
    if (v.filter.cursor.empty() && !v.open_next) return "";
    std::string query;
    for (const auto& [name, value] : {std::pair{"severity", &v.filter.severity},
                                      {"state", &v.filter.state},
                                      {"q", &v.filter.query},
                                      {"since", &v.filter.since}})
        if (!value->empty()) query += std::string(name) + "=" + url_component(*value) + "&";
    std::string out =
        "<p class=\"pager\">Newest first, " + std::to_string(v.page_size) + " a page. ";
    if (!v.filter.cursor.empty())
        out += "<a href=\"/" + html(query.empty() ? "" : "?" + query.substr(0, query.size() - 1)) +
               "\">First page</a>";
    if (v.open_next)
        out += "<a rel=\"next\" href=\"/?" + html(query + "cursor=" + url_component(*v.open_next)) +
               "\">Older open incidents</a>";
    return out + "</p>\n";
}

std::string open_table(const HomeView& v) {
    if (v.open.empty())
        return "<p class=\"muted\" id=\"no-open\">No open incidents match.</p>\n" + open_pager(v);
    std::string out =
        "<table id=\"open-incidents\"><thead><tr><th scope=\"col\">Severity</th><th "
        "scope=\"col\">Incident</th><th scope=\"col\">Title</th><th scope=\"col\">State</th><th "
        "scope=\"col\">Age</th><th scope=\"col\">IC</th><th scope=\"col\">Next update</th><th "
        "scope=\"col\">Escalation</th><th scope=\"col\">Channel</th></tr></thead><tbody>\n";
    for (const auto& row : v.open) {
        const auto& i = row.incident;
        const auto age =
            short_duration(duration_cast<seconds>(v.now - std::min(v.now, i.declared_at)));
        out += "<tr class=\"incident\" data-id=\"" + core::incident_key(i) + "\"><td>" +
               badge(i.severity) + "</td>";
        if (i.is_private) {
            // Counted, not shown: no title, people, channel or link.
            out += "<td>" + core::incident_key(i) +
                   "</td><td class=\"private\">Private incident</td><td>" + state_text(i) +
                   "</td><td>" + age + "</td><td>—</td><td>—</td><td>—</td><td>—</td></tr>\n";
            continue;
        }
        out += "<td>" + incident_link(i) + "</td><td class=\"title\">" + html(i.title) +
               "</td><td>" + state_text(i) + "</td><td>" + age + "</td><td>" +
               person(v.names, i.holder(core::Role::Commander)) + "</td><td>" +
               due_cell(row.update_due, v.now) + "</td><td>" +
               (i.escalation_level > 0 ? "level " + std::to_string(i.escalation_level)
                                       : std::string("<span class=\"muted\">none</span>")) +
               "</td><td>" + channel_link(i, v.team_id) + "</td></tr>\n";
    }
    out += "</tbody></table>\n" + open_pager(v);
    return out;
}

std::string resolved_table(const HomeView& v) {
    if (v.resolved.empty()) return "<p class=\"muted\">No resolved incidents match.</p>\n";
    std::string out =
        "<table id=\"resolved-incidents\"><thead><tr><th scope=\"col\">Severity</th><th "
        "scope=\"col\">Incident</th><th scope=\"col\">Title</th><th scope=\"col\">Resolved</th><th "
        "scope=\"col\">Time to resolve</th></tr></thead><tbody>\n";
    for (const auto& i : v.resolved) {
        const auto ttr = i.resolved_at
                             ? short_duration(duration_cast<seconds>(
                                   *i.resolved_at - std::min(*i.resolved_at, i.declared_at)))
                             : std::string("—");
        out += "<tr class=\"incident\" data-id=\"" + core::incident_key(i) + "\"><td>" +
               badge(i.severity) + "</td>";
        if (i.is_private)
            out +=
                "<td>" + core::incident_key(i) + "</td><td class=\"private\">Private incident</td>";
        else
            out +=
                "<td>" + incident_link(i) + "</td><td class=\"title\">" + html(i.title) + "</td>";
        out += "<td>" + (i.resolved_at ? time_tag(*i.resolved_at) : std::string("—")) +
               "</td><td>" + ttr + "</td></tr>\n";
    }
    out += "</tbody></table>\n";
    return out;
}

std::string fact(std::string_view term, const std::string& value_html) {
    return "<dt>" + std::string(term) + "</dt><dd>" + value_html + "</dd>";
}

std::string or_dash(const std::string& text) {
    return text.empty() ? "<span class=\"muted\">—</span>" : html(text);
}

std::string optional_time(const std::optional<core::TimePoint>& t) {
    return t ? time_tag(*t) : "<span class=\"muted\">—</span>";
}

std::string postmortem_section(const IncidentView& v) {
    const auto& i = v.report.incident;
    std::string out = "<h2 id=\"postmortem\">Post-mortem</h2>\n<p>";
    if (!i.postmortem_link.empty()) {
        const auto link = safe_link(i.postmortem_link);
        out += "Done: " + (link.empty() ? html(i.postmortem_link)
                                        : "<a href=\"" + html(link) + "\">" +
                                              html(i.postmortem_link) + "</a>");
    } else if (i.postmortem_due_at) {
        out += (*i.postmortem_due_at < v.now ? "<span class=\"overdue\">Overdue</span>: was due "
                                             : "Due ") +
               time_tag(*i.postmortem_due_at);
    } else if (i.state != core::IncidentState::Resolved) {
        out += "Not due yet: the incident is open.";
    } else {
        out += "Not required for this severity.";
    }
    out += "</p>\n";
    return out;
}

std::string stats_table(const reports::StatsReport& r, int days) {
    const auto dur = [](const std::optional<seconds>& s) {
        return s ? short_duration(*s) : std::string("<span class=\"muted\">—</span>");
    };
    std::string out = "<table class=\"stats\" id=\"stats-" + std::to_string(days) +
                      "\"><thead><tr><th scope=\"col\">Severity</th><th scope=\"col\">Declared</th>"
                      "<th scope=\"col\">Resolved</th><th scope=\"col\">Open</th><th "
                      "scope=\"col\">Acknowledge, median</th><th scope=\"col\">Acknowledge, "
                      "p90</th><th scope=\"col\">Resolve, median</th><th scope=\"col\">Resolve, "
                      "p90</th><th scope=\"col\">Mitigate, median</th><th "
                      "scope=\"col\">Post-mortems overdue</th><th scope=\"col\">Action "
                      "items overdue</th></tr></thead><tbody>\n";
    const auto row = [&](const std::string& label, const reports::SeverityStats& s,
                         const std::string& key) {
        out += "<tr data-severity=\"" + key + "\"><th scope=\"row\">" + label + "</th><td>" +
               std::to_string(s.declared) + "</td><td>" + std::to_string(s.resolved) + "</td><td>" +
               std::to_string(s.open) + "</td><td>" + dur(s.tta_median) + "</td><td>" +
               dur(s.tta_p90) + "</td><td>" + dur(s.ttr_median) + "</td><td>" + dur(s.ttr_p90) +
               "</td><td>" + dur(s.ttm_median) + "</td><td" +
               (s.postmortems_overdue > 0 ? " class=\"overdue\"" : "") + ">" +
               std::to_string(s.postmortems_overdue) + "</td><td" +
               (s.actions_overdue > 0 ? " class=\"overdue\"" : "") + ">" +
               std::to_string(s.actions_overdue) + "</td></tr>\n";
    };
    for (std::size_t i = 0; i < 4; ++i) {
        const auto sev = static_cast<core::Severity>(i);
        row(badge(sev), r.by_severity[i], std::string(core::to_string(sev)));
    }
    row("All", r.total, "all");
    out += "</tbody></table>\n";
    if (r.duplicates > 0)
        out += "<p class=\"muted\">" + html(reports::duplicates_note(r)) + "</p>\n";
    return out;
}

}  // namespace

std::string short_duration(seconds span) {
    const auto s = std::max<std::int64_t>(0, span.count());
    char buf[48];
    if (s < 60)
        std::snprintf(buf, sizeof buf, "%llds", static_cast<long long>(s));
    else if (s < 3600)
        std::snprintf(buf, sizeof buf, "%lldm", static_cast<long long>(s / 60));
    else if (s < 86400)
        std::snprintf(buf, sizeof buf, "%lldh %02lldm", static_cast<long long>(s / 3600),
                      static_cast<long long>(s % 3600 / 60));
    else
        std::snprintf(buf, sizeof buf, "%lldd %lldh", static_cast<long long>(s / 86400),
                      static_cast<long long>(s % 86400 / 3600));
    return buf;
}

bool lists_resolved(const ListFilter& filter) {
    // They follow the first page of open ones.
    return (filter.state.empty() && filter.cursor.empty()) || filter.state == "resolved";
}

bool narrows_open(const ListFilter& filter) {
    return !filter.severity.empty() || !filter.query.empty() || !filter.since.empty() ||
           (!filter.state.empty() && filter.state != "open");
}

std::string home_page(const HomeView& v) {
    std::string body = "<h1>Incidents</h1>\n" + filter_form(v.filter);
    const auto total = std::to_string(v.open_total);
    body += "<div id=\"live\">\n<h2 id=\"open\">Open (" +
            (v.open_matching ? std::to_string(*v.open_matching) + " of " + total : total) +
            ")</h2>\n" + open_table(v);
    if (lists_resolved(v.filter))
        body += "<h2 id=\"resolved\">Recently resolved</h2>\n" + resolved_table(v);
    body += "</div>\n";
    return layout("Incidents", v.marker, body, v.sign_out);
}

std::string incident_page(const IncidentView& v) {
    const auto& r = v.report;
    const auto& i = r.incident;
    const auto key = core::incident_key(i);
    std::string body = "<h1>" + badge(i.severity) + " " + key + ": <span class=\"title\">" +
                       html(i.title) + "</span></h1>\n<div id=\"live\">\n<dl class=\"facts\">";
    body += fact("State", state_text(i));
    for (const core::Role role : core::kAllRoles)
        body += fact(core::role_name(role), person(r.names, i.holder(role)));
    body +=
        fact("Declared", time_tag(i.declared_at) + " by " + html(name_in(r.names, i.declared_by)));
    body += fact("Acknowledged", optional_time(i.acknowledged_at));
    if (i.mitigated_at) body += fact("Mitigated", optional_time(i.mitigated_at));
    body += fact("Resolved", optional_time(i.resolved_at));
    if (core::is_duplicate(i))
        body += fact("Duplicate of", "<a href=\"/incidents/" + html(i.duplicate_of) + "\">" +
                                         html(i.duplicate_of) + "</a>");
    if (i.state != core::IncidentState::Resolved) {
        body += fact("Next update", due_cell(v.update_due, v.now));
        body += fact("Escalation", i.escalation_level > 0
                                       ? "level " + std::to_string(i.escalation_level)
                                       : std::string("none"));
    }
    body += fact("Channel", channel_link(i, v.team_id));
    body +=
        fact("Users affected", i.users_affected ? std::to_string(*i.users_affected) : or_dash(""));
    body += fact("Revenue lost", or_dash(i.revenue_lost));
    body += fact("Impact", or_dash(i.impact_text));
    body += fact("Detected by", or_dash(i.detected_by));
    body += fact("Detected at", optional_time(i.detected_at));
    if (!i.resolution.empty()) body += fact("Resolution", html(i.resolution));
    body += "</dl>\n<p class=\"downloads\">";
    for (const auto* format : {"md", "json", "yaml"})
        body += "<a class=\"button\" href=\"/incidents/" + key + "/export." + format +
                "\" download>Download ." + format + "</a>";
    body += "</p>\n";

    body += std::string("<h2 id=\"timeline\">Timeline (") + (r.events_more ? "over " : "") +
            std::to_string(r.events) + (r.events == 1 && !r.events_more ? " event" : " events") +
            ")</h2>\n";
    if (v.timeline.events.empty()) {
        body += "<p class=\"muted\">No events on this page.</p>\n";
    } else {
        body +=
            "<table id=\"timeline-events\"><thead><tr><th scope=\"col\">Time</th><th "
            "scope=\"col\">Who</th><th scope=\"col\">Kind</th><th "
            "scope=\"col\">Event</th></tr></thead><tbody>\n";
        for (const auto& e : v.timeline.events)
            body += "<tr class=\"event\"><td>" + time_tag(e.at) + "</td><td>" +
                    html(reports::name_of(r, e.actor)) + "</td><td>" +
                    std::string(core::to_string(e.kind)) + "</td><td>" +
                    html(reports::event_text(r, e)) + "</td></tr>\n";
        body += "</tbody></table>\n";
    }
    if (!v.timeline.cursor.empty() || v.timeline.next_cursor) {
        body += "<p class=\"pager\">";
        if (!v.timeline.cursor.empty())
            body += "<a href=\"/incidents/" + key + "#timeline\">First page</a>";
        if (v.timeline.next_cursor)
            body += "<a rel=\"next\" href=\"/incidents/" + key +
                    "?cursor=" + html(url_component(*v.timeline.next_cursor)) +
                    "#timeline\">Next 500 events</a>";
        body += "</p>\n";
    }

    body += "<h2 id=\"action-items\">Action items</h2>\n";
    if (r.action_items.empty()) {
        body += "<p class=\"muted\">None yet.</p>\n";
    } else {
        body +=
            "<table id=\"action-items-table\"><thead><tr><th scope=\"col\">#</th><th "
            "scope=\"col\">Action</th><th scope=\"col\">Owner</th><th scope=\"col\">Due</th><th "
            "scope=\"col\">Done</th></tr></thead><tbody>\n";
        for (const auto& a : r.action_items) {
            const bool overdue = !a.done && a.due && *a.due < core::utc_date(v.now);
            body += "<tr><td>" + std::to_string(a.number) + "</td><td>" + html(a.text) +
                    "</td><td>" + person(r.names, a.owner) + "</td><td" +
                    (overdue ? " class=\"overdue\"" : "") + ">" +
                    (a.due ? core::to_string(*a.due) : std::string("—")) + "</td><td>" +
                    (a.done ? "yes" : "no") + "</td></tr>\n";
        }
        body += "</tbody></table>\n";
    }
    body += postmortem_section(v);
    body += "</div>\n";
    return layout(key, v.marker, body, v.sign_out);
}

std::string stats_page(const StatsView& v) {
    std::string body = "<h1>Stats</h1>\n<div id=\"live\">\n";
    const int periods[] = {30, 90, 365};
    for (std::size_t n = 0; n < v.windows.size() && n < 3; ++n) {
        body += "<h2 id=\"last-" + std::to_string(periods[n]) + "\">Last " +
                std::to_string(periods[n]) + " days</h2>\n" + stats_table(v.windows[n], periods[n]);
    }
    body +=
        "<h2 id=\"per-week\">Incidents per week</h2>\n<ul class=\"legend\" "
        "aria-hidden=\"true\"><li class=\"sev1\">SEV1</li><li class=\"sev2\">SEV2</li><li "
        "class=\"sev3\">SEV3</li><li class=\"sev4\">SEV4</li></ul>\n";
    body += weekly_incidents_chart(v.year, v.now, 26) + "\n";
    body +=
        "<h2 id=\"resolve-times\">Time to resolve per incident (the latest 150 of the last 90 "
        "days)</h2>\n";
    body += time_to_resolve_chart(v.year, v.now, 90) + "\n</div>\n";
    return layout("Stats", v.marker, body, v.sign_out);
}

std::string signin_page(std::string_view next, bool failed) {
    std::string body = "<div class=\"signin\"><h1>Sign in</h1>\n";
    if (failed)
        body +=
            "<p class=\"error\" role=\"alert\">That token is not the one the bot has "
            "(HTTP_TOKEN).</p>\n";
    body +=
        "<p>This dashboard is protected by the bot's HTTP_TOKEN. Enter it once; the browser keeps "
        "it in a cookie only this site can read.</p>\n"
        "<form method=\"post\" action=\"/signin\"><input type=\"hidden\" name=\"next\" value=\"" +
        html(next) +
        "\"><label for=\"token\">Token</label><input id=\"token\" name=\"token\" "
        "type=\"password\" autocomplete=\"current-password\" required> <button "
        "type=\"submit\">Sign in</button></form></div>\n";
    return layout("Sign in", "", body);
}

std::string message_page(std::string_view heading, std::string_view message) {
    return layout(heading, "",
                  "<h1>" + html(heading) + "</h1>\n<p>" + html(message) +
                      "</p>\n<p><a href=\"/\">All incidents</a></p>\n");
}

std::string not_found_page(std::string_view message) {
    return message_page("Not found", message);
}

}  // namespace web
