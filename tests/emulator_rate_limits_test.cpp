// Slack's per-method rate-limit tiers in the emulated Slack
// (docs.slack.dev/apis/web-api/rate-limits): off unless asked for, then
// HTTP 429 with Retry-After and "ratelimited", timed by the ManualClock.
#include <doctest/doctest.h>

#include <filesystem>

#include "tests/support/emulator_fixture.hpp"
#include "tests/support/process.hpp"

using nlohmann::json;
using namespace std::chrono_literals;
using test::EmulatorFixture;

namespace {

emulator::Options limited() {
    auto o = test::fast_emulator_options();
    o.enforce_rate_limits = true;
    return o;
}

std::string error_of(const test::HttpReply& r) {
    return r.json().value("error", std::string{});
}

}  // namespace

TEST_CASE("without enforce_rate_limits a burst of calls is never refused") {
    EmulatorFixture f;
    const auto id = f.bot_channel("burst");
    for (int i = 0; i < 40; ++i)
        REQUIRE(f.call("conversations.setTopic", {{"channel", id}, {"topic", std::to_string(i)}})
                    .status == 200);
    for (int i = 0; i < 10; ++i)
        REQUIRE(f.call("chat.postMessage", {{"channel", id}, {"text", "x"}}).status == 200);
}

TEST_CASE("a Tier 2 method allows 20 calls a minute, then 429 with Retry-After and no effect") {
    EmulatorFixture f{limited()};
    const auto id = f.bot_channel("tier-two");
    auto set_topic = [&](const std::string& topic) {
        return f.call("conversations.setTopic", {{"channel", id}, {"topic", topic}});
    };
    for (int i = 0; i < 20; ++i) REQUIRE(set_topic("t" + std::to_string(i)).status == 200);
    auto refused = set_topic("one too many");
    CHECK(refused.status == 429);
    // 20 a minute: a call's worth comes back every 3 seconds.
    CHECK(refused.header("retry-after") == "3");
    CHECK(refused.json() == json{{"ok", false}, {"error", "ratelimited"}});
    CHECK(f.slack.channel(id)->topic == "t19");
    CHECK(f.slack.calls("conversations.setTopic").back().http_status == 429);
    f.clock.advance(3s);
    CHECK(set_topic("after the wait").json().at("ok") == true);
    CHECK(set_topic("and again").status == 429);
}

TEST_CASE("rate limits count per method: a limited method leaves the others alone") {
    EmulatorFixture f{limited()};
    const auto id = f.bot_channel("per-method");
    for (int i = 0; i < 20; ++i)
        f.call("conversations.setTopic", {{"channel", id}, {"topic", "t"}});
    CHECK(f.call("conversations.setTopic", {{"channel", id}, {"topic", "t"}}).status == 429);
    CHECK(f.call("conversations.setPurpose", {{"channel", id}, {"purpose", "p"}}).status == 200);
    CHECK(f.call("auth.test").status == 200);
}

TEST_CASE("chat.postMessage allows a short burst per channel, then one message a second") {
    EmulatorFixture f{limited()};
    const auto a = f.bot_channel("room-a");
    const auto b = f.bot_channel("room-b");
    auto post = [&](const std::string& channel) {
        return f.call("chat.postMessage", {{"channel", channel}, {"text", "x"}});
    };
    for (int i = 0; i < 4; ++i) REQUIRE(post(a).status == 200);
    auto refused = post(a);
    CHECK(refused.status == 429);
    CHECK(refused.header("retry-after") == "1");
    CHECK(error_of(refused) == "ratelimited");
    CHECK(post(b).status == 200);  // another channel has its own allowance
    f.clock.advance(1s);
    CHECK(post(a).status == 200);
    CHECK(post(a).status == 429);
    f.clock.advance(10s);  // the burst allowance refills, up to its size
    for (int i = 0; i < 4; ++i) CHECK(post(a).status == 200);
    CHECK(post(a).status == 429);
}

TEST_CASE("Tier 1 apps.connections.open tolerates a small burst, then about one a minute") {
    EmulatorFixture f{limited()};
    const auto app = f.slack.options().app_token;
    CHECK(f.call("apps.connections.open", json::object(), app).status == 200);
    CHECK(f.call("apps.connections.open", json::object(), app).status == 200);
    auto refused = f.call("apps.connections.open", json::object(), app);
    CHECK(refused.status == 429);
    CHECK(refused.header("retry-after") == "60");
    f.clock.advance(60s);
    CHECK(f.call("apps.connections.open", json::object(), app).status == 200);
}

TEST_CASE("a Tier 3 and a Tier 4 method allow 50 and 100 calls a minute") {
    EmulatorFixture f{limited()};
    const auto id = f.bot_channel("tiers", {f.alice});
    for (int i = 0; i < 50; ++i)
        REQUIRE(f.call("conversations.history", {{"channel", id}, {"limit", 1}}).status == 200);
    CHECK(f.call("conversations.history", {{"channel", id}}).status == 429);
    for (int i = 0; i < 100; ++i) REQUIRE(f.call("users.info", {{"user", f.alice}}).status == 200);
    auto refused = f.call("users.info", {{"user", f.alice}});
    CHECK(refused.status == 429);
    CHECK(refused.header("retry-after") == "1");
}

TEST_CASE("the standalone slack-emulator enforces rate limits when given --rate-limits") {
    const auto binary = std::filesystem::path(IB_BOT_BINARY).parent_path() / "slack-emulator";
    REQUIRE_MESSAGE(std::filesystem::exists(binary), "build the slack-emulator target first");
    auto opens_refused = [&](std::vector<std::string> args) {
        test::ProcessOptions options;
        options.args = std::move(args);
        test::Process emulator(binary.string(), options);
        REQUIRE(emulator.wait_for_output("SLACK_BOT_TOKEN=", 10s));
        const auto out = emulator.out();
        const auto at = out.find("http://127.0.0.1:") + std::string("http://127.0.0.1:").size();
        const auto port = static_cast<unsigned short>(std::stoi(out.substr(at)));
        const auto app = emulator::Options{}.app_token;
        test::HttpTestClient client("127.0.0.1", port);
        int refused = 0;
        for (int i = 0; i < 3; ++i)
            if (client.api("apps.connections.open", json::object(), app).status == 429) ++refused;
        return refused;
    };
    CHECK(opens_refused({"--rate-limits"}) == 1);
    CHECK(opens_refused({}) == 0);
}

TEST_CASE("a message to a person's user id counts against their DM with the app, as its D… id") {
    EmulatorFixture f{limited()};
    auto post = [&](const std::string& channel) {
        return f.call("chat.postMessage", {{"channel", channel}, {"text", "x"}});
    };
    const auto opened = post(f.alice).json();
    REQUIRE(opened.at("ok") == true);
    const auto dm = opened.at("channel").get<std::string>();
    REQUIRE(dm.starts_with("D"));
    // One conversation, one allowance of 4, however it is named.
    CHECK(post(dm).status == 200);
    CHECK(post(f.alice).status == 200);
    CHECK(post(dm).status == 200);
    CHECK(post(f.alice).status == 429);
    CHECK(post(dm).status == 429);
    CHECK(post(f.bob).status == 200);  // another person: another conversation
    // A channel's name and its id are one channel too.
    const auto room = f.bot_channel("room");
    for (int i = 0; i < 2; ++i) REQUIRE(post("#room").status == 200);
    for (int i = 0; i < 2; ++i) REQUIRE(post(room).status == 200);
    CHECK(post("room").status == 429);
}
