#include <doctest/doctest.h>

#include <future>

#include "tests/support/slack_rig.hpp"

using nlohmann::json;
using namespace std::chrono_literals;
using test_support::SlackRig;

namespace {

core::Result<json> call_and_wait(SlackRig& rig, const std::string& method, json args,
                                 slack::CallOptions options = {}) {
    auto done = std::make_shared<std::promise<core::Result<json>>>();
    auto future = done->get_future();
    rig.web->call(
        method, std::move(args),
        [done](core::Result<json> result) { done->set_value(std::move(result)); },
        std::move(options));
    if (future.wait_for(15s) != std::future_status::ready) {
        return core::make_error("test_timeout", method + " never completed");
    }
    return future.get();
}

}  // namespace

TEST_CASE("against the emulated Slack, a 429 is retried once after Retry-After") {
    SlackRig rig;
    auto channel = rig.slack.add_channel("ops", {rig.slack.bot_user_id()});
    rig.slack.inject("chat.postMessage", {emulator::Fault::Kind::RateLimited, 1, 429, 0ms}, 1);
    auto result =
        call_and_wait(rig, "chat.postMessage", {{"channel", channel}, {"text", "hi"}}, {channel});
    REQUIRE(result);
    auto calls = rig.slack.calls("chat.postMessage");
    REQUIRE(calls.size() == 2);
    CHECK(calls[0].http_status == 429);
    CHECK(calls[1].http_status == 200);
    CHECK(calls[1].at - calls[0].at >= 1s);
    CHECK(rig.slack.messages(channel).size() == 1);
}

TEST_CASE("against the emulated Slack, 5xx is retried and then surfaced") {
    SlackRig rig;
    auto channel = rig.slack.add_channel("ops", {rig.slack.bot_user_id()});
    rig.slack.inject("chat.postMessage", {emulator::Fault::Kind::ServerError, 1, 503, 0ms}, 10);
    auto result = call_and_wait(rig, "chat.postMessage", {{"channel", channel}, {"text", "hi"}});
    REQUIRE_FALSE(result);
    CHECK(result.error().code == "http_503");
    CHECK(rig.slack.calls("chat.postMessage").size() == 4);  // first try + 3 retries
    CHECK(rig.slack.messages(channel).empty());
}

TEST_CASE("against the emulated Slack, Slack's errors come back by name") {
    SlackRig rig;
    auto result = call_and_wait(rig, "chat.postMessage", {{"channel", "C404"}, {"text", "hi"}});
    REQUIRE_FALSE(result);
    CHECK(result.error().code == "channel_not_found");
}
