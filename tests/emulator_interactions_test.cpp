// What people do to the bot's messages in the emulated Slack: clicks and
// user picks built from the element itself, modals opened from trigger ids,
// and replies through response_url.
#include <doctest/doctest.h>

#include "tests/support/emulator_fixture.hpp"

using nlohmann::json;
using namespace std::chrono_literals;
using test::EmulatorFixture;

namespace {

// A message like the bot's opening one: a button and a user picker.
std::string post_roles_message(EmulatorFixture& f, const std::string& channel) {
    const json blocks =
        json::array({{{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", "*Roles*"}}}},
                     {{"type", "actions"},
                      {"block_id", "role.ic"},
                      {"elements",
                       {{{"type", "button"},
                         {"text", {{"type", "plain_text"}, {"text", "I'll be IC"}}},
                         {"action_id", "incident.take_role"},
                         {"value", "INC-2026-001|ic"}},
                        {{"type", "users_select"},
                         {"placeholder", {{"type", "plain_text"}, {"text", "Assign IC"}}},
                         {"action_id", "incident.assign_role"}}}}}});
    return f.call("chat.postMessage", {{"channel", channel}, {"text", "roles"}, {"blocks", blocks}})
        .json()
        .at("ts");
}

std::string path_of(const std::string& url) {
    return url.substr(url.find('/', std::string("http://").size()));
}

}  // namespace

TEST_CASE("clicking a button sends block_actions built from the element itself") {
    EmulatorFixture f;
    auto ws = f.connect();
    const auto channel = f.bot_channel("clicks", {f.alice});
    const auto ts = post_roles_message(f, channel);
    const auto id = f.slack.click_button(f.alice, channel, ts, "I'll be IC");
    REQUIRE_FALSE(id.empty());
    auto envelope = ws->read_type("interactive", 2s);
    REQUIRE(envelope);
    CHECK(envelope->at("envelope_id") == id);
    const auto& p = envelope->at("payload");
    CHECK(p.at("type") == "block_actions");
    CHECK(p.at("user").at("id") == f.alice);
    CHECK(p.at("container").at("message_ts") == ts);
    CHECK(p.at("container").at("channel_id") == channel);
    CHECK(p.at("channel").at("name") == "clicks");
    CHECK(p.at("message").at("ts") == ts);
    const auto& action = p.at("actions")[0];
    CHECK(action.at("action_id") == "incident.take_role");
    CHECK(action.at("block_id") == "role.ic");
    CHECK(action.at("value") == "INC-2026-001|ic");
    CHECK(action.at("type") == "button");
    // Found by action_id as well as by label.
    CHECK_FALSE(f.slack.click_button(f.alice, channel, ts, "incident.take_role").empty());
    CHECK(f.slack.click_button(f.alice, channel, ts, "No such button").empty());
}

TEST_CASE("picking a user sends selected_user in the action and in state.values") {
    EmulatorFixture f;
    auto ws = f.connect();
    const auto channel = f.bot_channel("picks", {f.alice, f.bob});
    const auto ts = post_roles_message(f, channel);
    const auto id = f.slack.select_user(f.alice, channel, ts, "incident.assign_role", f.bob);
    REQUIRE_FALSE(id.empty());
    auto envelope = ws->read_type("interactive", 2s);
    REQUIRE(envelope);
    const auto& p = envelope->at("payload");
    CHECK(p.at("actions")[0].at("type") == "users_select");
    CHECK(p.at("actions")[0].at("selected_user") == f.bob);
    CHECK(p.at("state").at("values").at("role.ic").at("incident.assign_role").at("selected_user") ==
          f.bob);
}

TEST_CASE("a user pick can name its block, as an action_id is unique only within a block") {
    EmulatorFixture f;
    auto ws = f.connect();
    const auto channel = f.bot_channel("two-pickers", {f.alice, f.bob});
    auto picker = [](const std::string& block_id) {
        return json{{"type", "actions"},
                    {"block_id", block_id},
                    {"elements",
                     {{{"type", "users_select"},
                       {"placeholder", {{"type", "plain_text"}, {"text", "Pick"}}},
                       {"action_id", "incident.assign_role"}}}}};
    };
    const auto ts = f.call("chat.postMessage",
                           {{"channel", channel},
                            {"text", "roles"},
                            {"blocks", json::array({picker("role.ic"), picker("role.scribe")})}})
                        .json()
                        .at("ts")
                        .get<std::string>();
    const auto id =
        f.slack.select_user(f.alice, channel, ts, "role.scribe", "incident.assign_role", f.bob);
    REQUIRE_FALSE(id.empty());
    auto envelope = ws->read_type("interactive", 2s);
    REQUIRE(envelope);
    CHECK(envelope->at("payload").at("actions")[0].at("block_id") == "role.scribe");
    CHECK(f.slack.select_user(f.alice, channel, ts, "role.nope", "incident.assign_role", f.bob)
              .empty());
}

TEST_CASE("an unacked click is recorded as failed and not re-sent") {
    EmulatorFixture f;
    auto ws = f.connect();
    const auto channel = f.bot_channel("unacked", {f.alice});
    const auto ts = post_roles_message(f, channel);
    const auto id = f.slack.click_button(f.alice, channel, ts, "I'll be IC");
    REQUIRE(ws->read_type("interactive", 2s));
    CHECK(f.slack.wait_until([&] { return !f.slack.failures().empty(); }, 2s));
    CHECK(f.slack.failures()[0].type == "interactive");
    CHECK(f.slack.failures()[0].error == "operation_timeout");
    CHECK_FALSE(ws->read_type("interactive", 400ms));
}

TEST_CASE(
    "a response_url reply is ephemeral by default and can post in channel or replace or delete the "
    "original") {
    EmulatorFixture f;
    auto ws = f.connect();
    const auto channel = f.bot_channel("respond", {f.alice});
    const auto ts = post_roles_message(f, channel);
    f.slack.click_button(f.alice, channel, ts, "I'll be IC");
    auto envelope = ws->read_type("interactive", 2s);
    REQUIRE(envelope);
    const auto path = path_of(envelope->at("payload").at("response_url"));
    auto http = f.http();
    auto send = [&](const json& body) { return http.post(path, body.dump(), "application/json"); };
    CHECK(send({{"text", "only you"}}).status == 200);
    CHECK(f.slack.ephemerals(f.alice).back().source == "response_url");
    CHECK(send({{"text", "everyone"}, {"response_type", "in_channel"}}).status == 200);
    CHECK(f.slack.messages(channel).back().text == "everyone");
    CHECK(send({{"text", "replaced"}, {"replace_original", true}}).status == 200);
    bool replaced = false;
    for (const auto& m : f.slack.messages(channel))
        if (m.ts == ts) replaced = m.text == "replaced";
    CHECK(replaced);
    CHECK(send({{"delete_original", true}}).status == 200);
    for (const auto& m : f.slack.messages(channel)) CHECK(m.ts != ts);
    CHECK(f.slack.calls("response_url").size() == 4);
}

TEST_CASE("a click on an ephemeral carries its ts, and its response_url replaces or deletes it") {
    EmulatorFixture f;
    auto ws = f.connect();
    const auto channel = f.bot_channel("drafts", {f.alice});
    const json blocks = json::array({{{"type", "actions"},
                                      {"block_id", "draft"},
                                      {"elements",
                                       {{{"type", "button"},
                                         {"text", {{"type", "plain_text"}, {"text", "Post here"}}},
                                         {"action_id", "incident.comms_post_here"}}}}}});
    const auto posted =
        f.call("chat.postEphemeral",
               {{"channel", channel}, {"user", f.alice}, {"text", "draft"}, {"blocks", blocks}})
            .json();
    const std::string ts = posted.at("message_ts");
    CHECK(f.slack.ephemerals(f.alice).back().ts == ts);

    f.slack.click_ephemeral_button(f.alice, channel, blocks, "Post here");
    auto envelope = ws->read_type("interactive", 2s);
    REQUIRE(envelope);
    const auto& p = envelope->at("payload");
    CHECK(p.at("container").at("is_ephemeral") == true);
    CHECK(p.at("container").at("message_ts") == ts);
    CHECK_FALSE(p.contains("message"));  // Slack sends none for an ephemeral

    const auto path = path_of(p.at("response_url"));
    auto http = f.http();
    auto send = [&](const json& body) { return http.post(path, body.dump(), "application/json"); };
    CHECK(send({{"text", "posted"}, {"replace_original", true}}).status == 200);
    REQUIRE(f.slack.ephemerals(f.alice).size() == 1);
    CHECK(f.slack.ephemerals(f.alice).back().text == "posted");
    CHECK(f.slack.ephemerals(f.alice).back().ts == ts);
    CHECK(send({{"delete_original", true}}).status == 200);
    CHECK(f.slack.ephemerals(f.alice).empty());
}

TEST_CASE("a response_url works five times and for thirty minutes") {
    EmulatorFixture f;
    auto ws = f.connect();
    const auto general = f.slack.channel_by_name("general")->id;
    f.slack.send_slash_command(f.alice, general, "help");
    auto envelope = ws->read_type("slash_commands", 2s);
    REQUIRE(envelope);
    const auto path = path_of(envelope->at("payload").at("response_url"));
    auto http = f.http();
    const auto body = json{{"text", "hi"}}.dump();
    for (int i = 0; i < 5; ++i) CHECK(http.post(path, body, "application/json").status == 200);
    CHECK(http.post(path, body, "application/json").status == 404);
    CHECK(f.slack.ephemerals(f.alice).size() == 5);

    f.slack.send_slash_command(f.alice, general, "help");
    auto second = ws->read_type("slash_commands", 2s);
    REQUIRE(second);
    const auto later = path_of(second->at("payload").at("response_url"));
    f.clock.advance(31min);
    auto expired = http.post(later, body, "application/json");
    CHECK(expired.status == 404);
    // hooks.slack.com answers in plain text, not JSON.
    CHECK(expired.body == "expired_url");
    CHECK(http.post(later.substr(0, later.size() - 3) + "xyz", body, "application/json").status ==
          404);
}

TEST_CASE("a response_url answers in plain text like hooks.slack.com, not Web API JSON") {
    EmulatorFixture f;
    auto ws = f.connect();
    const auto general = f.slack.channel_by_name("general")->id;
    f.slack.send_slash_command(f.alice, general, "help");
    auto envelope = ws->read_type("slash_commands", 2s);
    REQUIRE(envelope);
    const auto path = path_of(envelope->at("payload").at("response_url"));
    auto http = f.http();
    auto done = http.post(path, json{{"text", "hi"}}.dump(), "application/json");
    CHECK(done.status == 200);
    CHECK(done.body == "ok");
    auto empty = http.post(path, json{{"response_type", "in_channel"}}.dump(), "application/json");
    CHECK(empty.status == 400);
    CHECK(empty.body == "no_text");
    auto broken = http.post(path, "{", "application/json");
    CHECK(broken.status == 400);
    CHECK(broken.body == "invalid_payload");
    CHECK(http.post("/commands/T0EMULATED/1/nope", "{}", "application/json").body == "no_service");
    CHECK(f.slack.calls("response_url").front().response == "ok");
}

TEST_CASE("delete_original on a slash command's response_url has nothing to delete or post") {
    EmulatorFixture f;
    auto ws = f.connect();
    const auto general = f.slack.channel_by_name("general")->id;
    f.slack.send_slash_command(f.alice, general, "help");
    auto envelope = ws->read_type("slash_commands", 2s);
    REQUIRE(envelope);
    const auto before = f.slack.messages(general).size();
    auto r = f.http().post(path_of(envelope->at("payload").at("response_url")),
                           json{{"delete_original", true}}.dump(), "application/json");
    CHECK(r.body == "ok");
    CHECK(f.slack.messages(general).size() == before);
    CHECK(f.slack.ephemerals(f.alice).empty());
}

TEST_CASE("views.open accepts a trigger id once and within three seconds") {
    EmulatorFixture f;
    auto ws = f.connect();
    const auto general = f.slack.channel_by_name("general")->id;
    f.slack.send_slash_command(f.alice, general, "declare");
    auto envelope = ws->read_type("slash_commands", 2s);
    REQUIRE(envelope);
    const auto trigger = envelope->at("payload").at("trigger_id").get<std::string>();
    const json view = {
        {"type", "modal"},
        {"title", {{"type", "plain_text"}, {"text", "Declare"}}},
        {"blocks",
         json::array({{{"type", "input"},
                       {"block_id", "title"},
                       {"label", {{"type", "plain_text"}, {"text", "Title"}}},
                       {"element", {{"type", "plain_text_input"}, {"action_id", "value"}}}}})}};
    auto opened = f.call("views.open", {{"trigger_id", trigger}, {"view", view}}).json();
    REQUIRE(opened.at("ok") == true);
    const auto view_id = opened.at("view").at("id").get<std::string>();
    CHECK(view_id.rfind("V", 0) == 0);
    CHECK(f.call("views.open", {{"trigger_id", trigger}, {"view", view}}).json().at("error") ==
          "exchanged_trigger_id");
    CHECK(f.call("views.open", {{"trigger_id", "1.2.3"}, {"view", view}}).json().at("error") ==
          "invalid_trigger_id");

    f.slack.send_slash_command(f.alice, general, "declare");
    auto second = ws->read_type("slash_commands", 2s);
    REQUIRE(second);
    f.clock.advance(4s);
    CHECK(f.call("views.open",
                 {{"trigger_id", second->at("payload").at("trigger_id")}, {"view", view}})
              .json()
              .at("error") == "expired_trigger_id");

    // Submitting the modal comes back as view_submission with the values.
    const json values = {
        {"title", {{"value", {{"type", "plain_text_input"}, {"value", "DB down"}}}}}};
    const auto id = f.slack.submit_view(f.alice, view_id, values);
    auto submission = ws->read_type("interactive", 2s);
    REQUIRE(submission);
    CHECK(submission->at("envelope_id") == id);
    CHECK(submission->at("payload").at("type") == "view_submission");
    CHECK(submission->at("payload").at("view").at("state").at("values") == values);
}
