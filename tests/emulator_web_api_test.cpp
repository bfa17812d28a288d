// The emulated Slack's Web API, driven over HTTP as the bot would: each of
// Slack's error names the bot must handle, and the shapes it relies on.
#include <doctest/doctest.h>

#include "tests/support/emulator_fixture.hpp"

using nlohmann::json;
using test::EmulatorFixture;

namespace {

std::string error_of(const test::HttpReply& r) {
    return r.json().value("error", std::string{});
}

json section(const std::string& text, const std::string& block_id = "") {
    json b = {{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", text}}}};
    if (!block_id.empty()) b["block_id"] = block_id;
    return b;
}

json button(const std::string& label, const std::string& action_id, const std::string& value) {
    return {{"type", "button"},
            {"text", {{"type", "plain_text"}, {"text", label}}},
            {"action_id", action_id},
            {"value", value}};
}

std::string post(EmulatorFixture& f, const std::string& channel, const std::string& text) {
    return f.call("chat.postMessage", {{"channel", channel}, {"text", text}})
        .json()
        .at("ts")
        .get<std::string>();
}

// chat.postMessage to a person's user id; the DM's id ("D…").
std::string post_dm(EmulatorFixture& f, const std::string& user, const std::string& text) {
    return f.call("chat.postMessage", {{"channel", user}, {"text", text}})
        .json()
        .at("channel")
        .get<std::string>();
}

}  // namespace

TEST_CASE("an unknown method answers unknown_method") {
    EmulatorFixture f;
    auto r = f.call("chat.postSomething", {{"channel", "C1"}});
    CHECK(r.status == 200);
    CHECK(r.json().at("ok") == false);
    CHECK(error_of(r) == "unknown_method");
}

TEST_CASE("a call without a token is not_authed and a wrong token is invalid_auth") {
    EmulatorFixture f;
    auto client = f.http();
    CHECK(error_of(client.api("auth.test", json::object(), "")) == "not_authed");
    CHECK(error_of(client.api("auth.test", json::object(), "xoxb-wrong")) == "invalid_auth");
    CHECK(error_of(client.api("apps.connections.open", json::object(), "xapp-wrong")) ==
          "invalid_auth");
}

TEST_CASE("the app token opens connections only and the bot token does the rest") {
    EmulatorFixture f;
    CHECK(error_of(f.call("apps.connections.open", json::object(), f.slack.options().bot_token)) ==
          "not_allowed_token_type");
    CHECK(error_of(f.call("auth.test", json::object(), f.slack.options().app_token)) ==
          "not_allowed_token_type");
    auto open = f.call("apps.connections.open", json::object(), f.slack.options().app_token).json();
    CHECK(open.at("ok") == true);
    CHECK(open.at("url").get<std::string>().rfind(
              "ws://127.0.0.1:" + std::to_string(f.port) + "/link/?ticket=", 0) == 0);
}

TEST_CASE("a token in the form body is accepted like the Authorization header") {
    EmulatorFixture f;
    auto client = f.http();
    auto r = client.post("/api/auth.test", "token=" + f.slack.options().bot_token);
    CHECK(r.json().at("ok") == true);
    CHECK_FALSE(f.slack.calls("auth.test").front().args.contains("token"));
}

TEST_CASE("auth.test names the bot user and the workspace") {
    EmulatorFixture f;
    auto r = f.call("auth.test").json();
    CHECK(r.at("user_id") == f.slack.bot_user_id());
    CHECK(r.at("team_id") == "T0EMULATED");
    CHECK(r.at("bot_id").get<std::string>().rfind("B", 0) == 0);
}

TEST_CASE("several calls share one kept-alive HTTP connection") {
    EmulatorFixture f;
    auto client = f.http();
    for (int i = 0; i < 5; ++i)
        CHECK(client.api("auth.test", json::object(), f.slack.options().bot_token).status == 200);
    CHECK(client.connections_opened() == 1);
}

TEST_CASE("conversations.create makes the bot creator and member of the channel") {
    EmulatorFixture f;
    auto r = f.call("conversations.create", {{"name", "incident-2026-05-01-db"}}).json();
    REQUIRE(r.at("ok") == true);
    const auto id = r.at("channel").at("id").get<std::string>();
    CHECK(id.rfind("C", 0) == 0);
    CHECK(r.at("channel").at("is_member") == true);
    CHECK(r.at("channel").at("creator") == f.slack.bot_user_id());
    const auto c = f.slack.channel(id);
    REQUIRE(c);
    CHECK(c->members == std::vector<std::string>{f.slack.bot_user_id()});
    CHECK(f.slack.channel_by_name("incident-2026-05-01-db")->id == id);
}

TEST_CASE("conversations.create refuses the names Slack refuses with Slack's error names") {
    EmulatorFixture f;
    auto create = [&](const std::string& name) {
        return error_of(f.call("conversations.create", {{"name", name}}));
    };
    CHECK(create("") == "invalid_name_required");
    CHECK(create(std::string(81, 'a')) == "invalid_name_maxlength");
    CHECK(create(std::string(80, 'a')).empty());
    CHECK(create("Upper-Case") == "invalid_name_specials");
    CHECK(create("has space") == "invalid_name_specials");
    CHECK(create("dots.are.out") == "invalid_name_specials");
    CHECK(create("---") == "invalid_name_punctuation");
    CHECK(create("general") == "name_taken");
    CHECK(create("ok_name-2").empty());
}

TEST_CASE("an archived channel keeps its name taken") {
    EmulatorFixture f;
    const auto id = f.bot_channel("old-incident");
    CHECK(f.call("conversations.archive", {{"channel", id}}).json().at("ok") == true);
    CHECK(error_of(f.call("conversations.create", {{"name", "old-incident"}})) == "name_taken");
}

TEST_CASE("conversations.invite adds people and names each refusal") {
    EmulatorFixture f;
    const auto id = f.bot_channel("inc-invite");
    auto invite = [&](const std::string& channel, const std::string& users) {
        return f.call("conversations.invite", {{"channel", channel}, {"users", users}});
    };
    CHECK(invite(id, f.alice + "," + f.bob).json().at("ok") == true);
    CHECK(f.slack.channel(id)->members.size() == 3);
    CHECK(error_of(invite(id, f.alice)) == "already_in_channel");
    CHECK(error_of(invite(id, f.slack.bot_user_id())) == "cant_invite_self");
    CHECK(error_of(invite(id, "U0NOBODY00")) == "user_not_found");
    CHECK(error_of(invite("C0NOWHERE0", f.alice)) == "channel_not_found");
    const auto general = f.slack.channel_by_name("general")->id;
    CHECK(error_of(invite(general, f.alice)) == "not_in_channel");
    f.call("conversations.archive", {{"channel", id}});
    const auto carol = f.slack.add_user("carol");
    CHECK(error_of(invite(id, carol)) == "is_archived");
}

TEST_CASE("conversations.join lets the bot into a public channel once") {
    EmulatorFixture f;
    const auto general = f.slack.channel_by_name("general")->id;
    CHECK(f.call("conversations.join", {{"channel", general}}).json().at("ok") == true);
    CHECK(f.slack.channel(general)->members.size() == 3);
    auto again = f.call("conversations.join", {{"channel", general}}).json();
    CHECK(again.at("ok") == true);
    CHECK(again.at("warning") == "already_in_channel");
    CHECK(error_of(f.call("conversations.join", {{"channel", "C0NOWHERE0"}})) ==
          "channel_not_found");
}

TEST_CASE("conversations.info and list and members page with Slack's cursors") {
    EmulatorFixture f;
    for (int i = 0; i < 5; ++i) f.bot_channel("page-" + std::to_string(i));
    auto info = f.call("conversations.info", {{"channel", f.slack.channel_by_name("page-0")->id}});
    CHECK(info.json().at("channel").at("name") == "page-0");
    CHECK(error_of(f.call("conversations.info", {{"channel", "C0NOWHERE0"}})) ==
          "channel_not_found");

    std::vector<std::string> names;
    std::string cursor;
    int pages = 0;
    do {
        json args = {{"limit", 2}};
        if (!cursor.empty()) args["cursor"] = cursor;
        auto page = f.call("conversations.list", args).json();
        for (const auto& c : page.at("channels")) names.push_back(c.at("name"));
        cursor = page.at("response_metadata").at("next_cursor");
        ++pages;
    } while (!cursor.empty() && pages < 10);
    CHECK(names.size() == 6);  // #general and five more
    CHECK(pages == 3);
    CHECK(error_of(f.call("conversations.list", {{"cursor", "bm9wZQ=="}})) == "invalid_cursor");

    const auto id = f.bot_channel("members", {f.alice, f.bob});
    auto members = f.call("conversations.members", {{"channel", id}, {"limit", 2}}).json();
    CHECK(members.at("members").size() == 2);
    CHECK_FALSE(members.at("response_metadata").at("next_cursor").get<std::string>().empty());
}

TEST_CASE("conversations.history lists top-level messages newest first") {
    EmulatorFixture f;
    const auto id = f.bot_channel("history");
    const auto first = post(f, id, "first");
    const auto second = post(f, id, "second");
    f.call("chat.postMessage", {{"channel", id}, {"text", "reply"}, {"thread_ts", first}});
    auto h = f.call("conversations.history", {{"channel", id}}).json();
    REQUIRE(h.at("ok") == true);
    const auto& messages = h.at("messages");
    CHECK(messages[0].at("ts") == second);
    CHECK(messages[1].at("ts") == first);
    CHECK(messages[1].at("reply_count") == 1);
    for (const auto& m : messages) CHECK(m.at("text") != "reply");
    auto replies = f.call("conversations.replies", {{"channel", id}, {"ts", first}}).json();
    CHECK(replies.at("messages").size() == 2);
    const auto general = f.slack.channel_by_name("general")->id;
    CHECK(error_of(f.call("conversations.history", {{"channel", general}})) == "not_in_channel");
}

TEST_CASE("topic and purpose are stored up to 250 characters") {
    EmulatorFixture f;
    const auto id = f.bot_channel("topics");
    CHECK(f.call("conversations.setTopic", {{"channel", id}, {"topic", "SEV1 | open"}})
              .json()
              .at("ok") == true);
    CHECK(f.slack.channel(id)->topic == "SEV1 | open");
    CHECK(error_of(f.call("conversations.setTopic",
                          {{"channel", id}, {"topic", std::string(251, 'x')}})) == "too_long");
    CHECK(f.call("conversations.setPurpose", {{"channel", id}, {"purpose", std::string(250, 'x')}})
              .json()
              .at("ok") == true);
    CHECK(error_of(f.call("conversations.setPurpose",
                          {{"channel", id}, {"purpose", std::string(251, 'x')}})) == "too_long");
    const auto general = f.slack.channel_by_name("general")->id;
    CHECK(error_of(f.call("conversations.setTopic", {{"channel", general}, {"topic", "x"}})) ==
          "not_in_channel");
}

TEST_CASE("an archived channel refuses posts and a second archive") {
    EmulatorFixture f;
    const auto id = f.bot_channel("to-archive");
    CHECK(f.call("conversations.archive", {{"channel", id}}).json().at("ok") == true);
    CHECK(f.slack.channel(id)->archived);
    CHECK(error_of(f.call("conversations.archive", {{"channel", id}})) == "already_archived");
    CHECK(error_of(f.call("chat.postMessage", {{"channel", id}, {"text", "x"}})) == "is_archived");
    const auto general = f.slack.channel_by_name("general")->id;
    f.call("conversations.join", {{"channel", general}});
    CHECK(error_of(f.call("conversations.archive", {{"channel", general}})) ==
          "cant_archive_general");
}

TEST_CASE("chat.postMessage takes blocks JSON-encoded in a form and in a JSON body") {
    EmulatorFixture f;
    const auto id = f.bot_channel("post");
    const json blocks = json::array({section("*hello*", "intro")});
    auto form = f.http().api("chat.postMessage",
                             {{"channel", id}, {"text", "hello"}, {"blocks", blocks.dump()}},
                             f.slack.options().bot_token);
    CHECK(form.json().at("ok") == true);
    auto as_json =
        f.http().api("chat.postMessage", {{"channel", id}, {"text", "again"}, {"blocks", blocks}},
                     f.slack.options().bot_token, true);
    CHECK(as_json.json().at("ok") == true);
    const auto messages = f.slack.messages(id);
    CHECK(messages.back().text == "again");
    CHECK(messages.back().blocks[0].at("block_id") == "intro");
    CHECK(messages.back().user == f.slack.bot_user_id());
    CHECK(f.slack.calls("chat.postMessage").front().args.at("blocks").is_array());
}

TEST_CASE("a JSON body without a charset gets Slack's missing_charset warning") {
    EmulatorFixture f;
    auto r = f.http().post("/api/auth.test", "{}", "application/json",
                           {{"Authorization", "Bearer " + f.slack.options().bot_token}});
    CHECK(r.json().at("warning") == "missing_charset");
    auto refused = f.http().post("/api/users.info", "{}", "application/json",
                                 {{"Authorization", "Bearer " + f.slack.options().bot_token}});
    CHECK(refused.json().at("error") == "user_not_found");
    CHECK(refused.json().at("response_metadata").at("warnings")[0] == "missing_charset");
}

TEST_CASE("message ts values look like Slack's and increase within a channel") {
    EmulatorFixture f;
    const auto id = f.bot_channel("ts");
    const auto a = post(f, id, "a");
    const auto b = post(f, id, "b");
    CHECK(a.size() == 17);
    CHECK(a.substr(0, 11) == "1700000000.");
    CHECK(std::stod(b) > std::stod(a));
    f.clock.advance(std::chrono::hours(1));
    CHECK(post(f, id, "c").substr(0, 10) == "1700003600");
}

TEST_CASE("chat.postMessage names each refusal the bot must handle") {
    EmulatorFixture f;
    const auto id = f.bot_channel("refusals");
    const auto general = f.slack.channel_by_name("general")->id;
    auto post_args = [&](json args) { return error_of(f.call("chat.postMessage", args)); };
    CHECK(post_args({{"channel", "C0NOWHERE0"}, {"text", "x"}}) == "channel_not_found");
    CHECK(post_args({{"channel", general}, {"text", "x"}}) == "not_in_channel");
    CHECK(post_args({{"channel", id}}) == "no_text");
    CHECK(post_args({{"channel", id}, {"text", std::string(40001, 'x')}}) == "msg_too_long");
    CHECK(post_args({{"channel", id}, {"text", std::string(40000, 'x')}}).empty());
    CHECK(post_args({{"channel", id}, {"text", "x"}, {"thread_ts", "1.000000"}}) ==
          "thread_not_found");
    CHECK(post_args({{"channel", id}, {"text", "x"}, {"thread_ts", "0"}}) == "invalid_thread_ts");
}

TEST_CASE("chat.postMessage posts to a channel given by name and into threads") {
    EmulatorFixture f;
    const auto id = f.bot_channel("by-name");
    CHECK(
        f.call("chat.postMessage", {{"channel", "#by-name"}, {"text", "x"}}).json().at("channel") ==
        id);
    const auto parent = post(f, id, "parent");
    auto reply =
        f.call("chat.postMessage", {{"channel", id}, {"text", "r"}, {"thread_ts", parent}});
    CHECK(reply.json().at("message").at("thread_ts") == parent);
    CHECK(f.slack.messages(id).back().thread_ts == parent);
}

TEST_CASE("Block Kit beyond Slack's limits is refused with invalid_blocks") {
    EmulatorFixture f;
    const auto id = f.bot_channel("blocks");
    auto try_blocks = [&](const json& blocks) {
        return f.call("chat.postMessage", {{"channel", id}, {"text", "t"}, {"blocks", blocks}});
    };
    json fifty = json::array(), fifty_one = json::array();
    for (int i = 0; i < 50; ++i) fifty.push_back(section("s"));
    fifty_one = fifty;
    fifty_one.push_back(section("s"));
    CHECK(error_of(try_blocks(fifty)).empty());
    CHECK(error_of(try_blocks(fifty_one)) == "invalid_blocks");
    CHECK(error_of(try_blocks(json::array({section(std::string(3001, 'x'))}))) == "invalid_blocks");
    CHECK(error_of(try_blocks(json::array({section(std::string(3000, 'x'))}))).empty());
    CHECK(error_of(try_blocks(json::array({section("a", "same"), section("b", "same")}))) ==
          "invalid_blocks");
    CHECK(error_of(try_blocks(json::array({{{"type", "carousel"}}}))) == "invalid_blocks");
    CHECK(error_of(try_blocks(json::array(
              {{{"type", "actions"}, {"elements", {{{"type", "slider"}}}}}}))) == "invalid_blocks");
    CHECK(error_of(try_blocks(json::array(
              {{{"type", "header"},
                {"text", {{"type", "plain_text"}, {"text", std::string(151, 'h')}}}}}))) ==
          "invalid_blocks");
    CHECK(error_of(try_blocks(json::array(
              {{{"type", "actions"}, {"elements", {button(std::string(76, 'b'), "a", "v")}}}}))) ==
          "invalid_blocks");
    CHECK(error_of(try_blocks(json::array(
              {{{"type", "actions"},
                {"elements", {button("x", "same", "1"), button("y", "same", "2")}}}}))) ==
          "invalid_blocks");
    CHECK(error_of(try_blocks(json::array(
              {{{"type", "actions"}, {"elements", {button("x", std::string(256, 'a'), "1")}}}}))) ==
          "invalid_blocks");
    CHECK(error_of(try_blocks("not blocks")) == "invalid_blocks_format");
    auto r = try_blocks(json::array({section(std::string(3001, 'x'))})).json();
    CHECK(r.at("response_metadata").at("messages")[0].get<std::string>().find("/blocks/0/text") !=
          std::string::npos);
}

TEST_CASE("Slack fills in a missing block_id and action_id") {
    EmulatorFixture f;
    const auto id = f.bot_channel("ids");
    json button_without_id = {{"type", "button"},
                              {"text", {{"type", "plain_text"}, {"text", "Go"}}}};
    json actions = {{"type", "actions"}, {"elements", json::array({button_without_id})}};
    auto r = f.call("chat.postMessage",
                    {{"channel", id}, {"text", "t"}, {"blocks", json::array({actions})}});
    REQUIRE_MESSAGE(r.json().at("ok") == true, r.body);
    const auto messages = f.slack.messages(id);
    const auto& block = messages.back().blocks[0];
    CHECK_FALSE(block.at("block_id").get<std::string>().empty());
    CHECK_FALSE(block.at("elements")[0].at("action_id").get<std::string>().empty());
}

TEST_CASE("chat.update edits the bot's own messages only") {
    EmulatorFixture f;
    const auto id = f.bot_channel("update", {f.alice});
    const auto ts = post(f, id, "before");
    auto r = f.call("chat.update", {{"channel", id}, {"ts", ts}, {"text", "after"}}).json();
    CHECK(r.at("ok") == true);
    CHECK(f.slack.messages(id).back().text == "after");
    CHECK(f.slack.messages(id).back().edited);
    CHECK(error_of(f.call("chat.update", {{"channel", id}, {"ts", "1.000001"}, {"text", "x"}})) ==
          "message_not_found");
    // The join message is Alice's, not the bot's.
    std::string alices;
    for (const auto& m : f.slack.messages(id))
        if (m.user == f.alice) alices = m.ts;
    REQUIRE_FALSE(alices.empty());
    CHECK(error_of(f.call("chat.update", {{"channel", id}, {"ts", alices}, {"text", "x"}})) ==
          "cant_update_message");
}

TEST_CASE("chat.postEphemeral reaches only a member of the channel") {
    EmulatorFixture f;
    const auto id = f.bot_channel("ephemeral", {f.alice});
    auto r = f.call("chat.postEphemeral", {{"channel", id}, {"user", f.alice}, {"text", "psst"}});
    CHECK(r.json().at("ok") == true);
    CHECK(r.json().contains("message_ts"));
    const auto seen = f.slack.ephemerals(f.alice);
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].text == "psst");
    CHECK(seen[0].source == "chat.postEphemeral");
    CHECK(
        error_of(f.call("chat.postEphemeral", {{"channel", id}, {"user", f.bob}, {"text", "x"}})) ==
        "user_not_in_channel");
    CHECK(error_of(f.call("chat.postEphemeral",
                          {{"channel", "C0NOWHERE0"}, {"user", f.bob}, {"text", "x"}})) ==
          "channel_not_found");
    CHECK(f.slack.ephemerals(f.bob).empty());
}

TEST_CASE("pins.add pins a message once and pins.list shows it") {
    EmulatorFixture f;
    const auto id = f.bot_channel("pins");
    const auto ts = post(f, id, "opening");
    CHECK(f.call("pins.add", {{"channel", id}, {"timestamp", ts}}).json().at("ok") == true);
    CHECK(error_of(f.call("pins.add", {{"channel", id}, {"timestamp", ts}})) == "already_pinned");
    CHECK(error_of(f.call("pins.add", {{"channel", id}, {"timestamp", "1.000001"}})) ==
          "message_not_found");
    auto list = f.call("pins.list", {{"channel", id}}).json();
    REQUIRE(list.at("items").size() == 1);
    CHECK(list.at("items")[0].at("message").at("ts") == ts);
    for (const auto& m : f.slack.messages(id))
        if (m.ts == ts) CHECK(m.pinned);
}

TEST_CASE("users.info finds people and users.list pages through them") {
    EmulatorFixture f;
    auto info = f.call("users.info", {{"user", f.alice}}).json();
    CHECK(info.at("user").at("name") == "alice");
    CHECK(info.at("user").at("real_name") == "Alice Example");
    CHECK(error_of(f.call("users.info", {{"user", "U0NOBODY00"}})) == "user_not_found");
    auto all = f.call("users.list").json();
    CHECK(all.at("members").size() == 3);  // the bot, alice, bob
    auto first = f.call("users.list", {{"limit", 2}}).json();
    CHECK(first.at("members").size() == 2);
    const auto cursor = first.at("response_metadata").at("next_cursor").get<std::string>();
    auto second = f.call("users.list", {{"limit", 2}, {"cursor", cursor}}).json();
    CHECK(second.at("members").size() == 1);
    CHECK(second.at("response_metadata").at("next_cursor") == "");
}

TEST_CASE("every call lands in the log with its arguments and answer") {
    EmulatorFixture f;
    f.call("auth.test");
    f.call("users.info", {{"user", "U0NOBODY00"}});
    const auto calls = f.slack.calls();
    REQUIRE(calls.size() == 2);
    CHECK(calls[1].method == "users.info");
    CHECK(calls[1].args.at("user") == "U0NOBODY00");
    CHECK(calls[1].http_status == 200);
    CHECK(calls[1].response.at("error") == "user_not_found");
    CHECK(calls[1].at == f.clock.now());
}

TEST_CASE("fields of the wrong JSON type are refused and the emulator keeps serving") {
    EmulatorFixture f;
    const auto id = f.bot_channel("types");
    auto r = f.call("chat.postMessage",
                    {{"channel", id}, {"text", "t"}, {"blocks", json::array({{{"type", 5}}})}});
    CHECK(error_of(r) == "invalid_blocks");
    auto bounds = f.call("conversations.history", {{"channel", id}, {"oldest", "not-a-ts"}});
    CHECK(error_of(bounds) == "invalid_ts_oldest");
    auto invalid_json =
        f.http().post("/api/auth.test", "{not json", "application/json; charset=utf-8",
                      {{"Authorization", "Bearer " + f.slack.options().bot_token}});
    CHECK(error_of(invalid_json) == "invalid_json");
    CHECK(f.call("auth.test").json().at("ok") == true);
}

TEST_CASE("chat.postMessage to a person's user id posts in the app's DM and answers its id") {
    EmulatorFixture f;
    auto r = f.call("chat.postMessage", {{"channel", f.alice}, {"text", "Post-mortem due"}}).json();
    REQUIRE(r.at("ok") == true);
    const auto dm = r.at("channel").get<std::string>();
    CHECK(dm.starts_with("D"));
    CHECK(dm != f.alice);
    CHECK(r.at("message").at("user") == f.slack.bot_user_id());
    CHECK(r.at("message").at("bot_id") == "B0EMULATED");

    const auto opened = f.slack.app_dm(f.alice);
    REQUIRE(opened);
    CHECK(opened->id == dm);
    CHECK(opened->is_im);
    CHECK(opened->user == f.alice);
    CHECK(opened->members == std::vector<std::string>{f.slack.bot_user_id(), f.alice});
    CHECK_FALSE(opened->archived);
    const auto messages = f.slack.messages(dm);
    REQUIRE(messages.size() == 1);  // no "has joined" notice in a DM
    CHECK(messages[0].text == "Post-mortem due");
    CHECK(messages[0].ts == r.at("ts"));
    CHECK_FALSE(f.slack.app_dm(f.bob));
}

TEST_CASE("the app's DM with a person is one conversation, by user id or by its own id") {
    EmulatorFixture f;
    const auto dm = post_dm(f, f.alice, "first");
    auto again = f.call("chat.postMessage", {{"channel", f.alice}, {"text", "second"}}).json();
    CHECK(again.at("channel") == dm);
    auto by_id = f.call("chat.postMessage", {{"channel", dm}, {"text", "third"}}).json();
    REQUIRE(by_id.at("ok") == true);
    CHECK(by_id.at("channel") == dm);
    CHECK(f.slack.messages(dm).size() == 3);

    const auto ts = by_id.at("ts").get<std::string>();
    auto edited = f.call("chat.update", {{"channel", dm}, {"ts", ts}, {"text", "third, edited"}});
    CHECK(edited.json().at("ok") == true);
    CHECK(f.slack.messages(dm).back().text == "third, edited");
    // chat.update wants the conversation: a user id is no channel there.
    CHECK(error_of(f.call("chat.update", {{"channel", f.alice}, {"ts", ts}, {"text", "x"}})) ==
          "channel_not_found");
    auto reply =
        f.call("chat.postMessage", {{"channel", dm}, {"text", "in thread"}, {"thread_ts", ts}});
    CHECK(reply.json().at("ok") == true);
}

TEST_CASE("the app's DM reads back through conversations.history and info as an im") {
    EmulatorFixture f;
    const auto dm = post_dm(f, f.alice, "first");
    post_dm(f, f.alice, "second");
    auto h = f.call("conversations.history", {{"channel", dm}}).json();
    REQUIRE(h.at("ok") == true);
    REQUIRE(h.at("messages").size() == 2);
    CHECK(h.at("messages")[0].at("text") == "second");
    CHECK(h.at("messages")[1].at("text") == "first");

    auto info = f.call("conversations.info", {{"channel", dm}}).json();
    REQUIRE(info.at("ok") == true);
    const auto& im = info.at("channel");
    CHECK(im.at("id") == dm);
    CHECK(im.at("is_im") == true);
    CHECK(im.at("user") == f.alice);
    CHECK(im.at("is_archived") == false);
    CHECK(im.at("is_user_deleted") == false);
    CHECK_FALSE(im.contains("name"));
}

TEST_CASE("the app's DMs stay out of conversations.list unless types asks for im") {
    EmulatorFixture f;
    const auto dm = post_dm(f, f.alice, "hello");
    const auto ids_listed = [&](const json& args) {
        const auto listed = f.call("conversations.list", args).json();
        std::vector<std::string> ids;
        for (const auto& c : listed.at("channels")) ids.push_back(c.at("id"));
        return ids;
    };
    const auto general = f.slack.channel_by_name("general")->id;
    CHECK(ids_listed(json::object()) == std::vector<std::string>{general});
    CHECK(ids_listed({{"types", "public_channel,private_channel"}}) ==
          std::vector<std::string>{general});
    CHECK(ids_listed({{"types", "im"}}) == std::vector<std::string>{dm});
    CHECK(ids_listed({{"types", "public_channel,im"}}) == std::vector<std::string>{general, dm});
    CHECK(error_of(f.call("conversations.list", {{"types", "dm"}})) == "invalid_types");

    // Nor is a DM a channel with a name, or among the workspace's channels.
    CHECK(error_of(f.call("chat.postMessage", {{"channel", "#"}, {"text", "x"}})) ==
          "channel_not_found");
    CHECK_FALSE(f.slack.channel_by_name(""));
    for (const auto& c : f.slack.channels()) CHECK(c.id != dm);
}

TEST_CASE("a user id nobody has is channel_not_found and a bot user is cannot_dm_bot") {
    EmulatorFixture f;
    CHECK(error_of(f.call("chat.postMessage", {{"channel", "U0NOBODY00"}, {"text", "x"}})) ==
          "channel_not_found");
    CHECK(error_of(f.call("chat.postMessage",
                          {{"channel", f.slack.bot_user_id()}, {"text", "x"}})) == "cannot_dm_bot");
    CHECK_FALSE(f.slack.app_dm(f.slack.bot_user_id()));
    // A refused message opens no DM.
    CHECK(error_of(f.call("chat.postMessage", {{"channel", f.alice}, {"text", ""}})) == "no_text");
    CHECK_FALSE(f.slack.app_dm(f.alice));
}

TEST_CASE("a deactivated person keeps the DM they had with the app and gets no new one") {
    EmulatorFixture f;
    const auto dm = post_dm(f, f.alice, "before");
    f.slack.deactivate_user(f.alice);
    auto after = f.call("chat.postMessage", {{"channel", f.alice}, {"text", "after"}}).json();
    CHECK(after.at("ok") == true);
    CHECK(after.at("channel") == dm);
    CHECK(f.call("conversations.info", {{"channel", dm}})
              .json()
              .at("channel")
              .at("is_user_deleted") == true);

    f.slack.deactivate_user(f.bob);
    CHECK(error_of(f.call("chat.postMessage", {{"channel", f.bob}, {"text", "x"}})) ==
          "channel_not_found");
    CHECK_FALSE(f.slack.app_dm(f.bob));
}

TEST_CASE("with the App Home's Messages tab off the app cannot write to people") {
    auto options = test::fast_emulator_options();
    options.messages_tab_enabled = false;
    EmulatorFixture f(options);
    CHECK(error_of(f.call("chat.postMessage", {{"channel", f.alice}, {"text", "x"}})) ==
          "messages_tab_disabled");
    CHECK_FALSE(f.slack.app_dm(f.alice));
}

TEST_CASE("a DM cannot be archived, joined or invited to") {
    EmulatorFixture f;
    const auto dm = post_dm(f, f.alice, "hello");
    for (const auto* method : {"conversations.archive", "conversations.join"})
        CHECK(error_of(f.call(method, {{"channel", dm}})) ==
              "method_not_supported_for_channel_type");
    CHECK(error_of(f.call("conversations.invite", {{"channel", dm}, {"users", f.bob}})) ==
          "method_not_supported_for_channel_type");
    CHECK_FALSE(f.slack.channel(dm)->archived);
}
