// The dashboard's pure parts (web/): escaping in every context a page
// writes user text into, the query, cookie, time and cursor readers behind
// every 400, the API bodies, the OpenAPI document, and the badge contrast.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <set>

#include <nlohmann/json.hpp>

#include "core/action_item.hpp"
#include "tests/support/message_text.hpp"
#include "web/api.hpp"
#include "web/assets.hpp"
#include "web/escape.hpp"
#include "web/pages.hpp"
#include "web/params.hpp"

using namespace std::chrono_literals;
namespace chr = std::chrono;
using nlohmann::json;

using test::contains;

namespace {

const std::string kImgXss = "<img src=x onerror=alert(1)>";
const std::string kScriptXss = "</script><script>document.title='owned'</script>";

core::TimePoint utc(int y, unsigned m, unsigned d, chr::seconds time_of_day = 0s) {
    return chr::sys_days{chr::year{y} / chr::month{m} / chr::day{d}} + time_of_day;
}

core::Incident incident(int number, std::string title, core::TimePoint declared) {
    core::Incident i;
    i.id = number;
    i.year = 2026;
    i.number = number;
    i.title = std::move(title);
    i.severity = core::Severity::Sev1;
    i.state = core::IncidentState::Declared;
    i.declared_by = "U0ALICE";
    i.declared_at = declared;
    i.channel_id = "C0INC";
    i.channel_name = "incident-x";
    return i;
}

// What a browser would run: the payload's <img> element or its <script>
// (escaped, both only show as text).
bool has_live_markup(const std::string& page, const std::string& payload_marker) {
    return contains(page, "<img") || contains(page, "<script>" + payload_marker);
}

}  // namespace

TEST_CASE("html escaping covers the five characters that end text or an attribute") {
    CHECK(web::html(kImgXss) == "&lt;img src=x onerror=alert(1)&gt;");
    CHECK(web::html("a\"b'c&d") == "a&quot;b&#39;c&amp;d");
    CHECK(web::html("Zürich 🔥") == "Zürich 🔥");
    CHECK(web::url_component("a b&c=d/é") == "a%20b%26c%3Dd%2F%C3%A9");
}

TEST_CASE("only http and https links become clickable") {
    CHECK(web::safe_link("https://docs.example.com/pm/42") == "https://docs.example.com/pm/42");
    CHECK(web::safe_link("HTTP://x.example") == "HTTP://x.example");
    CHECK(web::safe_link("javascript:alert(1)").empty());
    CHECK(web::safe_link(" javascript:alert(1)").empty());
    CHECK(web::safe_link("data:text/html,<script>").empty());
    CHECK(web::safe_link("https://x.example/\nSet-Cookie").empty());
}

TEST_CASE("a title with markup or a closing script tag shows as text on every page") {
    const auto now = utc(2026, 3, 1, 12h);
    web::HomeView home;
    home.now = now;
    home.open.push_back({incident(1, kImgXss, now - 1h), now + 5min});
    home.open.push_back({incident(2, kScriptXss, now - 2h), std::nullopt});
    home.open_total = 2;
    home.filter.query = "\"><script>alert(1)</script>";
    const auto page = web::home_page(home);
    CHECK(contains(page, web::html(kImgXss)));
    CHECK(contains(page, web::html(kScriptXss)));
    CHECK_FALSE(has_live_markup(page, "document.title"));
    CHECK_FALSE(contains(page, "<script>alert(1)"));
    CHECK(contains(page, "value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""));
    // The only script is the page's own file, never inline.
    CHECK(contains(page, "<script src=\"/assets/dashboard.js\" defer></script>"));
    CHECK(page.find("<script") == page.rfind("<script"));

    web::IncidentView view;
    view.now = now;
    view.report.incident = incident(1, kScriptXss, now - 1h);
    view.report.incident.resolution = kImgXss;
    view.report.incident.postmortem_link = "javascript:alert(1)";
    view.report.incident.state = core::IncidentState::Resolved;
    view.report.names = {{"U0ALICE", "<b>alice</b>"}};
    view.report.events = 1;
    view.timeline.events.push_back({1, 1, now - 30min, "U0ALICE", core::EventKind::Note, kImgXss});
    const auto one = web::incident_page(view);
    CHECK(contains(one, web::html(kScriptXss)));
    CHECK(contains(one, "&lt;b&gt;alice&lt;/b&gt;"));
    CHECK_FALSE(has_live_markup(one, "document.title"));
    CHECK_FALSE(contains(one, "href=\"javascript:"));
    // The page title too: it is what the browser test watches.
    CHECK(contains(one, "<title>INC-2026-001 · incident-bot</title>"));
    CHECK(contains(one, "<h2 id=\"timeline\">Timeline (1 event)</h2>"));
    // A summary that stopped counting says so rather than giving a wrong total.
    view.report.events = 10'000;
    view.report.events_more = true;
    CHECK(contains(web::incident_page(view),
                   "<h2 id=\"timeline\">Timeline (over 10000 events)</h2>"));
}

TEST_CASE("the open list's pager keeps the filters, encoded for a URL inside an attribute") {
    const auto now = utc(2026, 3, 1, 12h);
    web::HomeView home;
    home.now = now;
    home.page_size = 100;
    home.open.push_back({incident(7, "Disk full", now - 1h), std::nullopt});
    CHECK_FALSE(contains(web::home_page(home), "class=\"pager\""));  // one page: no pager

    home.filter.severity = "SEV2";
    home.filter.query = "a\"b<c&d";
    home.open_next = "Q1-_";
    auto page = web::home_page(home);
    CHECK(contains(page, "Newest first, 100 a page."));
    CHECK(contains(page,
                   "<a rel=\"next\" href=\"/?severity=SEV2&amp;q=a%22b%3Cc%26d&amp;cursor=Q1-_\">"
                   "Older open incidents</a>"));
    CHECK_FALSE(contains(page, "First page"));
    CHECK(contains(page, "Recently resolved"));

    home.filter.cursor = "Q2-_";
    home.open_next.reset();
    page = web::home_page(home);
    CHECK(contains(page, "<a href=\"/?severity=SEV2&amp;q=a%22b%3Cc%26d\">First page</a>"));
    CHECK_FALSE(contains(page, "Recently resolved"));  // they follow the first page only
    CHECK_FALSE(contains(page, "rel=\"next\""));
    home.filter = {};
    home.filter.cursor = "Q2-_";
    CHECK(contains(web::home_page(home), "<a href=\"/\">First page</a>"));
    home.open.clear();  // a cursor past the last one: the way back is still there
    CHECK(contains(web::home_page(home), "No open incidents match."));
    CHECK(contains(web::home_page(home), "<a href=\"/\">First page</a>"));
}

TEST_CASE("a private incident is listed without its title, people or channel") {
    const auto now = utc(2026, 3, 1, 12h);
    web::HomeView home;
    home.now = now;
    auto secret = incident(3, "Payroll data exposed", now - 1h);
    secret.is_private = true;
    secret.roles[core::index(core::Role::Commander)] = "U0BOB";
    home.open.push_back({secret, std::nullopt});
    home.names = {{"U0BOB", "bob"}};
    const auto page = web::home_page(home);
    CHECK(contains(page, "INC-2026-003"));
    CHECK(contains(page, "Private incident"));
    CHECK_FALSE(contains(page, "Payroll"));
    CHECK_FALSE(contains(page, "bob"));
    CHECK_FALSE(contains(page, "incident-x"));
    const auto body = json::parse(web::incident_list_json(home.open, home.names, std::nullopt));
    const auto& row = body.at("incidents").at(0);
    CHECK(row.at("private") == true);
    CHECK_FALSE(row.contains("title"));
    CHECK_FALSE(row.contains("roles"));
}

TEST_CASE("the sign-in page keeps the way back as an escaped attribute") {
    const auto page = web::signin_page("/?q=\"><script>x</script>", true);
    CHECK(contains(page, "value=\"/?q=&quot;&gt;&lt;script&gt;x&lt;/script&gt;\""));
    CHECK(contains(page, "role=\"alert\""));
    CHECK(contains(page, "<label for=\"token\">"));
}

TEST_CASE("query strings decode percent escapes and plus, the last repeat winning") {
    const auto q = web::parse_query("state=open&severity=SEV1&q=disk+full%21&state=resolved&flag");
    CHECK(q.at("state") == "resolved");
    CHECK(q.at("q") == "disk full!");
    CHECK(q.at("flag").empty());
    CHECK(web::cookie_value("a=1; ib_session=tok%2Den; b=2", "ib_session") == "tok%2Den");
    CHECK_FALSE(web::cookie_value("xib_session=1", "ib_session"));
}

TEST_CASE("since takes a date, a UTC time or a duration back from now, and nothing else") {
    const auto now = utc(2026, 3, 10, 12h);
    CHECK(*web::parse_since("2026-03-01", now) == utc(2026, 3, 1));
    CHECK(*web::parse_since("2026-03-01T14:15:00Z", now) == utc(2026, 3, 1, 14h + 15min));
    CHECK(*web::parse_since("30d", now) == now - chr::days(30));
    CHECK(*web::parse_since("12h", now) == now - 12h);
    for (const auto* bad : {"", "yesterday", "2026-02-30", "2026-3-1", "-5d", "d",
                            "2026-03-01T25:00:00Z", "2026-03-01 14:15:00", "99999999d"}) {
        CAPTURE(bad);
        const auto r = web::parse_since(bad, now);
        REQUIRE_FALSE(r);
        CHECK(r.error().code == "bad_since");
    }
}

TEST_CASE("cursors round-trip and anything a client made up is a bad_cursor") {
    const auto list = web::encode(web::ListCursor{4211});
    CHECK(web::decode_list_cursor(list)->before_id == 4211);
    const web::TimelineCursor t{utc(2026, 3, 1, 9h) + 250ms, 77};
    const auto text = web::encode(t);
    const auto back = web::decode_timeline_cursor(text);
    REQUIRE(back);
    CHECK(back->after_at == t.after_at);
    CHECK(back->after_id == 77);
    // Opaque: a list cursor is no timeline cursor, and neither is junk.
    CHECK_FALSE(web::decode_timeline_cursor(list));
    CHECK_FALSE(web::decode_list_cursor(text));
    for (const auto* bad : {"", "!!!", "bDEuLTE", "bDEuMA", "dDEuMS4y.", "%00"}) {
        CAPTURE(bad);
        const auto r = web::decode_list_cursor(bad);
        REQUIRE_FALSE(r);
        CHECK(r.error().code == "bad_cursor");
    }
}

TEST_CASE("errors are one JSON line with error and message") {
    const auto text = web::error_json("bad_since", "since: \"x\" is not a date");
    CHECK(std::count(text.begin(), text.end(), '\n') == 1);
    const auto j = json::parse(text);
    CHECK(j.at("error") == "bad_since");
    CHECK(j.at("message") == "since: \"x\" is not a date");
}

TEST_CASE("the API's incident is the JSON export's, less the timeline rows, plus live fields") {
    reports::IncidentReport report;
    report.incident = incident(7, "Checkout slow", utc(2026, 3, 1, 9h));
    report.incident.escalation_level = 2;
    report.events = 12345;
    const auto j = json::parse(web::incident_json(report, utc(2026, 3, 1, 9h + 15min)));
    const auto& i = j.at("incident");
    CHECK(i.at("id") == "INC-2026-007");
    CHECK(i.at("title") == "Checkout slow");
    CHECK(i.at("timeline_events") == 12345);
    CHECK(i.at("escalation_level") == 2);
    CHECK(i.at("next_update_due") == "2026-03-01T09:15:00Z");
    CHECK_FALSE(i.contains("timeline"));
    CHECK_FALSE(i.contains("timeline_detail"));
}

namespace {

// Every "$ref" in `node`, as JSON pointers into the document.
void collect_refs(const json& node, std::vector<std::string>& out) {
    if (node.is_object()) {
        for (const auto& [key, value] : node.items()) {
            if (key == "$ref" && value.is_string()) out.push_back(value.get<std::string>());
            collect_refs(value, out);
        }
    } else if (node.is_array()) {
        for (const auto& value : node) collect_refs(value, out);
    }
}

}  // namespace

TEST_CASE("the OpenAPI document is 3.1, every $ref resolves and every path parameter is declared") {
    const auto doc = json::parse(web::openapi_json(), nullptr, false);
    REQUIRE_FALSE(doc.is_discarded());
    CHECK(doc.at("openapi") == "3.1.0");
    CHECK(doc.at("info").contains("title"));
    CHECK(doc.at("info").contains("version"));
    std::set<std::string> paths;
    for (const auto& [path, item] : doc.at("paths").items()) paths.insert(path);
    // What bot/dashboard.cpp serves under /api/v1; the e2e test asks the bot for each.
    CHECK(paths == std::set<std::string>{"/api/v1/incidents", "/api/v1/incidents/{id}",
                                         "/api/v1/incidents/{id}/timeline", "/api/v1/stats",
                                         "/api/v1/openapi.json"});
    std::vector<std::string> refs;
    collect_refs(doc, refs);
    CHECK(refs.size() > 20);
    for (const auto& ref : refs) {
        CAPTURE(ref);
        REQUIRE(ref.starts_with("#/"));
        CHECK(doc.contains(json::json_pointer(ref.substr(1))));
    }
    const auto resolve = [&](const json& node) -> const json& {
        return node.contains("$ref")
                   ? doc.at(json::json_pointer(node.at("$ref").get<std::string>().substr(1)))
                   : node;
    };
    for (const auto& [path, item] : doc.at("paths").items()) {
        for (const auto& [verb, operation] : item.items()) {
            CAPTURE(path);
            CHECK(verb == "get");
            CHECK(operation.contains("operationId"));
            std::set<std::string> declared;
            for (const auto& p : operation.value("parameters", json::array())) {
                const auto& param = resolve(p);
                CHECK(param.contains("schema"));
                if (param.at("in") == "path") {
                    CHECK(param.at("required") == true);
                    declared.insert(param.at("name").get<std::string>());
                }
            }
            std::set<std::string> in_path;
            for (auto at = path.find('{'); at != std::string::npos; at = path.find('{', at + 1))
                in_path.insert(path.substr(at + 1, path.find('}', at) - at - 1));
            CHECK(declared == in_path);
            CHECK(operation.at("responses").contains("200"));
            CHECK(operation.at("responses").contains("401"));
        }
    }
}

namespace {

double channel(int c) {
    const double v = c / 255.0;
    return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
}

double luminance(std::string_view hex) {
    const auto at = [&](std::size_t i) {
        return std::stoi(std::string(hex.substr(i, 2)), nullptr, 16);
    };
    return 0.2126 * channel(at(1)) + 0.7152 * channel(at(3)) + 0.0722 * channel(at(5));
}

double contrast(std::string_view a, std::string_view b) {
    const auto la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

}  // namespace

TEST_CASE("severity badges meet WCAG AA contrast (4.5:1) in light and dark mode") {
    for (const auto* set : {&web::kBadgeLight, &web::kBadgeDark})
        for (const auto& badge : *set) {
            CAPTURE(badge.text);
            CAPTURE(badge.background);
            CHECK(contrast(badge.text, badge.background) >= 4.5);
        }
    // The stylesheet uses exactly these colours.
    CHECK(contains(web::stylesheet(), ".badge.sev1{color:#ffffff;background:#b3261e}"));
}

TEST_CASE("short durations read as seconds, minutes, hours and days") {
    CHECK(web::short_duration(45s) == "45s");
    CHECK(web::short_duration(12min) == "12m");
    CHECK(web::short_duration(3h + 5min) == "3h 05m");
    CHECK(web::short_duration(chr::days(2) + 4h) == "2d 4h");
    CHECK(web::short_duration(-5s) == "0s");
}

namespace {

// Headings start at h1 and never skip a level going down; every visible
// form field has a <label for=…> naming its id.
std::string accessibility_problems(const std::string& page) {
    std::string problems;
    int previous = 0;
    for (auto at = page.find("<h"); at != std::string::npos; at = page.find("<h", at + 1)) {
        const char level = at + 2 < page.size() ? page[at + 2] : ' ';
        if (level < '1' || level > '6') continue;
        const int n = level - '0';
        if ((previous == 0 && n != 1) || n > previous + 1)
            problems += "h" + std::to_string(n) + " after h" + std::to_string(previous) + "; ";
        previous = n;
    }
    for (const auto* tag : {"<input", "<select"}) {
        for (auto at = page.find(tag); at != std::string::npos; at = page.find(tag, at + 1)) {
            const auto end = page.find('>', at);
            const auto element = page.substr(at, end - at);
            if (contains(element, "type=\"hidden\"")) continue;
            const auto id_at = element.find(" id=\"");
            if (id_at == std::string::npos) {
                problems += "no id: " + element + "; ";
                continue;
            }
            const auto id = element.substr(id_at + 5, element.find('"', id_at + 5) - id_at - 5);
            if (!contains(page, "<label for=\"" + id + "\""))
                problems += "no label for " + id + "; ";
        }
    }
    return problems;
}

}  // namespace

TEST_CASE("every page has its headings in order and a label on every form field") {
    const auto now = utc(2026, 3, 1, 12h);
    web::HomeView home;
    home.now = now;
    home.open.push_back({incident(1, "Disk full", now - 1h), now + 5min});
    auto resolved = incident(2, "Queue backlog", now - 5h);
    resolved.state = core::IncidentState::Resolved;
    resolved.resolved_at = now - 4h;
    home.resolved.push_back(resolved);
    CHECK(accessibility_problems(web::home_page(home)) == "");

    web::IncidentView view;
    view.now = now;
    view.report.incident = incident(1, "Disk full", now - 1h);
    core::ActionItem item;
    item.number = 1;
    item.text = "Add alerting";
    item.owner = "U0ALICE";
    view.report.action_items.push_back(item);
    view.timeline.events.push_back({1, 1, now - 30min, "U0ALICE", core::EventKind::Note, "x"});
    CHECK(accessibility_problems(web::incident_page(view)) == "");

    web::StatsView stats;
    stats.now = now;
    stats.windows.resize(3);
    CHECK(accessibility_problems(web::stats_page(stats)) == "");
    CHECK(accessibility_problems(web::signin_page("/", false)) == "");
    CHECK(accessibility_problems(web::not_found_page("No such page.")) == "");
    // The check itself finds what it looks for.
    CHECK(accessibility_problems("<h1>a</h1><h3>b</h3>") == "h3 after h1; ");
    CHECK(accessibility_problems("<h1>a</h1><input id=\"q\">") == "no label for q; ");
}

TEST_CASE(
    "a mitigated incident reads mitigated on the pages, and the API keeps state and adds the "
    "time") {
    const auto now = utc(2026, 3, 1, 12h);
    auto i = incident(3, "Search empty", now - 1h);
    i.mitigated_at = now - 20min;
    web::HomeView home;
    home.now = now;
    home.open.push_back({i, std::nullopt});
    home.open_total = 1;
    CHECK(contains(web::home_page(home), "</td><td>mitigated</td>"));
    web::IncidentView view;
    view.now = now;
    view.report.incident = i;
    const auto page = web::incident_page(view);
    CHECK(contains(page, "<dt>State</dt><dd>mitigated</dd>"));
    CHECK(contains(page, "<dt>Mitigated</dt>"));
    reports::IncidentReport report;
    report.incident = i;
    const auto j = json::parse(web::incident_json(report, now)).at("incident");
    CHECK(j.at("state") == "declared");
    CHECK(j.at("mitigated_at") == "2026-03-01T11:40:00Z");
}

TEST_CASE(
    "an incident closed as a duplicate says of which, with a link, on its page and in the API") {
    const auto now = utc(2026, 3, 1, 12h);
    auto i = incident(5, "Checkout errors", now - 1h);
    i.state = core::IncidentState::Resolved;
    i.resolved_at = now - 50min;
    i.duplicate_of = "INC-2026-004";
    web::IncidentView view;
    view.now = now;
    view.report.incident = i;
    const auto page = web::incident_page(view);
    CHECK(contains(page, "<dt>State</dt><dd>duplicate of INC-2026-004</dd>"));
    CHECK(contains(page, "<dd><a href=\"/incidents/INC-2026-004\">INC-2026-004</a></dd>"));
    reports::IncidentReport report;
    report.incident = i;
    const auto j = json::parse(web::incident_json(report, now)).at("incident");
    CHECK(j.at("state") == "resolved");
    CHECK(j.at("duplicate_of") == "INC-2026-004");
    i.duplicate_of.clear();
    report.incident = i;
    CHECK(json::parse(web::incident_json(report, now)).at("incident").at("duplicate_of").is_null());
}
