#include <doctest/doctest.h>

#include <string>

#include "alerts/plan.hpp"
#include "alerts/webhook.hpp"

using alerts::Plan;
using alerts::Status;
using core::Severity;

namespace {

// As Alertmanager 0.25 sent it (docs: ops-next-layer.md), two alerts.
const std::string kFiring = R"({"receiver":"bot","status":"firing","alerts":[
{"status":"firing","labels":{"alertname":"DiskFull","instance":"host-a","service":"api","severity":"critical"},
 "annotations":{"summary":"disk 95% on host-a"},"startsAt":"2026-12-02T12:23:23Z","endsAt":"0001-01-01T00:00:00Z",
 "generatorURL":"http://prom.example/graph?g0.expr=disk","fingerprint":"4000d391c0878550"},
{"status":"firing","labels":{"alertname":"DiskFull","instance":"host-b","service":"api","severity":"warning"},
 "annotations":{"summary":"disk 91% on host-b"},"startsAt":"2026-12-02T12:20:00.303856128Z","endsAt":"0001-01-01T00:00:00Z",
 "generatorURL":"","fingerprint":"3be793265814bec6"}],
"groupLabels":{"alertname":"DiskFull","service":"api"},"commonLabels":{"alertname":"DiskFull","service":"api"},
"commonAnnotations":{},"externalURL":"http://vm:19093","version":"4",
"groupKey":"{}:{alertname=\"DiskFull\", service=\"api\"}","truncatedAlerts":0}
)";

alerts::AlertGroup parsed(const std::string& body) {
    auto g = alerts::parse_webhook(body);
    REQUIRE_MESSAGE(g.ok(), (g.ok() ? "" : g.error().message));
    return *g;
}

}  // namespace

TEST_CASE("an Alertmanager version 4 delivery parses into a typed group") {
    const auto g = parsed(kFiring);
    CHECK(g.receiver == "bot");
    CHECK(g.status == Status::Firing);
    CHECK(g.group_key == "{}:{alertname=\"DiskFull\", service=\"api\"}");
    REQUIRE(g.alerts.size() == 2);
    CHECK(g.alerts[0].fingerprint == "4000d391c0878550");
    CHECK(g.alerts[0].labels.at("instance") == "host-a");
    CHECK(g.alerts[0].generator_url == "http://prom.example/graph?g0.expr=disk");
    CHECK(g.group_labels.at("service") == "api");
}

TEST_CASE("malformed JSON, an unknown version and a missing group key are refused with a reason") {
    CHECK(alerts::parse_webhook("{not json").error().code == "bad_json");
    CHECK(alerts::parse_webhook(R"({"version":"3","groupKey":"k","status":"firing","alerts":[]})")
              .error()
              .code == "bad_version");
    CHECK(alerts::parse_webhook(R"({"status":"firing","alerts":[]})").error().code ==
          "bad_version");
    CHECK(alerts::parse_webhook(R"({"version":"4","status":"firing","alerts":[]})").error().code ==
          "bad_payload");
    CHECK(alerts::parse_webhook(R"({"version":"4","groupKey":"k","status":"odd","alerts":[]})")
              .error()
              .code == "bad_payload");
    CHECK(alerts::parse_webhook(
              R"({"version":"4","groupKey":"k","status":"firing","alerts":[{"status":"firing"}]})")
              .error()
              .message.find("fingerprint") != std::string::npos);
}

TEST_CASE("RFC 3339 times with any fraction or an offset read as the same instant") {
    const auto z = alerts::parse_rfc3339("2026-12-02T12:23:23Z");
    REQUIRE(z.ok());
    const auto nanos = alerts::parse_rfc3339("2026-12-02T12:23:23.303856128Z");
    REQUIRE(nanos.ok());
    CHECK(std::chrono::duration_cast<std::chrono::milliseconds>(*nanos - *z).count() == 303);
    const auto offset = alerts::parse_rfc3339("2026-12-02T13:23:23+01:00");
    REQUIRE(offset.ok());
    CHECK(*offset == *z);
    CHECK_FALSE(alerts::parse_rfc3339("2026-13-02T12:23:23Z").ok());
    CHECK_FALSE(alerts::parse_rfc3339("yesterday").ok());
    // Alertmanager's "no time", and years a nanosecond clock cannot hold (found by
    // fuzz/run.sh alertmanager_webhook: the year 1014 overflowed): unreadable.
    CHECK_FALSE(alerts::parse_rfc3339("0001-01-01T00:00:00Z").ok());
    CHECK_FALSE(alerts::parse_rfc3339("1014-05-05T00:00:00Z").ok());
    CHECK_FALSE(alerts::parse_rfc3339("9999-12-31T23:59:59Z").ok());
}

TEST_CASE("severity comes from the mapped label, the most severe alert winning, else the default") {
    alerts::SeverityRules rules;
    auto g = parsed(kFiring);
    CHECK(alerts::severity_of(g, rules) == Severity::Sev1);
    g.common_labels["severity"] = "warning";
    CHECK(alerts::severity_of(g, rules) == Severity::Sev3);
    for (auto& a : g.alerts) a.labels["severity"] = "page";
    g.common_labels.erase("severity");
    CHECK(alerts::severity_of(g, rules) == Severity::Sev3);
    rules.fallback = Severity::Sev2;
    CHECK(alerts::severity_of(g, rules) == Severity::Sev2);
    auto map = alerts::parse_severity_map("page:SEV1, ticket:P2");
    REQUIRE(map.ok());
    rules.map = *map;
    CHECK(alerts::severity_of(g, rules) == Severity::Sev1);
    CHECK_FALSE(alerts::parse_severity_map("page=SEV1").ok());
    CHECK_FALSE(alerts::parse_severity_map("page:SEV9").ok());
}

TEST_CASE("the title is the common summary, else the alert name and the group labels") {
    auto g = parsed(kFiring);
    CHECK(alerts::title_of(g) == "DiskFull (service=api)");
    g.common_annotations["summary"] = "Disks are full";
    CHECK(alerts::title_of(g) == "Disks are full");
}

TEST_CASE("started_at is the earliest startsAt of the group") {
    const auto g = parsed(kFiring);
    CHECK(alerts::started_at(g) == g.alerts[1].starts_at);
}

TEST_CASE("a firing group with no open incident declares, a resolved one does nothing") {
    auto g = parsed(kFiring);
    const auto p = alerts::plan(g, std::nullopt);
    CHECK(p.action == Plan::Action::Declare);
    CHECK(p.changed.size() == 2);
    g.status = Status::Resolved;
    CHECK(alerts::plan(g, std::nullopt).action == Plan::Action::Nothing);
}

TEST_CASE("a repeat of the same delivery changes nothing, a new alert or status is recorded once") {
    const auto g = parsed(kFiring);
    alerts::OpenGroup open{
        Status::Firing,
        {{"4000d391c0878550", Status::Firing}, {"3be793265814bec6", Status::Firing}}};
    CHECK(alerts::plan(g, open).action == Plan::Action::Nothing);
    open.seen.erase("3be793265814bec6");
    auto p = alerts::plan(g, open);
    CHECK(p.action == Plan::Action::Record);
    REQUIRE(p.changed.size() == 1);
    CHECK(p.changed[0].fingerprint == "3be793265814bec6");
    auto resolved = g;
    resolved.status = Status::Resolved;
    for (auto& a : resolved.alerts) a.status = Status::Resolved;
    open.seen["3be793265814bec6"] = Status::Firing;
    p = alerts::plan(resolved, open);
    CHECK(p.all_resolved);
    CHECK(p.changed.size() == 2);
    open.status = Status::Resolved;
    open.seen = {{"4000d391c0878550", Status::Resolved}, {"3be793265814bec6", Status::Resolved}};
    CHECK(alerts::plan(resolved, open).action == Plan::Action::Nothing);
    p = alerts::plan(g, open);
    CHECK(p.firing_again);
    CHECK(p.action == Plan::Action::Record);
}

TEST_CASE("an alert is named by its alertname and its other labels") {
    const auto g = parsed(kFiring);
    CHECK(alerts::describe(g.alerts[0]) ==
          "DiskFull{instance=\"host-a\", service=\"api\", severity=\"critical\"}");
}
