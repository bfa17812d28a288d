#include <doctest/doctest.h>

#include "slack/socket_mode_client.hpp"
#include "slack/tls.hpp"
#include "slack/web_api.hpp"
#include "tests/support/slack_stub_server.hpp"
#include "tests/support/slack_test_io.hpp"
#include "tests/support/tls_test_pki.hpp"
#include "tests/support/tls_websocket_server.hpp"

using nlohmann::json;
using namespace std::chrono_literals;

namespace {

// Calls auth.test on `server` trusting only what SSL_CERT_FILE (set by the
// caller) names, through the same context the bot builds at start-up.
core::Result<json> call_over_tls(const test_support::StubHttpServer& server,
                                 const std::string& host) {
    auto tls = slack::make_client_tls_context();
    if (!tls) return tls.error();
    boost::asio::io_context io;
    auto log = test_support::capture_log();
    slack::WebApiOptions options;
    options.api_url = server.base_url(host);
    options.bot_token = "xoxb-test";
    options.max_retries = 0;
    options.tls = tls.value();
    slack::WebApi api(io, log.logger, options);
    std::optional<core::Result<json>> result;
    api.call("auth.test", json::object(),
             [&](core::Result<json> r) { result.emplace(std::move(r)); });
    if (!test_support::run_until(
            io, [&] { return result.has_value(); }, 10s)) {
        return core::make_error("test_timeout", "no answer");
    }
    return std::move(*result);
}

}  // namespace

TEST_CASE("HTTPS works when the server's CA is trusted through SSL_CERT_FILE") {
    auto pki = test_support::make_test_pki("localhost");
    test_support::StubHttpServer server(
        [](const test_support::StubRequest&) {
            return test_support::answer(200, R"({"ok":true,"user_id":"U1"})");
        },
        test_support::make_server_tls_context(pki));
    test_support::TempFile ca(pki.ca_cert_pem);
    test_support::ScopedEnv trust("SSL_CERT_FILE", ca.path().c_str());

    auto result = call_over_tls(server, "localhost");
    REQUIRE(result);
    CHECK(result->at("user_id") == "U1");
    CHECK(server.requests().size() == 1);
}

TEST_CASE("HTTPS is refused when the server's CA is not trusted") {
    auto pki = test_support::make_test_pki("localhost");
    auto stranger = test_support::make_test_pki("localhost");
    test_support::StubHttpServer server(
        [](const test_support::StubRequest&) { return test_support::answer(200, "{\"ok\":true}"); },
        test_support::make_server_tls_context(pki));
    test_support::TempFile other_ca(stranger.ca_cert_pem);
    test_support::ScopedEnv trust("SSL_CERT_FILE", other_ca.path().c_str());

    auto result = call_over_tls(server, "localhost");
    REQUIRE_FALSE(result);
    CHECK(result.error().code == "network");
    CHECK(result.error().message.find("certificate verify failed") != std::string::npos);
    CHECK(server.requests().empty());  // nothing (no token) was sent
}

TEST_CASE("a trusted certificate for another host name is refused") {
    auto pki = test_support::make_test_pki("slack.test");
    test_support::StubHttpServer server(
        [](const test_support::StubRequest&) { return test_support::answer(200, "{\"ok\":true}"); },
        test_support::make_server_tls_context(pki));
    test_support::TempFile ca(pki.ca_cert_pem);
    test_support::ScopedEnv trust("SSL_CERT_FILE", ca.path().c_str());

    auto result = call_over_tls(server, "localhost");
    REQUIRE_FALSE(result);
    CHECK(result.error().message.find("hostname mismatch") != std::string::npos);
    CHECK(server.requests().empty());
}

TEST_CASE("an unreadable SSL_CERT_FILE is a clear start-up error") {
    test_support::ScopedEnv trust("SSL_CERT_FILE", "/nonexistent/ca.pem");
    auto tls = slack::make_client_tls_context();
    REQUIRE_FALSE(tls);
    CHECK(tls.error().code == "tls_setup");
    CHECK(tls.error().message.find("SSL_CERT_FILE=/nonexistent/ca.pem") != std::string::npos);
}

namespace {

struct WssRig {
    explicit WssRig(const test_support::TestPki& pki)
        : links(test_support::make_server_tls_context(pki)),
          api([this](const test_support::StubRequest&) {
              return test_support::answer(200, json{{"ok", true}, {"url", links.url()}}.dump());
          }) {}
    test_support::TlsWebSocketServer links;
    test_support::StubHttpServer api;  // plain loopback HTTP: only the socket is under test
};

// Runs a SocketModeClient against rig until `done` or 5 s.
void run_client(WssRig& rig, const std::function<bool(slack::SocketModeClient&)>& done,
                test_support::CapturedLog& log) {
    auto tls = slack::make_client_tls_context();
    REQUIRE(tls);
    boost::asio::io_context io;
    slack::WebApiOptions options;
    options.api_url = rig.api.base_url();
    options.app_token = "xapp-test";
    options.tls = tls.value();
    slack::WebApi web(io, log.logger, options);
    core::SystemClock clock;
    slack::SocketModeOptions client_options;
    client_options.reconnect_initial = 50ms;
    slack::SocketModeClient client(io, web, clock, log.logger, client_options);
    client.on("slash_commands", [](const slack::Envelope&, slack::Ack ack) {
        ack(json{{"text", "over TLS"}});
    });
    client.start();
    test_support::run_until(
        io, [&] { return done(client); }, 5s);
}

}  // namespace

TEST_CASE("Socket Mode connects over wss when the CA is trusted, and acks on it") {
    auto pki = test_support::make_test_pki("localhost");
    WssRig rig(pki);
    test_support::TempFile ca(pki.ca_cert_pem);
    test_support::ScopedEnv trust("SSL_CERT_FILE", ca.path().c_str());
    auto log = test_support::capture_log();
    run_client(
        rig, [&](slack::SocketModeClient&) { return !rig.links.received().empty(); }, log);
    auto received = rig.links.received();
    REQUIRE(received.size() == 1);
    CHECK(json::parse(received[0]) ==
          json{{"envelope_id", "tls-1"}, {"payload", {{"text", "over TLS"}}}});
    CHECK(log.str().find("ticket") == std::string::npos);
}

TEST_CASE("Socket Mode refuses a wss server whose CA is not trusted") {
    auto pki = test_support::make_test_pki("localhost");
    auto stranger = test_support::make_test_pki("localhost");
    WssRig rig(pki);
    test_support::TempFile other_ca(stranger.ca_cert_pem);
    test_support::ScopedEnv trust("SSL_CERT_FILE", other_ca.path().c_str());
    auto log = test_support::capture_log();
    run_client(
        rig, [&](slack::SocketModeClient&) { return rig.api.requests().size() >= 3; }, log);
    CHECK(rig.links.handshakes() == 0);
    CHECK_FALSE(rig.links.received().size() > 0);
    CHECK(log.str().find("certificate verify failed") != std::string::npos);
}
