// Alertmanager -> incident, end to end: the real incident-bot binary against
// the emulated Slack, fed by the real Alertmanager (Debian's
// prometheus-alertmanager, run on free loopback ports with its own config and
// storage, clustering off), and by a plain HTTP client for what Alertmanager
// would never send.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>

#include "tests/support/alertmanager_webhook.hpp"
#include "tests/support/http_test_client.hpp"
#include "tests/support/message_text.hpp"
#include "tests/support/ops_http.hpp"
#include "tests/support/slack_world.hpp"

using namespace std::chrono_literals;
using nlohmann::json;
using test::SlackWorld;
using Env = std::map<std::string, std::string>;

using test::contains;
using test::webhook_alert;
using test::webhook_delivery;

namespace {

const std::string kToken = "am-token-5c1e9b27d4";

std::string channel_text(SlackWorld& w, const std::string& channel_id) {
    std::string all;
    for (const auto& m : w.bot_messages(channel_id)) all += test::all_text(m) + "\n";
    return all;
}

std::size_t channels_with_suffix(SlackWorld& w, const std::string& suffix) {
    const auto channels = w.slack.channels();
    return static_cast<std::size_t>(
        std::count_if(channels.begin(), channels.end(), [&](const auto& c) {
            return c.name.size() >= suffix.size() &&
                   c.name.compare(c.name.size() - suffix.size(), suffix.size(), suffix) == 0;
        }));
}

struct AlertWorld {
    explicit AlertWorld(std::map<std::string, std::string> env = {},
                        emulator::Options slack_options = {})
        : w(std::move(slack_options)), port(test::free_port()) {
        env["HTTP_ADDR"] = "127.0.0.1:" + std::to_string(port);
        env["ALERT_DECLARE_CHANNEL"] = w.ops;
        env.emplace("ALERTMANAGER_TOKEN", kToken);
        w.start_bot(env);
        REQUIRE(w.eventually([&] { return client().get("/healthz").status == 200; }));
    }
    test::HttpTestClient client() { return test::HttpTestClient("127.0.0.1", port); }
    test::HttpReply deliver(const json& payload, const std::string& token = kToken) {
        return client().post("/alertmanager", payload.dump(), "application/json",
                             {{"Authorization", "Bearer " + token}});
    }
    std::string metrics() { return client().get("/metrics").body; }
    SlackWorld w;
    unsigned short port;
};

// prometheus-alertmanager on free loopback ports, its own config and storage.
class Alertmanager {
  public:
    Alertmanager(unsigned short bot_port, const std::string& bot_token) : port_(test::free_port()) {
        const auto binary = test::find_program("prometheus-alertmanager");
        REQUIRE_MESSAGE(!binary.empty(),
                        "prometheus-alertmanager is missing: run scripts/setup.sh --tests "
                        "(Debian package prometheus-alertmanager)");
        std::ofstream(dir_.file("am.yml"))
            << "route:\n"
               "  receiver: bot\n"
               "  group_by: [alertname, service]\n"
               "  group_wait: 1s\n"
               "  group_interval: 2s\n"
               "  repeat_interval: 5s\n"
               "receivers:\n"
               "  - name: bot\n"
               "    webhook_configs:\n"
               "      - url: 'http://127.0.0.1:"
            << bot_port
            << "/alertmanager'\n"
               "        send_resolved: true\n"
               "        http_config:\n"
               "          authorization: {type: Bearer, credentials: '"
            << bot_token << "'}\n";
        test::ProcessOptions options;
        options.args = {"--config.file=" + dir_.file("am.yml"),
                        "--storage.path=" + dir_.file("data"),
                        "--web.listen-address=127.0.0.1:" + std::to_string(port_),
                        "--cluster.listen-address=", "--log.level=debug"};
        options.output_file = dir_.file("am.log");
        process_ = std::make_unique<test::Process>(binary, options);
        const auto deadline = std::chrono::steady_clock::now() + 15s;
        while (std::chrono::steady_clock::now() < deadline) {
            test::HttpTestClient c("127.0.0.1", port_);
            if (c.request("GET", "/-/ready", "", {}, 500ms).status == 200) return;
            std::this_thread::sleep_for(100ms);
        }
        FAIL("Alertmanager did not become ready; its log:\n" << log());
    }
    // POST /api/v2/alerts; endsAt in the past resolves.
    void post(const std::string& instance, bool resolved = false) {
        json a{{"labels",
                {{"alertname", "DiskFull"},
                 {"service", "api"},
                 {"instance", instance},
                 {"severity", "critical"}}},
               {"annotations", {{"summary", "disk full on api"}}},
               {"generatorURL", "http://prom.example/graph?g0.expr=disk_" + instance}};
        if (resolved) a["endsAt"] = "2020-01-01T00:00:00Z";
        test::HttpTestClient c("127.0.0.1", port_);
        const auto r = c.post("/api/v2/alerts", json::array({a}).dump(), "application/json");
        REQUIRE_MESSAGE(r.status == 200, "Alertmanager refused the alert: " << r.body);
    }
    std::string log() const {
        std::ifstream f(dir_.file("am.log"));
        return std::string(std::istreambuf_iterator<char>(f), {});
    }

  private:
    test::TempDir dir_;
    unsigned short port_;
    std::unique_ptr<test::Process> process_;
};

}  // namespace

TEST_CASE(
    "the real Alertmanager declares one incident per group: firing, repeat, new alert, resolved") {
    AlertWorld a;
    Alertmanager am(a.port, kToken);
    am.post("host-a");
    const auto channel =
        a.w.channel_named("incident-" + SlackWorld::today() + "-disk-full-on-api", 15s);
    REQUIRE_MESSAGE(channel, "no incident channel; bot log:\n"
                                 << a.w.bot_log() << "\nAlertmanager:\n"
                                 << am.log());
    REQUIRE(a.w.eventually([&] { return contains(channel_text(a.w, channel->id), "host-a"); }));
    const auto opened = channel_text(a.w, channel->id);
    CHECK(contains(opened, "SEV1"));
    CHECK(contains(opened, "http://prom.example/graph?g0.expr=disk_host-a"));
    CHECK(contains(opened, "severity=critical"));
    REQUIRE(a.w.eventually(
        [&] { return contains(channel_text(a.w, a.w.ops), "declared from an alert"); }));
    CHECK(contains(channel_text(a.w, a.w.ops), "<#" + channel->id + ">"));

    // repeat_interval passes: Alertmanager sends the group again, which changes nothing.
    REQUIRE(a.w.eventually(
        [&] {
            return contains(a.metrics(), "incidentbot_alert_webhooks_total{outcome=\"unchanged\"}");
        },
        20s));
    CHECK(channels_with_suffix(a.w, "-disk-full-on-api") == 1);

    am.post("host-b");
    REQUIRE(a.w.eventually(
        [&] { return contains(channel_text(a.w, channel->id), "instance=\"host-b\""); }, 15s));
    CHECK(channels_with_suffix(a.w, "-disk-full-on-api") == 1);

    am.post("host-a", true);
    am.post("host-b", true);
    REQUIRE(a.w.eventually(
        [&] { return contains(channel_text(a.w, channel->id), "All alerts resolved"); }, 20s));
    CHECK(contains(a.metrics(), "incidentbot_open_incidents{severity=\"SEV1\"} 1"));
    CHECK(contains(a.metrics(),
                   "incidentbot_incidents_declared_total{severity=\"SEV1\",source=\"alert\"} 1"));
    CHECK_FALSE(contains(a.w.bot_log(), kToken));
}

TEST_CASE(
    "a repeated delivery adds nothing, a resolved group is resolved only with ALERT_AUTO_RESOLVE") {
    AlertWorld a(Env{{"ALERT_AUTO_RESOLVE", "true"}});
    const std::string key = "{}:{alertname=\"DiskFull\", service=\"api\"}";
    auto r = a.deliver(webhook_delivery(key, json::array({webhook_alert("host-a")})));
    REQUIRE(r.status == 200);
    CHECK(r.json().value("status", "") == "declared");
    const auto incident = r.json().value("incident", "");
    // Detection is recorded as `/incident detected monitoring_alert` would.
    const auto first = a.w.channel_named("incident-" + SlackWorld::today() + "-disk-full-on-api");
    REQUIRE(first);
    // The pinned opening message itself lists the alert, its labels and its source.
    const auto pinned_text = [&] {
        for (const auto& m : a.w.bot_messages(first->id))
            if (m.pinned) return test::all_text(m);
        return std::string();
    };
    REQUIRE(a.w.eventually([&] { return !pinned_text().empty(); }));
    CHECK(contains(pinned_text(), "*Alerts*"));
    CHECK(contains(pinned_text(), "instance=host-a"));
    CHECK(contains(pinned_text(), "<http://prom.example/graph?g0.expr=disk|source>"));
    CHECK(a.w.eventually([&] {
        const auto timeline = a.w.command_acked(a.w.alice, first->id, "timeline");
        return timeline && contains(timeline->dump(), "monitoring_alert") &&
               contains(timeline->dump(), "Detection");
    }));
    r = a.deliver(webhook_delivery(key, json::array({webhook_alert("host-a")})));
    CHECK(r.json().value("status", "") == "unchanged");
    CHECK(r.json().value("incident", "") == incident);
    r = a.deliver(
        webhook_delivery(key, json::array({webhook_alert("host-a", "resolved")}), "resolved"));
    CHECK(r.json().value("status", "") == "recorded");
    REQUIRE(a.w.eventually(
        [&] { return contains(a.metrics(), "incidentbot_open_incidents{severity=\"SEV1\"} 0"); }));
    // Fires again after its incident was resolved: a new incident that links the earlier one.
    r = a.deliver(webhook_delivery(key, json::array({webhook_alert("host-a")})));
    CHECK(r.json().value("status", "") == "declared");
    CHECK(r.json().value("incident", "") != incident);
    const auto again = a.w.channel_named("incident-" + SlackWorld::today() + "-disk-full-on-api-2");
    REQUIRE(again);
    REQUIRE(a.w.eventually([&] { return contains(channel_text(a.w, again->id), incident); }));
}

TEST_CASE(
    "malformed JSON, a wrong token or an unknown version get a 4xx reason and store nothing") {
    AlertWorld a;
    const std::string key = "{}:{alertname=\"X\"}";
    auto r = a.client().post("/alertmanager", "{nope", "application/json",
                             {{"Authorization", "Bearer " + kToken}});
    CHECK(r.status == 400);
    CHECK(r.json().contains("error"));
    r = a.deliver(webhook_delivery(key, json::array({webhook_alert("host-a")})), "wrong");
    CHECK(r.status == 401);
    auto unknown = webhook_delivery(key, json::array({webhook_alert("host-a")}));
    unknown["version"] = "5";
    r = a.deliver(unknown);
    CHECK(r.status == 400);
    CHECK(contains(r.body, "version"));
    CHECK(contains(a.metrics(), "incidentbot_open_incidents{severity=\"SEV1\"} 0"));
    CHECK(a.w.command_acked(a.w.alice, a.w.ops, "list"));
}

TEST_CASE("a 200 means committed: after a kill -9 the retried delivery changes nothing") {
    AlertWorld a;
    const std::string key = "{}:{alertname=\"DiskFull\", service=\"api\"}";
    const auto payload = webhook_delivery(key, json::array({webhook_alert("host-a")}));
    REQUIRE(a.deliver(payload).status == 200);
    a.w.kill_bot();
    a.w.start_bot({{"HTTP_ADDR", "127.0.0.1:" + std::to_string(a.port)},
                   {"ALERT_DECLARE_CHANNEL", a.w.ops},
                   {"ALERTMANAGER_TOKEN", kToken}});
    REQUIRE(a.w.eventually([&] { return a.client().get("/healthz").status == 200; }));
    const auto r = a.deliver(payload);
    CHECK(r.json().value("status", "") == "unchanged");
    REQUIRE(a.w.channel_named("incident-" + SlackWorld::today() + "-disk-full-on-api"));
    CHECK(channels_with_suffix(a.w, "-disk-full-on-api") == 1);
}

TEST_CASE("an alert storm of 500 groups declares 500 incidents while slash commands are acked") {
    AlertWorld a;
    std::size_t ok = 0;
    for (int i = 0; i < 500; ++i) {
        const auto key = "{}:{alertname=\"Storm" + std::to_string(i) + "\"}";
        auto d = webhook_delivery(key, json::array({webhook_alert("host-" + std::to_string(i))}));
        d["commonAnnotations"] = {{"summary", "storm " + std::to_string(i)}};
        if (a.deliver(d).status == 200) ++ok;
        if (i % 100 == 50) {
            CHECK(a.w.command_acked(a.w.alice, a.w.ops, "list"));
            CHECK(a.client().get("/readyz").status == 200);
        }
    }
    CHECK(ok == 500);
    CHECK(contains(a.metrics(),
                   "incidentbot_incidents_declared_total{severity=\"SEV1\",source=\"alert\"} 500"));
    CHECK(contains(a.metrics(), "incidentbot_open_incidents{severity=\"SEV1\"} 500"));
    CHECK(a.client().get("/readyz").status == 200);
}

TEST_CASE(
    "a storm past Tier 2 drains at Slack's rate: each channel once, 429s obeyed, commands acked") {
    emulator::Options limited;
    limited.enforce_rate_limits = true;  // conversations.create: Tier 2, 20 a minute
    AlertWorld a({}, limited);
    constexpr int kGroups = 26;
    for (int i = 0; i < kGroups; ++i) {
        const auto key = "{}:{alertname=\"Tier" + std::to_string(i) + "\"}";
        REQUIRE(a.deliver(
                     webhook_delivery(key, json::array({webhook_alert("db-" + std::to_string(i))})))
                    .status == 200);
    }
    // The backlog waits on Slack, never the people: a command is acked at once.
    CHECK(a.w.command_acked(a.w.alice, a.w.ops, "list"));
    CHECK(a.client().get("/readyz").status == 200);
    const auto created = [&] {
        int ok = 0;
        for (const auto& c : a.w.slack.calls("conversations.create"))
            if (c.http_status == 200 && c.response.value("ok", false)) ++ok;
        return ok;
    };
    // 20 at once, then one every 3 s as Slack's bucket refills (~20 s).
    REQUIRE(a.w.eventually([&] { return created() == kGroups; }, std::chrono::seconds(90)));
    int limited_answers = 0, names_taken = 0;
    for (const auto& c : a.w.slack.calls("conversations.create")) {
        limited_answers += c.http_status == 429 ? 1 : 0;
        names_taken += c.response.value("error", "") == "name_taken" ? 1 : 0;
    }
    CHECK(limited_answers >= 1);
    // Retry-After is obeyed, by one call at a time: the 6 over the burst meet
    // a 429 or two each, not one per waiting call every 3 s (hundreds).
    CHECK(limited_answers <= 2 * (kGroups - 20));
    // Same-titled incidents take -2, -3, … without trying each taken name.
    CHECK(names_taken == 0);
    // Every incident got exactly one channel.
    int incident_channels = 0;
    for (const auto& c : a.w.slack.channels()) incident_channels += c.name.starts_with("incident-");
    CHECK(incident_channels == kGroups);
    CHECK(a.w.slack.failures().empty());
}
