// The shapes of what the emulated Slack's read methods answer, and the edits
// chat.update makes, checked against the method reference pages
// (docs.slack.dev/reference/methods/…).
#include <doctest/doctest.h>

#include "tests/support/emulator_fixture.hpp"

using nlohmann::json;
using test::EmulatorFixture;

namespace {

std::string error_of(const test::HttpReply& r) {
    return r.json().value("error", std::string{});
}

std::string post(EmulatorFixture& f, const std::string& channel, const std::string& text) {
    return f.call("chat.postMessage", {{"channel", channel}, {"text", text}})
        .json()
        .at("ts")
        .get<std::string>();
}

std::vector<std::string> texts(const json& messages) {
    std::vector<std::string> out;
    for (const auto& m : messages) out.push_back(m.at("text"));
    return out;
}

}  // namespace

TEST_CASE("conversations.history pages newest first with has_more and a next_cursor") {
    EmulatorFixture f;
    const auto id = f.bot_channel("paged");
    for (const auto* t : {"m1", "m2", "m3", "m4", "m5"}) post(f, id, t);
    auto first = f.call("conversations.history", {{"channel", id}, {"limit", 2}}).json();
    CHECK(texts(first.at("messages")) == std::vector<std::string>{"m5", "m4"});
    CHECK(first.at("has_more") == true);
    const auto cursor = first.at("response_metadata").at("next_cursor").get<std::string>();
    REQUIRE_FALSE(cursor.empty());
    auto second =
        f.call("conversations.history", {{"channel", id}, {"limit", 2}, {"cursor", cursor}}).json();
    CHECK(texts(second.at("messages")) == std::vector<std::string>{"m3", "m2"});
    auto rest =
        f.call("conversations.history",
               {{"channel", id}, {"cursor", second.at("response_metadata").at("next_cursor")}})
            .json();
    // m1, then the bot's own "has joined the channel".
    CHECK(rest.at("messages").size() == 2);
    CHECK(rest.at("has_more") == false);
    CHECK(rest.at("response_metadata").at("next_cursor") == "");
    CHECK(error_of(f.call("conversations.history", {{"channel", id}, {"cursor", "bm9wZQ=="}})) ==
          "invalid_cursor");
}

TEST_CASE("conversations.history messages carry type, ts, user, bot_id and blocks") {
    EmulatorFixture f;
    const auto id = f.bot_channel("shapes", {f.alice});
    const json blocks =
        json::array({{{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", "*x*"}}}}});
    f.call("chat.postMessage", {{"channel", id}, {"text", "x"}, {"blocks", blocks}});
    auto h = f.call("conversations.history", {{"channel", id}, {"limit", 1}}).json();
    const auto& m = h.at("messages").at(0);
    CHECK(m.at("type") == "message");
    CHECK(m.at("user") == f.slack.bot_user_id());
    CHECK(m.at("bot_id").get<std::string>().rfind("B", 0) == 0);
    CHECK(m.at("blocks")[0].at("type") == "section");
    CHECK(m.at("ts").get<std::string>().size() == 17);
    CHECK(h.at("pin_count") == 0);
}

TEST_CASE("conversations.history keeps to oldest and latest, inclusive only when asked") {
    EmulatorFixture f;
    const auto id = f.bot_channel("bounds");
    const auto a = post(f, id, "a");
    const auto b = post(f, id, "b");
    const auto c = post(f, id, "c");
    auto between = [&](json extra) {
        json args = {{"channel", id}};
        for (auto& [k, v] : extra.items()) args[k] = v;
        return texts(f.call("conversations.history", args).json().at("messages"));
    };
    CHECK(between({{"oldest", a}, {"latest", c}}) == std::vector<std::string>{"b"});
    CHECK(between({{"oldest", a}, {"latest", c}, {"inclusive", true}}) ==
          std::vector<std::string>{"c", "b", "a"});
    CHECK(between({{"latest", b}, {"inclusive", true}, {"limit", 1}}) ==
          std::vector<std::string>{"b"});
    auto latest = f.call("conversations.history", {{"channel", id}, {"latest", c}}).json();
    CHECK(latest.at("latest") == c);
    CHECK(error_of(f.call("conversations.history", {{"channel", id}, {"latest", "soon"}})) ==
          "invalid_ts_latest");
    CHECK(error_of(f.call("conversations.history", {{"channel", id}, {"oldest", "1.2.3"}})) ==
          "invalid_ts_oldest");
    CHECK(f.call("conversations.history", {{"channel", id}, {"oldest", "0"}}).json().at("ok") ==
          true);
}

TEST_CASE("conversations.history with only oldest gives the messages closest to it, newest first") {
    EmulatorFixture f;
    const auto id = f.bot_channel("forward");
    const auto a = post(f, id, "a");
    for (const auto* t : {"b", "c", "d", "e"}) post(f, id, t);
    auto page =
        f.call("conversations.history", {{"channel", id}, {"oldest", a}, {"limit", 2}}).json();
    CHECK(texts(page.at("messages")) == std::vector<std::string>{"c", "b"});
    CHECK(page.at("has_more") == true);
    auto next = f.call("conversations.history",
                       {{"channel", id},
                        {"oldest", a},
                        {"limit", 2},
                        {"cursor", page.at("response_metadata").at("next_cursor")}})
                    .json();
    CHECK(texts(next.at("messages")) == std::vector<std::string>{"e", "d"});
    CHECK(next.at("has_more") == false);
}

TEST_CASE("conversations.history leaves thread replies out unless also sent to the channel") {
    EmulatorFixture f;
    const auto id = f.bot_channel("threads");
    const auto root = post(f, id, "root");
    f.call("chat.postMessage", {{"channel", id}, {"text", "in thread"}, {"thread_ts", root}});
    auto broadcast = f.call("chat.postMessage", {{"channel", id},
                                                 {"text", "also in channel"},
                                                 {"thread_ts", root},
                                                 {"reply_broadcast", true}})
                         .json();
    CHECK(broadcast.at("message").at("subtype") == "thread_broadcast");
    auto h =
        f.call("conversations.history", {{"channel", id}, {"oldest", root}, {"inclusive", true}})
            .json();
    CHECK(texts(h.at("messages")) == std::vector<std::string>{"also in channel", "root"});
    auto r = f.call("conversations.replies", {{"channel", id}, {"ts", root}}).json();
    CHECK(texts(r.at("messages")) ==
          std::vector<std::string>{"root", "in thread", "also in channel"});
}

TEST_CASE("conversations.list filters by types and exclude_archived and names bad types") {
    EmulatorFixture f;
    f.call("conversations.create", {{"name", "secret"}, {"is_private", true}});
    const auto old = f.bot_channel("old");
    f.call("conversations.archive", {{"channel", old}});
    f.slack.add_channel("public-only", {f.alice});
    // Someone else's private channel stays invisible to the bot.
    f.slack.add_channel("alice-private", {f.alice}, true);
    auto names = [&](json args) {
        std::vector<std::string> out;
        const auto listed = f.call("conversations.list", args).json();
        for (const auto& c : listed.at("channels")) out.push_back(c.at("name"));
        return out;
    };
    CHECK(names({}) == std::vector<std::string>{"general", "old", "public-only"});
    CHECK(names({{"exclude_archived", true}}) ==
          std::vector<std::string>{"general", "public-only"});
    CHECK(names({{"types", "private_channel"}}) == std::vector<std::string>{"secret"});
    CHECK(names({{"types", "public_channel,private_channel"}}).size() == 4);
    CHECK(names({{"types", "im,mpim"}}).empty());
    CHECK(error_of(f.call("conversations.list", {{"types", "channels"}})) == "invalid_types");
}

TEST_CASE("conversations.list takes a limit up to 1000 and pages with cursors") {
    EmulatorFixture f;
    for (int i = 0; i < 4; ++i) f.bot_channel("c" + std::to_string(i));
    CHECK(f.call("conversations.list", {{"limit", 1000}}).json().at("channels").size() == 5);
    CHECK(error_of(f.call("conversations.list", {{"limit", 1001}})) == "invalid_limit");
    CHECK(error_of(f.call("conversations.list", {{"limit", "many"}})) == "invalid_limit");
    std::size_t seen = 0;
    std::string cursor;
    int pages = 0;
    do {
        json args = {{"limit", 2}};
        if (!cursor.empty()) args["cursor"] = cursor;
        auto page = f.call("conversations.list", args).json();
        seen += page.at("channels").size();
        cursor = page.at("response_metadata").at("next_cursor");
    } while (!cursor.empty() && ++pages < 10);
    CHECK(seen == 5);
}

TEST_CASE("conversations.list channels carry name, creator, created, is_archived, is_member") {
    EmulatorFixture f;
    f.bot_channel("mine");
    const auto listed = f.call("conversations.list").json();
    for (const auto& c : listed.at("channels")) {
        CHECK(c.at("id").get<std::string>().rfind("C", 0) == 0);
        CHECK(c.at("created") == 1700000000);
        CHECK(c.at("is_archived") == false);
        if (c.at("name") == "mine") {
            CHECK(c.at("creator") == f.slack.bot_user_id());
            CHECK(c.at("is_member") == true);
        } else {
            CHECK(c.at("name") == "general");
            CHECK(c.at("creator") == f.alice);
            CHECK(c.at("is_member") == false);
        }
    }
}

TEST_CASE("users.list shows everyone, deactivated people with deleted:true, and pages") {
    EmulatorFixture f;
    f.slack.deactivate_user(f.bob);
    auto all = f.call("users.list").json();
    REQUIRE(all.at("members").size() == 3);
    for (const auto& m : all.at("members")) {
        CHECK(m.contains("real_name"));
        CHECK(m.at("profile").contains("display_name"));
        CHECK(m.at("deleted") == (m.at("id") == f.bob));
        CHECK(m.at("is_bot") == (m.at("id") == f.slack.bot_user_id()));
    }
    CHECK(all.at("members")[1].at("name") == "alice");
    CHECK(all.at("members")[1].at("real_name") == "Alice Example");
    CHECK(all.at("members")[1].at("profile").at("display_name") == "alice");
    CHECK(f.call("users.info", {{"user", f.bob}}).json().at("user").at("deleted") == true);
    std::vector<std::string> ids;
    std::string cursor;
    do {
        json args = {{"limit", 1}};
        if (!cursor.empty()) args["cursor"] = cursor;
        auto page = f.call("users.list", args).json();
        for (const auto& m : page.at("members")) ids.push_back(m.at("id"));
        cursor = page.at("response_metadata").at("next_cursor");
    } while (!cursor.empty() && ids.size() < 10);
    CHECK(ids == std::vector<std::string>{f.slack.bot_user_id(), f.alice, f.bob});
}

TEST_CASE("conversations.join cannot see a private channel and refuses an archived one") {
    EmulatorFixture f;
    const auto general = f.slack.channel_by_name("general")->id;
    auto joined = f.call("conversations.join", {{"channel", general}}).json();
    CHECK(joined.at("channel").at("is_member") == true);
    CHECK_FALSE(joined.contains("warning"));
    const auto old = f.bot_channel("gone");
    f.call("conversations.archive", {{"channel", old}});
    CHECK(error_of(f.call("conversations.join", {{"channel", old}})) == "is_archived");
    const auto hidden = f.slack.add_channel("hidden", {f.alice}, true);
    CHECK(error_of(f.call("conversations.join", {{"channel", hidden}})) == "channel_not_found");
    const auto own = f.call("conversations.create", {{"name", "own"}, {"is_private", true}})
                         .json()
                         .at("channel")
                         .at("id")
                         .get<std::string>();
    CHECK(f.call("conversations.join", {{"channel", own}}).json().at("warning") ==
          "already_in_channel");
    CHECK(error_of(f.call("conversations.join", {{"channel", ""}})) == "channel_not_found");
}

TEST_CASE("chat.update with new text alone drops the old blocks and shows as edited") {
    EmulatorFixture f;
    const auto id = f.bot_channel("edits");
    const json blocks =
        json::array({{{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", "*b*"}}}}});
    const auto ts = f.call("chat.postMessage", {{"channel", id}, {"text", "t"}, {"blocks", blocks}})
                        .json()
                        .at("ts")
                        .get<std::string>();
    f.clock.advance(std::chrono::seconds(5));
    auto text_only = f.call("chat.update", {{"channel", id}, {"ts", ts}, {"text", "plain"}}).json();
    REQUIRE(text_only.at("ok") == true);
    CHECK_FALSE(text_only.at("message").contains("blocks"));
    CHECK(text_only.at("message").at("edited").at("ts") != ts);
    CHECK(f.slack.messages(id).back().edited);

    auto with_blocks =
        f.call("chat.update", {{"channel", id}, {"ts", ts}, {"text", "t2"}, {"blocks", blocks}})
            .json();
    CHECK(with_blocks.at("message").at("blocks").size() == 1);
    CHECK_FALSE(with_blocks.at("message").contains("edited"));
    CHECK(error_of(f.call("chat.update", {{"channel", id}, {"ts", ts}})) == "no_text");
}

TEST_CASE("chat.update refuses a join notice even though the bot is its author") {
    EmulatorFixture f;
    const auto id = f.bot_channel("notices");
    const auto join = f.slack.messages(id).front();
    REQUIRE(join.subtype == "channel_join");
    REQUIRE(join.user == f.slack.bot_user_id());
    CHECK(error_of(f.call("chat.update", {{"channel", id}, {"ts", join.ts}, {"text", "x"}})) ==
          "cant_update_message");
}

TEST_CASE(
    "a private channel the app was removed from answers channel_not_found, a public one "
    "not_in_channel") {
    EmulatorFixture f;
    const auto bot = f.slack.bot_user_id();
    const auto secret = f.call("conversations.create", {{"name", "secret"}, {"is_private", true}})
                            .json()
                            .at("channel")
                            .at("id")
                            .get<std::string>();
    f.call("conversations.invite", {{"channel", secret}, {"users", f.alice}});
    const auto open = f.bot_channel("open");
    f.call("conversations.invite", {{"channel", open}, {"users", f.alice}});
    // conversations.kick's refusals.
    CHECK(f.slack.remove_from_channel(f.alice, secret, f.alice) == "cant_kick_self");
    CHECK(f.slack.remove_from_channel(f.alice, secret, "U0NOBODY") == "user_not_found");
    CHECK(f.slack.remove_from_channel(f.alice, "C0NOPE", bot) == "channel_not_found");
    REQUIRE(f.slack.remove_from_channel(f.alice, secret, bot).empty());
    REQUIRE(f.slack.remove_from_channel(f.alice, open, bot).empty());
    CHECK(f.slack.remove_from_channel(f.alice, open, bot) == "not_in_channel");
    // For the removed app, the private channel is as if it did not exist.
    CHECK(error_of(f.call("chat.postMessage", {{"channel", secret}, {"text", "hi"}})) ==
          "channel_not_found");
    CHECK(error_of(f.call("conversations.join", {{"channel", secret}})) == "channel_not_found");
    // A public one it can still see, and join again.
    CHECK(error_of(f.call("chat.postMessage", {{"channel", open}, {"text", "hi"}})) ==
          "not_in_channel");
    CHECK(f.call("conversations.join", {{"channel", open}}).json().at("ok") == true);
    CHECK(f.call("chat.postMessage", {{"channel", open}, {"text", "back"}}).json().at("ok") ==
          true);
}
