// The dashboard and the JSON API of the real binary, on its operations
// listener, over a seeded database: pages, escaping, security headers,
// cursor pagination, 400/404/401 as JSON, the sign-in cookie, every answer
// checked against the schema the served OpenAPI document gives for it;
// its page threads at a lower CPU priority than the loop that acks.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

#include "core/threads.hpp"
#include "storage/database.hpp"
#include "storage/incidents.hpp"
#include "tests/support/dashboard_seed.hpp"
#include "tests/support/http_test_client.hpp"
#include "tests/support/message_text.hpp"
#include "tests/support/ops_http.hpp"
#include "tests/support/slack_world.hpp"

using namespace std::chrono_literals;
using nlohmann::json;
using test::SlackWorld;
using Env = std::map<std::string, std::string>;
using Headers = std::map<std::string, std::string>;

using test::contains;
using test::occurrences;

namespace {

std::string html_escaped(const std::string& text) {
    std::string out;
    for (const char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

// A bot with the seeded database and its listener on a free loopback port.
struct DashboardWorld {
    // `more` writes into the seeded database before the bot starts.
    explicit DashboardWorld(Env env = {},
                            const std::function<void(const std::string& db_path)>& more = {})
        : port(test::free_port()) {
        seed = test::seed_dashboard(w.db_path(), std::chrono::system_clock::now(), w.alice, w.bob);
        if (more) more(w.db_path());
        env["HTTP_ADDR"] = "127.0.0.1:" + std::to_string(port);
        w.start_bot(env);
        REQUIRE_MESSAGE(w.eventually([&] { return get("/healthz").status == 200; }),
                        "no /healthz; bot log:\n"
                            << w.bot_log());
    }
    test::HttpReply get(const std::string& target, const Headers& headers = {}) {
        test::HttpTestClient client("127.0.0.1", port);
        return client.request("GET", target, "", headers);
    }
    test::HttpReply post_form(const std::string& target, const std::string& body,
                              const Headers& headers = {}) {
        test::HttpTestClient client("127.0.0.1", port);
        return client.post(target, body, "application/x-www-form-urlencoded", headers);
    }
    SlackWorld w;
    unsigned short port;
    test::DashboardSeed seed;
};

void check_security_headers(const test::HttpReply& r) {
    const auto csp = r.header("content-security-policy");
    CHECK(contains(csp, "default-src 'self'"));
    CHECK(contains(csp, "script-src 'self'"));
    CHECK_FALSE(contains(csp, "unsafe-inline"));
    CHECK_FALSE(contains(csp, "unsafe-eval"));
    CHECK(r.header("x-content-type-options") == "nosniff");
    CHECK(r.header("referrer-policy") == "no-referrer");
}

// The subset of JSON Schema the document uses: $ref, type (one or a list),
// enum, required, properties, items. Returns what is wrong, "" when valid.
std::string schema_errors(const json& doc, const json& schema, const json& value,
                          const std::string& where) {
    if (schema.contains("$ref")) {
        const auto pointer = schema.at("$ref").get<std::string>().substr(1);
        return schema_errors(doc, doc.at(json::json_pointer(pointer)), value, where);
    }
    if (schema.contains("type")) {
        const auto is = [&](const std::string& type) {
            if (type == "object") return value.is_object();
            if (type == "array") return value.is_array();
            if (type == "string") return value.is_string();
            if (type == "integer") return value.is_number_integer();
            if (type == "number") return value.is_number();
            if (type == "boolean") return value.is_boolean();
            if (type == "null") return value.is_null();
            return false;
        };
        bool ok = false;
        if (schema.at("type").is_array()) {
            for (const auto& t : schema.at("type")) ok = ok || is(t.get<std::string>());
        } else {
            ok = is(schema.at("type").get<std::string>());
        }
        if (!ok) return where + ": " + value.dump() + " is not " + schema.at("type").dump();
    }
    if (schema.contains("enum") && std::find(schema.at("enum").begin(), schema.at("enum").end(),
                                             value) == schema.at("enum").end())
        return where + ": " + value.dump() + " not in " + schema.at("enum").dump();
    if (value.is_object()) {
        for (const auto& name : schema.value("required", json::array()))
            if (!value.contains(name.get<std::string>()))
                return where + ": missing " + name.get<std::string>();
        if (schema.contains("properties"))
            for (const auto& [name, sub] : schema.at("properties").items())
                if (value.contains(name))
                    if (auto e = schema_errors(doc, sub, value.at(name), where + "." + name);
                        !e.empty())
                        return e;
    }
    if (value.is_array() && schema.contains("items"))
        for (std::size_t i = 0; i < value.size(); ++i)
            if (auto e = schema_errors(doc, schema.at("items"), value.at(i),
                                       where + "[" + std::to_string(i) + "]");
                !e.empty())
                return e;
    return "";
}

// Checks an API answer against what the OpenAPI document says `path`
// (as written there, "{id}" included) answers with that status.
void check_against_openapi(const json& doc, const std::string& path, const test::HttpReply& r) {
    CAPTURE(path);
    CAPTURE(r.status);
    CAPTURE(r.body);
    CHECK(r.header("content-type") == "application/json");
    const auto body = r.json();
    REQUIRE_FALSE(body.is_discarded());
    const auto& responses = doc.at("paths").at(path).at("get").at("responses");
    const auto status = std::to_string(r.status);
    REQUIRE_MESSAGE(responses.contains(status), "status " << status << " is not documented");
    auto response = responses.at(status);
    if (response.contains("$ref"))
        response = doc.at(json::json_pointer(response.at("$ref").get<std::string>().substr(1)));
    const auto& schema = response.at("content").at("application/json").at("schema");
    CHECK(schema_errors(doc, schema, body, "body") == "");
}

void check_error(const test::HttpReply& r, int status, const std::string& code) {
    CAPTURE(r.body);
    CHECK(r.status == status);
    const auto j = r.json();
    REQUIRE(j.is_object());
    CHECK(j.value("error", "") == code);
    CHECK_FALSE(j.value("message", "").empty());
}

}  // namespace

TEST_CASE(
    "the incidents page lists open and resolved incidents, titles as text, private ones "
    "without title") {
    DashboardWorld d;
    const auto r = d.get("/");
    REQUIRE(r.status == 200);
    CHECK(r.header("content-type") == "text/html; charset=utf-8");
    check_security_headers(r);
    const auto& page = r.body;
    CHECK(contains(page, "href=\"/incidents/" + d.seed.payment + "\""));
    CHECK(contains(page, "Payment processing down"));
    CHECK(contains(page, html_escaped(test::kImgXssTitle)));
    CHECK(contains(page, html_escaped(test::kScriptXssTitle)));
    CHECK_FALSE(contains(page, test::kImgXssTitle));
    CHECK_FALSE(contains(page, test::kScriptXssTitle));
    CHECK_FALSE(contains(page, test::kSecretTitle));
    CHECK(contains(page, "Private incident"));
    CHECK(contains(page, "Open (" + std::to_string(d.seed.open) + ")"));
    CHECK(contains(page, "overdue by"));  // the SEV1's update is 50 min old
    CHECK(contains(page, ">alice<"));     // its IC
    for (const auto& key : d.seed.resolved) CHECK(contains(page, "/incidents/" + key + "\""));

    const auto sev2 = d.get("/?severity=SEV2&state=open").body;
    CHECK(contains(sev2, d.seed.img_xss));
    CHECK_FALSE(contains(sev2, d.seed.payment));
    CHECK_FALSE(contains(sev2, "Recently resolved"));
    const auto search = d.get("/?q=PAYMENT").body;
    CHECK(contains(search, d.seed.payment));
    // The heading counts what the filter shows, out of every open one.
    const auto all_open = std::to_string(d.seed.open);
    CHECK_MESSAGE(contains(search, "Open (1 of " + all_open + ")"), search);
    CHECK(contains(d.get("/?state=resolved").body, "Open (0 of " + all_open + ")"));
    CHECK_FALSE(contains(search, d.seed.img_xss));
    CHECK_FALSE(contains(search, "Private incident"));  // a title search never finds them
    const auto bad = d.get("/?severity=SEV9");
    CHECK(bad.status == 400);
    CHECK(contains(bad.body, "severity: SEV1, SEV2, SEV3 or SEV4"));
}

TEST_CASE("the incidents page shows open incidents 100 at a time, its links keeping the filters") {
    constexpr int kMore = 230;  // SEV3 ones, newer ids than the seed's
    DashboardWorld d({}, [](const std::string& db_path) {
        storage::Database db(db_path);
        db.transaction([&] {
            storage::Incidents incidents(db);
            const auto now = std::chrono::system_clock::now();
            for (int n = 0; n < kMore; ++n)
                incidents.declare({"Filler incident " + std::to_string(n), core::Severity::Sev3,
                                   "U0FILL", "C0OPS", now - 2h + n * 1s, ""});
        });
    });
    const int open = d.seed.open + kMore;
    // The open table's incident ids, and the pager's links (as a browser reads them).
    struct Page {
        std::vector<std::string> ids;
        std::string next, body;
    };
    const auto load = [&](const std::string& target) {
        CAPTURE(target);
        const auto r = d.get(target);
        REQUIRE(r.status == 200);
        Page p{{}, "", r.body};
        const auto table = r.body.find("id=\"open-incidents\"");
        REQUIRE(table != std::string::npos);
        const auto end = r.body.find("</table>", table);
        for (auto at = r.body.find("data-id=\"", table); at < end;
             at = r.body.find("data-id=\"", at + 1)) {
            const auto from = at + std::string("data-id=\"").size();
            p.ids.push_back(r.body.substr(from, r.body.find('"', from) - from));
        }
        const auto href = [&](const std::string& before) {
            const auto at = r.body.find(before + "href=\"");
            if (at == std::string::npos) return std::string();
            const auto from = at + before.size() + 6;
            auto link = r.body.substr(from, r.body.find('"', from) - from);
            for (std::size_t amp; (amp = link.find("&amp;")) != std::string::npos;)
                link.replace(amp, 5, "&");
            return link;
        };
        p.next = href("rel=\"next\" ");
        return p;
    };

    auto page = load("/");
    CHECK(contains(page.body, "Open (" + std::to_string(open) + ")"));
    CHECK(contains(page.body, "Recently resolved"));
    CHECK_FALSE(contains(page.body, ">First page<"));
    CHECK(page.ids.size() == 100);
    std::vector<std::string> seen = page.ids;
    int pages = 1;
    while (!page.next.empty() && pages < 10) {
        REQUIRE(page.next.starts_with("/?cursor="));
        page = load(page.next);
        ++pages;
        CHECK_FALSE(contains(page.body, "Recently resolved"));  // the first page's
        CHECK(contains(page.body, "<a href=\"/\">First page</a>"));
        seen.insert(seen.end(), page.ids.begin(), page.ids.end());
    }
    CHECK(pages == 3);
    CHECK(page.ids.size() == static_cast<std::size_t>(open - 200));
    CHECK(seen.size() == static_cast<std::size_t>(open));
    CHECK(std::set<std::string>(seen.begin(), seen.end()).size() == seen.size());
    CHECK(std::find(seen.begin(), seen.end(), d.seed.payment) != seen.end());
    const auto number = [](const std::string& key) { return std::stoi(key.substr(9)); };
    CHECK(std::is_sorted(seen.begin(), seen.end(), [&](const auto& a, const auto& b) {
        return number(a) > number(b);  // newest first, across the pages
    }));

    // The filters go with the pages; a cursor of the API's works here.
    page = load("/?severity=SEV3&q=filler");
    CHECK(page.ids.size() == 100);
    CHECK(page.next.starts_with("/?severity=SEV3&q=filler&cursor="));
    page = load(page.next);
    CHECK(contains(page.body, "<a href=\"/?severity=SEV3&amp;q=filler\">First page</a>"));
    CHECK(contains(page.body, "Filler incident 129<"));
    page = load(page.next);
    CHECK(page.next.empty());
    CHECK(contains(page.body, "Filler incident 0<"));  // the oldest, on the last page
    const auto api = d.get("/api/v1/incidents?state=open&limit=2").json();
    REQUIRE(api.at("next_cursor").is_string());
    CHECK(load("/?cursor=" + api.at("next_cursor").get<std::string>()).ids.size() == 100);
    const auto bad = d.get("/?cursor=not-a-cursor");
    CHECK(bad.status == 400);
    CHECK(contains(bad.body, "cursor"));
}

TEST_CASE("an incident page shows its facts, action items and timeline 500 rows at a time") {
    DashboardWorld d;
    const auto r = d.get("/incidents/" + d.seed.payment);
    REQUIRE(r.status == 200);
    check_security_headers(r);
    CHECK(contains(r.body, "card auths failing; rolling back deploy 4411"));
    CHECK(contains(r.body, "Add a canary for card auths"));
    CHECK(contains(r.body, "<dt>Incident Commander</dt><dd>alice</dd>"));
    CHECK(contains(r.body, "/incidents/" + d.seed.payment + "/export.json"));
    // Declared, IC, the update; the bot may have added its overdue reminder since.
    CHECK(occurrences(r.body, "<tr class=\"event\">") >= 3);

    const auto xss = d.get("/incidents/" + d.seed.script_xss);
    REQUIRE(xss.status == 200);
    CHECK(contains(xss.body, html_escaped(test::kScriptXssTitle)));
    CHECK_FALSE(contains(xss.body, "<script>document.title"));

    // 1,203 rows: 500, 500, then 203, each page linking the next.
    std::string target = "/incidents/" + d.seed.long_one;
    std::vector<std::size_t> pages;
    std::set<std::string> rows;
    for (int n = 0; n < 5 && !target.empty(); ++n) {
        const auto page = d.get(target);
        REQUIRE(page.status == 200);
        pages.push_back(occurrences(page.body, "<tr class=\"event\">"));
        for (auto at = page.body.find("progress note "); at != std::string::npos;
             at = page.body.find("progress note ", at + 1))
            rows.insert(page.body.substr(at, page.body.find('<', at) - at));
        const auto next = page.body.find("rel=\"next\" href=\"");
        target.clear();
        if (next != std::string::npos) {
            const auto start = next + std::string("rel=\"next\" href=\"").size();
            target = page.body.substr(start, page.body.find('"', start) - start);
            target = target.substr(0, target.find('#'));
        }
    }
    CHECK(pages == std::vector<std::size_t>{500, 500, 203});
    CHECK(rows.size() == static_cast<std::size_t>(test::kLongTimelineRows - 2));  // all notes once

    CHECK(d.get("/incidents/" + d.seed.secret).status == 404);
    CHECK_FALSE(contains(d.get("/incidents/" + d.seed.secret).body, test::kSecretTitle));
    CHECK(d.get("/incidents/INC-2099-999").status == 404);
    CHECK(d.get("/incidents/nonsense").status == 404);
    CHECK(d.get("/incidents/" + d.seed.payment + "?cursor=junk").status == 400);

    const auto exported = d.get("/incidents/" + d.seed.payment + "/export.json");
    REQUIRE(exported.status == 200);
    CHECK(contains(exported.header("content-disposition"), "attachment"));
    CHECK(exported.json().at("incident").at("id") == d.seed.payment);
    CHECK(d.get("/incidents/" + d.seed.payment + "/export.md").status == 200);
    CHECK(d.get("/incidents/" + d.seed.payment + "/export.yaml").status == 200);
}

TEST_CASE("the stats page has the three windows and two server-drawn charts") {
    DashboardWorld d;
    const auto r = d.get("/stats");
    REQUIRE(r.status == 200);
    check_security_headers(r);
    for (const auto* id : {"stats-30", "stats-90", "stats-365"}) CHECK(contains(r.body, id));
    CHECK(occurrences(r.body, "<svg class=\"chart\"") == 2);
    // 11 declared in the last 30 days, 8 of them resolved.
    CHECK(contains(r.body, "<tr data-severity=\"all\"><th scope=\"row\">All</th><td>" +
                               std::to_string(d.seed.total) + "</td><td>" +
                               std::to_string(d.seed.total - d.seed.open) + "</td><td>" +
                               std::to_string(d.seed.open) + "</td>"));
    const auto css = d.get("/assets/dashboard.css");
    CHECK(css.status == 200);
    CHECK(css.header("content-type") == "text/css; charset=utf-8");
    const auto js = d.get("/assets/dashboard.js");
    CHECK(js.status == 200);
    CHECK(js.header("content-type") == "text/javascript; charset=utf-8");
    CHECK(d.get("/assets/other.js").status == 404);
}

TEST_CASE("the API pages through every incident with its cursor and filters like the page") {
    DashboardWorld d;
    const auto doc = d.get("/api/v1/openapi.json").json();
    REQUIRE(doc.is_object());
    std::vector<std::string> ids;
    std::string target = "/api/v1/incidents?limit=4";
    for (int n = 0; n < 10 && !target.empty(); ++n) {
        const auto r = d.get(target);
        REQUIRE(r.status == 200);
        check_security_headers(r);
        check_against_openapi(doc, "/api/v1/incidents", r);
        const auto body = r.json();
        CHECK(body.at("incidents").size() <= 4);
        for (const auto& i : body.at("incidents")) {
            ids.push_back(i.at("id"));
            if (i.at("id") == d.seed.secret) {
                CHECK(i.at("private") == true);
                CHECK_FALSE(i.contains("title"));
            }
        }
        target = body.at("next_cursor").is_null() ? ""
                                                  : "/api/v1/incidents?limit=4&cursor=" +
                                                        body.at("next_cursor").get<std::string>();
    }
    CHECK(ids.size() == static_cast<std::size_t>(d.seed.total));
    CHECK(std::set<std::string>(ids.begin(), ids.end()).size() == ids.size());
    CHECK(ids.front() == d.seed.payment);  // newest first

    const auto open = d.get("/api/v1/incidents?state=open").json().at("incidents");
    CHECK(open.size() == static_cast<std::size_t>(d.seed.open));
    const auto sev2 =
        d.get("/api/v1/incidents?severity=SEV2&state=resolved").json().at("incidents");
    REQUIRE(sev2.size() >= 1);
    for (const auto& i : sev2) {
        CHECK(i.at("severity") == "SEV2");
        CHECK(i.at("state") == "resolved");
    }
    const auto recent = d.get("/api/v1/incidents?since=3h").json().at("incidents");
    CHECK(recent.size() == 2);  // the payment outage and the <img> one; the private one is older

    for (const auto& [query, code] :
         std::vector<std::pair<std::string, std::string>>{{"state=closed", "bad_state"},
                                                          {"severity=SEV9", "bad_severity"},
                                                          {"since=yesterday", "bad_since"},
                                                          {"cursor=not-a-cursor", "bad_cursor"},
                                                          {"limit=0", "bad_limit"},
                                                          {"limit=501", "bad_limit"}}) {
        CAPTURE(query);
        const auto r = d.get("/api/v1/incidents?" + query);
        check_error(r, 400, code);
        check_against_openapi(doc, "/api/v1/incidents", r);
    }
}

TEST_CASE("one incident and its timeline by id, unknown and private ids are 404") {
    DashboardWorld d;
    const auto doc = d.get("/api/v1/openapi.json").json();
    const auto one = d.get("/api/v1/incidents/" + d.seed.payment);
    REQUIRE(one.status == 200);
    check_against_openapi(doc, "/api/v1/incidents/{id}", one);
    const auto incident = one.json().at("incident");
    CHECK(incident.at("title") == "Payment processing down");
    CHECK(incident.at("roles").at("ic").at("name") == "alice");
    CHECK(incident.at("timeline_events") >= 3);
    CHECK(incident.at("escalation_level") == 1);

    std::vector<std::string> events;
    std::string target = "/api/v1/incidents/" + d.seed.long_one + "/timeline";
    for (int n = 0; n < 10 && !target.empty(); ++n) {
        const auto r = d.get(target);
        REQUIRE(r.status == 200);
        check_against_openapi(doc, "/api/v1/incidents/{id}/timeline", r);
        const auto body = r.json();
        for (const auto& e : body.at("events")) events.push_back(e.at("event"));
        target = body.at("next_cursor").is_null()
                     ? ""
                     : "/api/v1/incidents/" + d.seed.long_one +
                           "/timeline?cursor=" + body.at("next_cursor").get<std::string>();
    }
    CHECK(events.size() == static_cast<std::size_t>(test::kLongTimelineRows));
    CHECK(std::set<std::string>(events.begin(), events.end()).size() == events.size());
    CHECK(events.at(1) == "Note: progress note 1");

    for (const auto& id : {d.seed.secret, std::string("INC-2099-999"), std::string("bogus")}) {
        CAPTURE(id);
        const auto r = d.get("/api/v1/incidents/" + id);
        check_error(r, 404, "not_found");
        check_error(d.get("/api/v1/incidents/" + id + "/timeline"), 404, "not_found");
    }
    check_against_openapi(doc, "/api/v1/incidents/{id}",
                          d.get("/api/v1/incidents/" + d.seed.secret));
    check_error(d.get("/api/v1/incidents/" + d.seed.payment + "/timeline?cursor=bDEuNQ"), 400,
                "bad_cursor");
    check_error(d.get("/api/v1/nothing"), 404, "not_found");
}

TEST_CASE("stats by API, and every path of the served OpenAPI document answers as documented") {
    DashboardWorld d;
    const auto doc_reply = d.get("/api/v1/openapi.json");
    REQUIRE(doc_reply.status == 200);
    const auto doc = doc_reply.json();
    REQUIRE(doc.is_object());
    CHECK(doc.at("openapi") == "3.1.0");
    for (const auto& [path, item] : doc.at("paths").items()) {
        CAPTURE(path);
        auto target = path;
        if (const auto at = target.find("{id}"); at != std::string::npos)
            target.replace(at, 4, d.seed.payment);
        const auto r = d.get(target);
        CHECK(r.status == 200);
        check_against_openapi(doc, path, r);
    }
    const auto stats = d.get("/api/v1/stats?since=30d");
    check_against_openapi(doc, "/api/v1/stats", stats);
    CHECK(stats.json().at("all").at("declared") == d.seed.total);
    CHECK(stats.json().at("period_days") == 30);
    const auto bad = d.get("/api/v1/stats?since=soon");
    check_error(bad, 400, "bad_since");
    check_against_openapi(doc, "/api/v1/stats", bad);
}

TEST_CASE("with HTTP_TOKEN the API wants the bearer token and a browser signs in once") {
    const std::string token = "dash-token-7c1e9b4a";
    DashboardWorld d(Env{{"HTTP_TOKEN", token}});
    const auto doc = d.get("/api/v1/openapi.json", {{"Authorization", "Bearer " + token}}).json();
    REQUIRE(doc.is_object());
    const auto denied = d.get("/api/v1/incidents");
    check_error(denied, 401, "unauthorized");
    check_security_headers(denied);
    check_against_openapi(doc, "/api/v1/incidents", denied);
    check_error(d.get("/api/v1/incidents", {{"Authorization", "Bearer wrong"}}), 401,
                "unauthorized");
    check_error(d.get("/api/v1/openapi.json"), 401, "unauthorized");
    CHECK(d.get("/api/v1/incidents", {{"Authorization", "Bearer " + token}}).status == 200);

    // A browser: sent to sign in, then kept signed in by an HttpOnly cookie.
    const auto first = d.get("/incidents/" + d.seed.payment);
    CHECK(first.status == 303);
    CHECK(first.header("location") == "/signin?next=%2Fincidents%2F" + d.seed.payment);
    CHECK(d.get("/live").status == 303);
    const auto form = d.get("/signin?next=%2Fstats");
    CHECK(form.status == 200);
    CHECK(contains(form.body, "name=\"next\" value=\"/stats\""));
    const auto wrong = d.post_form("/signin", "next=%2Fstats&token=nope");
    CHECK(wrong.status == 401);
    CHECK(wrong.header("set-cookie").empty());
    // Only a local path is a way back: never another site.
    CHECK(d.post_form("/signin", "next=%2F%2Fevil.example&token=" + token).header("location") ==
          "/");
    const auto ok = d.post_form("/signin", "next=%2Fstats&token=" + token);
    CHECK(ok.status == 303);
    CHECK(ok.header("location") == "/stats");
    const auto cookie = ok.header("set-cookie");
    CHECK(contains(cookie, "HttpOnly"));
    CHECK(contains(cookie, "SameSite=Strict"));
    CHECK(contains(cookie, "Path=/"));
    const auto pair = cookie.substr(0, cookie.find(';'));
    CHECK(d.get("/stats", {{"Cookie", pair}}).status == 200);
    CHECK(d.get("/", {{"Cookie", "a=b; " + pair}}).status == 200);
    CHECK(d.get("/", {{"Cookie", "ib_session=wrong"}}).status == 303);
    // The cookie is derived from the token, not the token: a cookie read off
    // a disk does not give the API away.
    CHECK_FALSE(contains(cookie, token));
    CHECK(d.get("/", {{"Cookie", "ib_session=" + token}}).status == 303);
    const auto session = pair.substr(pair.find('=') + 1);
    CHECK(d.get("/api/v1/incidents", {{"Authorization", "Bearer " + session}}).status == 401);
    // Signed in, a page offers to sign out; signing out clears the cookie.
    const auto home = d.get("/", {{"Cookie", pair}});
    CHECK(contains(home.body, "action=\"/signout\""));
    CHECK(d.get("/signout", {{"Cookie", pair}}).status == 405);
    const auto out = d.post_form("/signout", "", {{"Cookie", pair}});
    CHECK(out.status == 303);
    CHECK(out.header("location") == "/signin");
    CHECK(contains(out.header("set-cookie"), "ib_session=;"));
    CHECK(contains(out.header("set-cookie"), "Max-Age=0"));
    // Other ops paths keep their own rule: the bearer token.
    CHECK(d.get("/metrics").status == 401);
    CHECK(d.get("/healthz").status == 200);
    CHECK_FALSE(contains(d.w.bot_log(), token));
}

TEST_CASE("HEAD answers a page's and the API's headers, with the GET's length and no body") {
    DashboardWorld d;
    for (const std::string path : {"/", "/stats", "/api/v1/incidents", "/healthz"}) {
        const auto get = d.get(path);
        REQUIRE(get.status == 200);
        const int fd = test::connect_loopback(d.port);
        REQUIRE(fd >= 0);
        REQUIRE(test::send_all(
            fd, "HEAD " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        const auto answer = test::read_until_closed(fd, 5s);
        ::close(fd);
        INFO(path << ":\n" << answer);
        CHECK(answer.starts_with("HTTP/1.1 200"));
        const auto end = answer.find("\r\n\r\n");
        REQUIRE(end != std::string::npos);
        CHECK(end + 4 == answer.size());  // no body
        CHECK(contains(answer, "Content-Length: " + std::to_string(get.body.size()) + "\r\n"));
        CHECK(contains(answer, "Content-Type: " + get.header("content-type")));
    }
}

TEST_CASE("a declare in Slack moves the live marker that open pages poll") {
    DashboardWorld d;
    const auto marker = [&] { return d.get("/live").json().value("marker", ""); };
    const auto before = marker();
    REQUIRE_FALSE(before.empty());
    CHECK(contains(d.get("/").body, "data-marker=\"" + before + "\""));
    d.w.command_acked(d.w.alice, d.w.ops, "SEV2 Checkout is slow");
    CHECK(d.w.eventually([&] { return marker() != before; }));
    CHECK(d.w.eventually([&] { return contains(d.get("/").body, "Checkout is slow"); }));
    // Its channel, linked into the workspace auth.test named.
    CHECK(d.w.eventually(
        [&] { return contains(d.get("/").body, "<a href=\"https://app.slack.com/client/"); }));
}

TEST_CASE("the stats page counts what happens in Slack after it was first read") {
    DashboardWorld d;
    // "All" over 30 days: declared, resolved, open.
    const auto all_row = [&](int declared, int resolved, int open) {
        return "<tr data-severity=\"all\"><th scope=\"row\">All</th><td>" +
               std::to_string(declared) + "</td><td>" + std::to_string(resolved) + "</td><td>" +
               std::to_string(open) + "</td>";
    };
    const int total = d.seed.total, resolved = d.seed.total - d.seed.open, open = d.seed.open;
    CHECK(contains(d.get("/stats").body, all_row(total, resolved, open)));
    d.w.command_acked(d.w.alice, d.w.ops, "SEV2 Checkout is slow");
    CHECK(d.w.eventually(
        [&] { return contains(d.get("/stats").body, all_row(total + 1, resolved, open + 1)); }));
    const auto channel = d.w.channel_named("incident-" + SlackWorld::today() + "-checkout-is-slow");
    REQUIRE(channel);
    // Once its opening message is pinned, the incident knows its channel.
    REQUIRE(d.w.eventually([&] {
        const auto messages = d.w.bot_messages(channel->id);
        return !messages.empty() && messages.front().pinned;
    }));
    d.w.command_acked(d.w.alice, channel->id, "resolve rolled back the deploy");
    CHECK(d.w.eventually(
        [&] { return contains(d.get("/stats").body, all_row(total + 1, resolved + 1, open)); }));
    // The API's stats, from the same kept facts, over a window of its own.
    for (const auto* since : {"30d", "1970-01-01"}) {
        CAPTURE(since);
        const auto all = d.get(std::string("/api/v1/stats?since=") + since).json().at("all");
        CHECK(all.at("declared") == total + 1);
        CHECK(all.at("resolved") == resolved + 1);
        CHECK(all.at("open") == open);
    }
    CHECK(contains(d.get("/stats").body, all_row(total + 1, resolved + 1, open)));
}

namespace {

// A thread's name, niceness and scheduling policy, from
// /proc/<pid>/task/<tid>/.
struct ThreadInfo {
    std::string name;
    int nice = 0;
    int policy = -1;  // SCHED_OTHER 0, SCHED_IDLE 5
};

std::map<long, ThreadInfo> threads_of(pid_t pid) {
    std::map<long, ThreadInfo> out;
    const auto dir = "/proc/" + std::to_string(pid) + "/task";
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        ThreadInfo t;
        std::ifstream(entry.path() / "comm") >> t.name;
        std::string stat;
        std::getline(std::ifstream(entry.path() / "stat"), stat);
        if (stat.rfind(')') == std::string::npos) continue;  // gone since listed
        // After the name in parentheses: state is field 3, nice field 19,
        // policy field 41.
        std::istringstream rest(stat.substr(stat.rfind(')') + 2));
        std::string field;
        for (int i = 3; i < 19 && rest >> field;) ++i;
        rest >> t.nice;
        for (int i = 20; i < 41 && rest >> field;) ++i;
        rest >> t.policy;
        out[std::stol(entry.path().filename().string())] = t;
    }
    return out;
}

}  // namespace

TEST_CASE("the bot's threads are named, and pages give way to the loop's acks") {
    DashboardWorld d;
    REQUIRE(d.get("/").status == 200);
    const pid_t pid = d.w.bot().pid();
    const int base = getpriority(PRIO_PROCESS, 0);  // the bot inherits the test's
    const auto threads = threads_of(pid);
    REQUIRE(threads.count(pid) == 1);
    // The loop thread, which acks Slack's envelopes, keeps the priority it
    // was started with; so do the threads an ack or a commit waits on.
    CHECK(threads.at(pid).nice == base);
    std::map<std::string, int> named;
    for (const auto& [tid, t] : threads) {
        ++named[t.name];
        if (t.name == "dashboard") {
            CHECK(t.nice == std::max(base, core::kBackgroundNice));
            CHECK(t.policy == SCHED_IDLE);
        } else {
            CHECK_MESSAGE(t.nice == base, t.name);
            CHECK_MESSAGE(t.policy == SCHED_OTHER, t.name);
        }
    }
    CHECK(named["dashboard"] >= 1);
    CHECK(named["commit-sync"] == 1);  // DB_SYNC=full, the default
    CHECK(named["checkpointer"] == 1);
    CHECK(named["log"] == 1);
}
