// The operations listener of the real binary, with real HTTP clients (and
// raw sockets for hostile ones): /healthz, /readyz, /metrics checked by
// promtool, bearer tokens, and the limits that keep a bad client from
// delaying a Socket Mode ack.
#include <doctest/doctest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <vector>

#include "tests/support/http_test_client.hpp"
#include "tests/support/message_text.hpp"
#include "tests/support/ops_http.hpp"
#include "tests/support/slack_world.hpp"

using namespace std::chrono_literals;
using test::SlackWorld;
using Env = std::map<std::string, std::string>;

using test::contains;

namespace {

struct OpsWorld {
    explicit OpsWorld(std::map<std::string, std::string> env = {}) : port(test::free_port()) {
        env["HTTP_ADDR"] = "127.0.0.1:" + std::to_string(port);
        w.start_bot(env);
        REQUIRE_MESSAGE(w.eventually([&] { return get("/healthz").status == 200; }),
                        "no /healthz; bot log:\n"
                            << w.bot_log());
    }
    test::HttpReply get(const std::string& target,
                        const std::map<std::string, std::string>& headers = {}) {
        test::HttpTestClient client("127.0.0.1", port);
        return client.request("GET", target, "", headers);
    }
    SlackWorld w;
    unsigned short port;
};

// promtool's verdict on a scrape: {exit code, its messages}.
std::pair<int, std::string> promtool_check(const std::string& exposition) {
    const auto promtool = test::find_program("promtool");
    REQUIRE_MESSAGE(
        !promtool.empty(),
        "promtool is missing: run scripts/setup.sh --tests (Debian package prometheus)");
    test::TempDir dir;
    std::ofstream(dir.file("metrics.txt")) << exposition;
    test::ProcessOptions options;
    options.args = {"-c", promtool + " check metrics < " + dir.file("metrics.txt")};
    const auto r = test::run("/bin/sh", options, 20s);
    return {r.code, r.out + r.err};
}

}  // namespace

TEST_CASE("healthz answers 200 and readyz 200 once Socket Mode is connected") {
    OpsWorld o;
    CHECK(o.get("/healthz").body == "ok\n");
    REQUIRE(o.w.eventually([&] { return o.get("/readyz").status == 200; }));
    CHECK(contains(o.get("/readyz").body, "ready"));
    CHECK(o.get("/nowhere").status == 404);
}

TEST_CASE("readyz answers 503 with a one-line JSON reason while Slack is unreachable") {
    OpsWorld o;
    REQUIRE(o.w.eventually([&] { return o.get("/readyz").status == 200; }));
    o.w.slack.inject("apps.connections.open", {emulator::Fault::Kind::ServerError}, 1000);
    o.w.slack.drop_connections();
    REQUIRE(o.w.eventually([&] { return o.get("/readyz").status == 503; }));
    const auto reply = o.get("/readyz");
    CHECK(reply.json().value("error", "") == "Socket Mode is not connected");
    CHECK(std::count(reply.body.begin(), reply.body.end(), '\n') == 1);
    CHECK(o.get("/healthz").status == 200);
}

TEST_CASE("metrics pass promtool and count what the bot did") {
    OpsWorld o;
    o.w.command_acked(o.w.alice, o.w.ops, "SEV2 Checkout is slow");
    REQUIRE(o.w.channel_named("incident-" + SlackWorld::today() + "-checkout-is-slow"));
    // The channel exists in Slack a moment before the bot has read the answer
    // and counted the call.
    REQUIRE(o.w.eventually([&] {
        return contains(o.get("/metrics").body,
                        "incidentbot_slack_api_calls_total{method=\"conversations.create\","
                        "outcome=\"ok\"} 1");
    }));
    const auto scrape = o.get("/metrics");
    REQUIRE(scrape.status == 200);
    CHECK(scrape.header("content-type") == "text/plain; version=0.0.4; charset=utf-8");
    const auto& text = scrape.body;
    CHECK(contains(text, "incidentbot_envelopes_received_total{type=\"slash_commands\"} 1"));
    CHECK(contains(text,
                   "incidentbot_incidents_declared_total{severity=\"SEV2\",source=\"slash\"} 1"));
    CHECK(contains(text, "incidentbot_open_incidents{severity=\"SEV2\"} 1"));
    CHECK(contains(text, "incidentbot_socket_mode_connected 1"));
    CHECK(contains(text, "incidentbot_ack_latency_seconds_count 1"));
    // DB_SYNC=full (the default): the declare's commit was fsynced before its
    // ack, and the fsync counted.
    CHECK(contains(text, "incidentbot_commit_sync_seconds_bucket{le=\"+Inf\"} "));
    CHECK_FALSE(contains(text, "incidentbot_commit_sync_seconds_count 0\n"));
    CHECK_FALSE(contains(text, "incidentbot_commits_synced_total 0\n"));
    CHECK(contains(
        text,
        "incidentbot_slack_api_calls_total{method=\"conversations.create\",outcome=\"ok\"} 1"));
    CHECK(contains(text, "incidentbot_build_info{commit="));
    CHECK(contains(text, "process_resident_memory_bytes "));
    // Families whose events have not happened yet are there, at zero: an
    // alert on rate() or a dashboard panel finds them from the first scrape.
    CHECK(contains(text, "incidentbot_time_to_acknowledge_seconds_count{severity=\"SEV1\"} 0"));
    CHECK(contains(text, "incidentbot_time_to_resolve_seconds_count{severity=\"SEV2\"} 0"));
    CHECK(
        contains(text, "incidentbot_socket_mode_reconnects_total{reason=\"refresh_requested\"} 0"));
    CHECK(contains(text, "# TYPE incidentbot_slack_api_retries_total counter"));
    CHECK(contains(text, "incidentbot_alert_webhooks_total{outcome=\"declared\"} 0"));
    const auto [code, says] = promtool_check(text);
    CHECK_MESSAGE(code == 0, "promtool check metrics: " << says);
}

TEST_CASE("with HTTP_TOKEN every path but healthz wants the bearer token, which is never logged") {
    const std::string token = "ops-token-3f9a8c7d2e1b";
    OpsWorld o(Env{{"HTTP_TOKEN", token}});
    CHECK(o.get("/healthz").status == 200);
    CHECK(o.get("/metrics").status == 401);
    CHECK(o.get("/readyz", {{"Authorization", "Bearer wrong"}}).status == 401);
    CHECK(o.get("/metrics", {{"Authorization", "Bearer " + token}}).status == 200);
    CHECK_FALSE(contains(o.w.bot_log(), token));
}

TEST_CASE("a non-loopback HTTP_ADDR without HTTP_TOKEN stops start-up with exit code 2") {
    test::TempDir dir;
    test::ProcessOptions options;
    options.env = {{"SLACK_APP_TOKEN", "xapp-1-A1-1-abc"},
                   {"SLACK_BOT_TOKEN", "xoxb-1-2-abc"},
                   {"HTTP_ADDR", "0.0.0.0:9187"},
                   {"INCIDENT_DB_PATH", dir.file("i.db")}};
    const auto r = test::run(IB_BOT_BINARY, options, 10s);
    CHECK(r.code == 2);
    CHECK(contains(r.err, "HTTP_TOKEN"));
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
}

namespace {

// Holds 127.0.0.1:`port` listening until destroyed. If something else holds
// it already, the port is just as taken, which is all the tests below need.
struct TakenPort {
    explicit TakenPort(unsigned short port) : fd(::socket(AF_INET, SOCK_STREAM, 0)) {
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) ::listen(fd, 1);
    }
    ~TakenPort() { ::close(fd); }
    int fd;
};

}  // namespace

TEST_CASE("with HTTP_ADDR unset and its default port taken, the bot runs without the listener") {
    // A second bot on the host, say: Slack's side does not need the port.
    TakenPort held(9187);
    SlackWorld w;
    w.start_bot({{"HTTP_ADDR", SlackWorld::kUnset}});
    const auto reply = w.command_acked(w.alice, w.ops, "SEV2 Default port taken");
    REQUIRE(reply);
    CHECK(contains(reply->dump(), "Declaring"));
    CHECK(w.channel_named("incident-" + SlackWorld::today() + "-default-port-taken"));
    CHECK(w.eventually([&] {
        return contains(w.bot_log(), "127.0.0.1:9187") &&
               contains(w.bot_log(), "running without the operations listener");
    }));
    CHECK(w.stop_bot() == 0);
}

TEST_CASE("an HTTP_ADDR that is taken stops start-up with a line naming it") {
    const auto port = test::free_port();
    TakenPort held(port);
    test::TempDir dir;
    test::ProcessOptions options;
    options.env = {{"SLACK_APP_TOKEN", "xapp-1-A1-1-abc"},
                   {"SLACK_BOT_TOKEN", "xoxb-1-2-abc"},
                   {"SLACK_API_URL", "http://127.0.0.1:1/api/"},
                   {"HTTP_ADDR", "127.0.0.1:" + std::to_string(port)},
                   {"INCIDENT_DB_PATH", dir.file("i.db")}};
    const auto r = test::run(IB_BOT_BINARY, options, 10s);
    CHECK(r.code != 0);
    CHECK(contains(r.err, "HTTP_ADDR: cannot listen on 127.0.0.1:" + std::to_string(port)));
}

TEST_CASE(
    "an oversized body is refused with 413 before it is read, and headers over 16 KiB with 431") {
    OpsWorld o;
    int fd = test::connect_loopback(o.port);
    REQUIRE(fd >= 0);
    // Claims a gibibyte; only the headers are sent.
    REQUIRE(test::send_all(fd,
                           "POST /alertmanager HTTP/1.1\r\nHost: x\r\nContent-Type: "
                           "application/json\r\nContent-Length: 1073741824\r\n\r\n{"));
    auto answer = test::read_until_closed(fd, 5s);
    ::close(fd);
    CHECK(contains(answer, "HTTP/1.1 413"));

    fd = test::connect_loopback(o.port);
    REQUIRE(fd >= 0);
    test::send_all(
        fd, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20'000, 'a') + "\r\n\r\n");
    answer = test::read_until_closed(fd, 5s);
    ::close(fd);
    CHECK(contains(answer, "HTTP/1.1 431"));
}

TEST_CASE("a slowloris client is cut off at the read deadline while acks stay prompt") {
    OpsWorld o(Env{{"HTTP_READ_TIMEOUT", "1s"}});
    const int fd = test::connect_loopback(o.port);
    REQUIRE(fd >= 0);
    REQUIRE(test::send_all(fd, "GET /healthz HTTP/1.1\r\nHost: x\r\n"));
    // A byte now and then never completes the request; the deadline is for all of it.
    // Without the deadline this would trickle on for the whole 20 s.
    bool closed = false;
    for (int i = 0; i < 200 && !closed; ++i) {
        if (!test::send_all(fd, "X")) {
            closed = true;  // the bot had closed it: the write met a reset
            break;
        }
        test::read_until_closed(fd, 100ms, &closed);
    }
    ::close(fd);
    CHECK(closed);
    CHECK(o.w.command_acked(o.w.alice, o.w.ops, "help"));
}

TEST_CASE("connections beyond HTTP_MAX_CONNECTIONS are closed at once, the bot carries on") {
    OpsWorld o(Env{{"HTTP_MAX_CONNECTIONS", "8"}});
    std::vector<int> idle;
    for (int i = 0; i < 8; ++i) idle.push_back(test::connect_loopback(o.port));
    REQUIRE(o.w.eventually([&] {
        const int extra = test::connect_loopback(o.port);
        bool closed = false;
        test::read_until_closed(extra, 200ms, &closed);
        ::close(extra);
        return closed;
    }));
    CHECK(o.w.command_acked(o.w.alice, o.w.ops, "help"));
    for (int fd : idle) ::close(fd);
    REQUIRE(o.w.eventually([&] { return o.get("/healthz").status == 200; }));
}

TEST_CASE("SIGTERM with HTTP clients connected exits 0 within 5 s") {
    OpsWorld o;
    std::vector<int> idle;
    for (int i = 0; i < 20; ++i) idle.push_back(test::connect_loopback(o.port));
    test::send_all(idle.front(), "GET /metr");
    o.w.command_acked(o.w.alice, o.w.ops, "SEV3 Slow page");
    const auto start = std::chrono::steady_clock::now();
    const auto code = o.w.stop_bot();
    const auto took = std::chrono::steady_clock::now() - start;
    for (int fd : idle) ::close(fd);
    REQUIRE(code.has_value());
    CHECK(*code == 0);
    CHECK(took < 5s);
}
