// A reply only its person sees, built ahead as JSON (an ack payload that
// missed its deadline): through the response_url, else chat.postEphemeral.
#include <doctest/doctest.h>

#include <future>
#include <memory>

#include "bot/ephemeral_reply.hpp"
#include "tests/support/slack_rig.hpp"

using nlohmann::json;
using namespace std::chrono_literals;
using test_support::SlackRig;

namespace {

// The JSON form, as a slash command's ack would have carried it.
core::Result<json> send_and_wait(SlackRig& rig, const bot::slack_work::ReplyTarget& target,
                                 json message) {
    auto done = std::make_shared<std::promise<core::Result<json>>>();
    auto future = done->get_future();
    rig.on_client_thread([&] {
        bot::send_ephemeral(*rig.web, target, std::move(message),
                            [done](core::Result<json> r) { done->set_value(std::move(r)); });
    });
    if (future.wait_for(15s) != std::future_status::ready)
        return core::make_error("test_timeout", "send_ephemeral never completed");
    return future.get();
}

json reply(const std::string& text) {
    return {{"response_type", "ephemeral"}, {"text", text}};
}

// A slash command's response_url, as the emulated Slack issued it.
std::string response_url_of(SlackRig& rig, const std::string& user, const std::string& channel) {
    rig.slack.send_slash_command(user, channel, "status");
    const auto envelopes = rig.slack.envelopes();
    REQUIRE_FALSE(envelopes.empty());
    return envelopes.back()["payload"].value("response_url", std::string{});
}

// What `user` was shown besides the command's own ack.
std::vector<emulator::Ephemeral> replies_to(SlackRig& rig, const std::string& user) {
    std::vector<emulator::Ephemeral> seen;
    for (auto& e : rig.slack.ephemerals(user))
        if (e.source != "ack") seen.push_back(std::move(e));
    return seen;
}

}  // namespace

TEST_CASE("a reply in JSON goes through the command's response_url") {
    SlackRig rig;
    REQUIRE(rig.start_and_connect());
    const auto user = rig.slack.add_user("alice");
    const auto channel = rig.slack.add_channel("ops", {user, rig.slack.bot_user_id()});
    const auto url = response_url_of(rig, user, channel);
    REQUIRE_FALSE(url.empty());

    REQUIRE(send_and_wait(rig, {url, channel, user}, reply("INC-2026-001 updated")));
    const auto seen = replies_to(rig, user);
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].text == "INC-2026-001 updated");
    CHECK(seen[0].source == "response_url");
    CHECK(rig.slack.calls("chat.postEphemeral").empty());
}

TEST_CASE(
    "a reply in JSON whose response_url is refused goes by chat.postEphemeral, as Slack "
    "takes it") {
    SlackRig rig;
    REQUIRE(rig.start_and_connect());
    const auto user = rig.slack.add_user("alice");
    const auto channel = rig.slack.add_channel("ops", {user, rig.slack.bot_user_id()});
    auto url = response_url_of(rig, user, channel);
    REQUIRE_FALSE(url.empty());
    url += "-expired";  // one Slack no longer knows

    REQUIRE(send_and_wait(rig, {url, channel, user}, reply("INC-2026-001 updated")));
    CHECK(rig.slack.calls("response_url").size() == 1);
    const auto posted = rig.slack.calls("chat.postEphemeral");
    REQUIRE(posted.size() == 1);
    CHECK(posted[0].args.value("channel", "") == channel);
    CHECK(posted[0].args.value("user", "") == user);
    // Only what chat.postEphemeral takes: the response_url's own fields are left out.
    CHECK_FALSE(posted[0].args.contains("response_type"));
    CHECK_FALSE(posted[0].args.contains("replace_original"));
    const auto seen = replies_to(rig, user);
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].text == "INC-2026-001 updated");
    CHECK(seen[0].source == "chat.postEphemeral");
}

TEST_CASE("a reply in JSON with no response_url and nowhere to post is an error, not a call") {
    SlackRig rig;
    REQUIRE(rig.start_and_connect());
    const auto result = send_and_wait(rig, {"", "", ""}, reply("lost"));
    REQUIRE_FALSE(result);
    CHECK(result.error().code == "no_reply_target");
    CHECK(rig.slack.calls("response_url").empty());
    CHECK(rig.slack.calls("chat.postEphemeral").empty());
}
