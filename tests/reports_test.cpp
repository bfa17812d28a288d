// The post-mortem draft, the JSON/YAML export and the stats, rendered from
// values: the runbook's template key for key, text that survives a round
// trip through a YAML or JSON parser, and nearest-rank medians.
#include <doctest/doctest.h>

#include <sstream>

#include <yaml-cpp/yaml.h>
#include <nlohmann/json.hpp>

#include "core/escalation.hpp"
#include "messages/utf8.hpp"
#include "reports/export.hpp"
#include "reports/incident_report.hpp"
#include "reports/postmortem.hpp"
#include "reports/stats.hpp"
#include "reports/tree_writer.hpp"

using namespace std::chrono_literals;

namespace {

// 2026-01-15 14:15:00 UTC
const core::TimePoint kDeclared = core::from_unix_seconds(1768486500);
const std::string kNasty = "Rollback: #2 \"fast\" path\nsecond line: 'quoted' 🔥 | pipe";

reports::IncidentReport report() {
    reports::IncidentReport r;
    auto& i = r.incident;
    i.id = 1;
    i.year = 2026;
    i.number = 1;
    i.title = "Payment processing outage";
    i.severity = core::Severity::Sev1;
    i.state = core::IncidentState::Resolved;
    i.declared_by = "UALICE";
    i.declared_at = kDeclared;
    i.acknowledged_at = kDeclared + 4min;
    i.resolved_at = kDeclared + 90min;
    i.resolution = kNasty;
    i.roles[core::index(core::Role::Commander)] = "UALICE";
    i.users_affected = 15000;
    i.revenue_lost = "$45000";
    i.detected_by = "monitoring_alert";
    i.detected_at = kDeclared;
    i.channel_id = "C1";
    i.channel_name = "incident-2026-01-15-payment-processing-outage";
    core::ActionItem a;
    a.number = 1;
    a.text = "Add monitoring for connection pool";
    a.owner = "UBOB";
    a.due = core::parse_date("2026-01-20");
    r.action_items = {a};
    r.names = {{"UALICE", "alice"}, {"UBOB", "bob"}};
    r.people = {"UALICE", "UBOB"};
    r.updates = 1;
    r.events = 3;
    return r;
}

std::vector<core::TimelineEvent> events() {
    return {
        {1, 1, kDeclared, "UALICE", core::EventKind::Declared, "SEV1 Payment processing outage",
         ""},
        {2, 1, kDeclared + 20min, "UBOB", core::EventKind::Update, kNasty, ""},
        {3, 1, kDeclared + 90min, "UALICE", core::EventKind::Resolved, "rolled back", ""},
    };
}

reports::EventSource source() {
    return [](const reports::EventVisitor& visit) {
        for (const auto& e : events()) visit(e);
    };
}

std::string render(core::ReportFormat format) {
    std::ostringstream out;
    reports::write_incident(out, format, report(), source(), kDeclared + 1h);
    return out.str();
}

}  // namespace

TEST_CASE("role changes read as who holds the role, and who held it when it was left to nobody") {
    const auto r = report();
    const core::TimelineEvent assigned{
        4, 1, kDeclared, "UALICE", core::EventKind::RoleAssigned, "Tech Lead", "UBOB"};
    CHECK(reports::event_text(r, assigned) == "Tech Lead → bob");
    const core::TimelineEvent cleared{
        5, 1, kDeclared, "UBOB", core::EventKind::RoleUnassigned, "Tech Lead", "UBOB"};
    CHECK(reports::event_text(r, cleared) == "Tech Lead → nobody (was bob)");
}

TEST_CASE("an escalation reads as the level and the names of whom it paged") {
    const auto r = report();
    const core::TimelineEvent paged{6,
                                    1,
                                    kDeclared,
                                    "",
                                    core::EventKind::EscalationSent,
                                    core::escalation_event_text(1, {"UBOB", "S0SRE"}),
                                    ""};
    // Names from the user directory; a user group (or anyone unknown) by id.
    CHECK(reports::event_text(r, paged) == "Escalation: level 1: bob, S0SRE");
}

TEST_CASE("the YAML export follows the runbook's incident template key for key") {
    const auto doc = YAML::Load(render(core::ReportFormat::Yaml));
    const auto incident = doc["incident"];
    REQUIRE(incident.IsMap());
    std::vector<std::string> keys;
    for (const auto& kv : incident) keys.push_back(kv.first.as<std::string>());
    const std::vector<std::string> template_keys{"id",         "severity",    "title",
                                                 "started_at", "detected_by", "resolved_at",
                                                 "impact",     "timeline",    "action_items"};
    REQUIRE(keys.size() > template_keys.size());
    CHECK(std::vector(keys.begin(), keys.begin() + 9) == template_keys);
    CHECK(incident["id"].as<std::string>() == "INC-2026-001");
    CHECK(incident["severity"].as<std::string>() == "SEV1");
    CHECK(incident["started_at"].as<std::string>() == "2026-01-15T14:15:00Z");
    CHECK(incident["resolved_at"].as<std::string>() == "2026-01-15T15:45:00Z");
    CHECK(incident["detected_by"].as<std::string>() == "monitoring_alert");
    CHECK(incident["impact"]["users_affected"].as<int>() == 15000);
    CHECK(incident["impact"]["revenue_lost"].as<std::string>() == "$45000");
    CHECK(incident["impact"]["duration_minutes"].as<int>() == 90);
    CHECK(incident["timeline"][0]["time"].as<std::string>() == "14:15");
    CHECK(incident["action_items"][0].as<std::string>() == "Add monitoring for connection pool");
    CHECK(incident["action_items_detail"][0]["owner"].as<std::string>() == "bob");
    CHECK(incident["action_items_detail"][0]["due"].as<std::string>() == "2026-01-20");
    CHECK(incident["action_items_detail"][0]["done"].as<bool>() == false);
    CHECK(incident["timeline_detail"][1]["at"].as<std::string>() == "2026-01-15T14:35:00Z");
    CHECK(incident["roles"]["ic"]["name"].as<std::string>() == "alice");
    CHECK(incident["acknowledged_at"].as<std::string>() == "2026-01-15T14:19:00Z");
}

TEST_CASE(
    "text with colons, hashes, quotes, new lines and emoji round-trips through YAML and JSON") {
    const auto yaml = YAML::Load(render(core::ReportFormat::Yaml))["incident"];
    CHECK(yaml["resolution"].as<std::string>() == kNasty);
    const std::string one_line =
        "Status update: Rollback: #2 \"fast\" path second line: 'quoted' 🔥 | pipe";
    CHECK(yaml["timeline"][1]["event"].as<std::string>() == one_line);

    const auto json = nlohmann::json::parse(render(core::ReportFormat::Json));
    const auto& incident = json.at("incident");
    CHECK(incident.at("resolution") == kNasty);
    CHECK(incident.at("timeline")[1].at("event") == one_line);
    CHECK(incident.at("impact").at("users_affected") == 15000);
    CHECK(incident.at("timeline")[0].at("time") == "14:15");
    std::vector<std::string> keys;
    for (const auto& [k, v] : incident.items()) keys.push_back(k);
    // nlohmann sorts keys; the structure (not the order) is what JSON readers see.
    for (const char* k :
         {"id", "severity", "title", "started_at", "detected_by", "resolved_at", "impact",
          "timeline", "action_items", "channel", "roles", "acknowledged_at", "postmortem",
          "action_items_detail", "timeline_detail"})
        CHECK_MESSAGE(incident.contains(k), k);
}

TEST_CASE("an open incident exports nulls where the template has nothing yet") {
    auto r = report();
    r.incident.state = core::IncidentState::Declared;
    r.incident.resolved_at.reset();
    r.incident.users_affected.reset();
    std::ostringstream out;
    reports::write_incident(out, core::ReportFormat::Yaml, r, source(), kDeclared);
    const auto incident = YAML::Load(out.str())["incident"];
    CHECK(incident["resolved_at"].IsNull());
    CHECK(incident["impact"]["users_affected"].IsNull());
    CHECK(incident["impact"]["duration_minutes"].IsNull());
}

TEST_CASE("the post-mortem draft has the runbook's sections and ticks what the bot knows") {
    const auto md = render(core::ReportFormat::Markdown);
    std::size_t at = 0;
    for (const char* heading : {"# Post-mortem: INC-2026-001 Payment processing outage",
                                "## Summary", "## Impact", "## Detection", "## Timeline",
                                "## Root cause", "## What went well", "## What could be improved",
                                "## Action items", "## Metrics", "## Post-mortem checklist"}) {
        const auto found = md.find(heading, at);
        CHECK_MESSAGE(found != std::string::npos, heading);
        if (found != std::string::npos) at = found;
    }
    CHECK(md.find("| 2026-01-15 14:15:00 | alice | Declared SEV1 Payment processing outage |") !=
          std::string::npos);
    CHECK(md.find("- Users affected: 15,000") != std::string::npos);
    CHECK(md.find("- Time to acknowledge: 4 min") != std::string::npos);
    CHECK(md.find("- Time to resolve: 1 h 30 min") != std::string::npos);
    CHECK(md.find("| 1 | Add monitoring for connection pool | bob | 2026-01-20 | no |") !=
          std::string::npos);
    CHECK(md.find("- [x] Action items assigned owners and due dates") != std::string::npos);
    CHECK(md.find("- [x] Incident recorded in the tracker with severity and duration") !=
          std::string::npos);
    CHECK(md.find("- [ ] Post-mortem document created") != std::string::npos);
    // A pipe typed by a person does not break the timeline table.
    CHECK(md.find("'quoted' 🔥 \\| pipe") != std::string::npos);
}

TEST_CASE("stats count per severity with nearest-rank medians and p90s") {
    const auto now = kDeclared + 100h;
    std::vector<reports::IncidentFacts> facts;
    for (int minutes = 1; minutes <= 10; ++minutes)
        facts.push_back({core::Severity::Sev1, kDeclared, kDeclared + std::chrono::minutes(minutes),
                         kDeclared + std::chrono::minutes(10 * minutes), kDeclared + 24h,
                         minutes <= 3});
    facts.front().actions_overdue = 2;
    facts[0].mitigated_at = kDeclared + 4min;  // two said when the impact stopped
    facts[1].mitigated_at = kDeclared + 6min;
    facts.push_back(
        {core::Severity::Sev2, kDeclared, std::nullopt, std::nullopt, std::nullopt, false});
    const auto r = reports::compute_stats(facts, 30, now);
    const auto& sev1 = r.by_severity[0];
    CHECK(sev1.declared == 10);
    CHECK(sev1.resolved == 10);
    CHECK(sev1.tta_median == 5min);
    CHECK(sev1.tta_p90 == 9min);
    CHECK(sev1.ttr_median == 50min);
    CHECK(sev1.ttr_p90 == 90min);
    CHECK(sev1.ttm_median == 4min);
    CHECK(sev1.ttm_p90 == 6min);
    CHECK_FALSE(r.by_severity[1].ttm_median);
    CHECK(sev1.postmortems_done == 3);
    CHECK(sev1.postmortems_overdue == 7);
    CHECK(sev1.actions_overdue == 2);
    CHECK(r.by_severity[1].open == 1);
    CHECK_FALSE(r.by_severity[1].tta_median);
    CHECK(r.total.declared == 11);
    const auto text = reports::stats_text(r);
    CHECK(text.find("SEV1") != std::string::npos);
    // The columns line up on screen: SEV2's "—" (no ack yet) is one column.
    std::istringstream lines(text);
    std::string line;
    std::getline(lines, line);  // the title
    std::getline(lines, line);
    const auto column = [](const std::string& l, const std::string& what) {
        return messages::code_points(std::string_view(l).substr(0, l.find(what)));
    };
    const auto pm_column = column(line, "PM done");
    int rows = 0;
    while (std::getline(lines, line)) {
        ++rows;
        CAPTURE(line);
        CHECK(column(line, "/") == pm_column + 1);  // each count of done post-mortems is 1 digit
    }
    CHECK(rows == 5);
    std::ostringstream json;
    reports::write_stats_json(json, r);
    const auto parsed = nlohmann::json::parse(json.str());
    CHECK(parsed.at("by_severity").at("SEV1").at("time_to_resolve_seconds").at("median") == 3000);
    CHECK(parsed.at("all").at("time_to_mitigate_seconds").at("p90") == 360);
    CHECK(parsed.at("duplicates_left_out") == 0);
}

TEST_CASE("incidents closed as duplicates are left out of the figures and counted apart") {
    const auto now = kDeclared + 100h;
    std::vector<reports::IncidentFacts> facts;
    facts.push_back({core::Severity::Sev1, kDeclared, kDeclared + 2min, kDeclared + 60min,
                     std::nullopt, false});
    // Declared for the same problem and closed 3 min later: not a 3-minute resolve.
    for (int n = 0; n < 2; ++n) {
        facts.push_back(
            {core::Severity::Sev1, kDeclared, std::nullopt, kDeclared + 3min, std::nullopt, false});
        facts.back().duplicate = true;
    }
    const auto r = reports::compute_stats(facts, 30, now);
    CHECK(r.by_severity[0].declared == 1);
    CHECK(r.by_severity[0].ttr_median == 60min);
    CHECK(r.total.declared == 1);
    CHECK(r.duplicates == 2);
    CHECK(reports::stats_text(r).find("2 incidents closed as duplicates are left out.") !=
          std::string::npos);
    std::ostringstream json;
    reports::write_stats_json(json, r);
    CHECK(nlohmann::json::parse(json.str()).at("duplicates_left_out") == 2);
}

TEST_CASE("the export's writers give the same document in JSON and YAML, whatever the text") {
    // Text that reads as another type, YAML syntax, escapes, line separators.
    const std::vector<std::string> texts{
        "plain words", "true", "No", "~", "14:15", "2026-01-15", "0x1F", "1e3", "- item", "a: b",
        "#channel", "x #y", "[list]", "{map}", "? q", "lt?ion", "trailing ", " lead", "tab\there",
        "new\nline", "quote \" and \\", "'single'", "\xE2\x80\xA8sep", "\xC2\x85nel",
        "\xEF\xBB\xBF"
        "bom",
        "🔥 | pipe", "", "%percent", "@at", "`tick`",
        // Keys past YAML's 1,024-character implicit-key limit.
        std::string(1100, 'k'), std::string(600, '"')};
    const auto write = [&](reports::TreeWriter& w) {
        w.begin_map();
        w.key("block");
        w.begin_list();
        for (const auto& t : texts) w.text(t);
        w.end_list();
        w.key("flow");
        w.begin_list();
        for (const auto& t : texts) {
            w.begin_map(true);
            w.key("v");
            w.text(t);
            w.end_map();
        }
        w.end_list();
        w.key("keys");
        w.begin_map();
        for (std::size_t i = 0; i < texts.size(); ++i) {
            w.key(texts[i]);
            w.number(static_cast<std::int64_t>(i));
        }
        w.end_map();
        w.key("nested");
        w.begin_list();
        w.begin_list();
        w.text("inner");
        w.end_list();
        w.begin_map();
        w.end_map();
        w.end_list();
        w.key("empty");
        w.begin_list();
        w.end_list();
        w.key("nothing");
        w.null();
        w.key("yes");
        w.boolean(true);
        w.end_map();
        w.finish();
    };
    std::ostringstream json_out, yaml_out;
    write(*reports::json_writer(json_out));
    write(*reports::yaml_writer(yaml_out));
    const auto json = nlohmann::json::parse(json_out.str());
    const auto yaml = YAML::Load(yaml_out.str());
    for (std::size_t i = 0; i < texts.size(); ++i) {
        CAPTURE(texts[i]);
        CHECK(json["block"][i] == texts[i]);
        CHECK(json["flow"][i]["v"] == texts[i]);
        CHECK(json["keys"][texts[i]] == i);
        CHECK(yaml["block"][i].as<std::string>() == texts[i]);
        CHECK(yaml["flow"][i]["v"].as<std::string>() == texts[i]);
        CHECK(yaml["keys"][texts[i]].as<std::size_t>() == i);
    }
    CHECK(yaml["nested"][0][0].as<std::string>() == "inner");
    CHECK(yaml["nested"][1].IsMap());
    CHECK(yaml["empty"].IsSequence());
    CHECK(yaml["empty"].size() == 0);
    CHECK(yaml["nothing"].IsNull());
    CHECK(yaml["yes"].as<bool>());
    CHECK(json["nothing"].is_null());
}
