// Faults injected into the emulated Web API: what a flaky Slack does to the
// bot, one kind at a time, for exactly the next K calls of a method.
#include <doctest/doctest.h>

#include "tests/support/emulator_fixture.hpp"

using emulator::Fault;
using nlohmann::json;
using test::EmulatorFixture;

TEST_CASE("a rate-limited call answers 429 with Retry-After and takes no effect") {
    EmulatorFixture f;
    f.slack.inject("conversations.create", Fault{Fault::Kind::RateLimited, 7}, 2);
    for (int i = 0; i < 2; ++i) {
        auto r = f.call("conversations.create", {{"name", "limited"}});
        CHECK(r.status == 429);
        CHECK(r.header("retry-after") == "7");
        CHECK(r.json().at("error") == "ratelimited");
    }
    CHECK_FALSE(f.slack.channel_by_name("limited"));
    CHECK(f.call("conversations.create", {{"name", "limited"}}).json().at("ok") == true);
    CHECK(f.slack.calls("conversations.create").size() == 3);
    CHECK(f.slack.calls("conversations.create")[0].http_status == 429);
}

TEST_CASE("a fault on one method leaves the others alone") {
    EmulatorFixture f;
    f.slack.inject("chat.postMessage", Fault{Fault::Kind::RateLimited}, 1);
    CHECK(f.call("auth.test").status == 200);
}

TEST_CASE("a server error answers 5xx with an HTML body") {
    EmulatorFixture f;
    Fault fault{Fault::Kind::ServerError};
    fault.http_status = 502;
    f.slack.inject("auth.test", fault);
    auto r = f.call("auth.test");
    CHECK(r.status == 502);
    CHECK(r.header("content-type").find("text/html") == 0);
    CHECK(r.json().is_discarded());
    CHECK(f.call("auth.test").status == 200);
}

TEST_CASE("a delayed call is answered normally after the delay") {
    EmulatorFixture f;
    Fault fault{Fault::Kind::Delay};
    fault.delay = std::chrono::milliseconds(150);
    f.slack.inject("auth.test", fault);
    const auto start = std::chrono::steady_clock::now();
    auto r = f.call("auth.test");
    CHECK(r.json().at("ok") == true);
    CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(150));
}

TEST_CASE("a dropped connection gives no answer and no effect") {
    EmulatorFixture f;
    f.slack.inject("conversations.create", Fault{Fault::Kind::DropConnection});
    auto r = f.call("conversations.create", {{"name", "dropped"}});
    CHECK(r.status == 0);
    CHECK_FALSE(f.slack.channel_by_name("dropped"));
}

TEST_CASE("a call can take effect and still lose its answer") {
    EmulatorFixture f;
    f.slack.inject("conversations.create", Fault{Fault::Kind::DropAfterEffect});
    auto r = f.call("conversations.create", {{"name", "half-done"}});
    CHECK(r.status == 0);
    CHECK(f.slack.channel_by_name("half-done"));
    // The retry a careful client makes meets its own channel.
    CHECK(f.call("conversations.create", {{"name", "half-done"}}).json().at("error") ==
          "name_taken");
}

TEST_CASE("faults apply to apps.connections.open too") {
    EmulatorFixture f;
    f.slack.inject("apps.connections.open", Fault{Fault::Kind::RateLimited, 1});
    auto r = f.call("apps.connections.open", json::object(), f.slack.options().app_token);
    CHECK(r.status == 429);
    CHECK_NOTHROW(f.socket_url());
}
