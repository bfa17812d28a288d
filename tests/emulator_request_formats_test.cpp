// How the emulated Slack reads a Web API request, following Slack's rules
// (docs.slack.dev/apis/web-api): query strings and form bodies for every
// method, JSON bodies only for the methods on Slack's "methods supporting
// JSON" list, tokens only from the Authorization header or a form body.
#include <doctest/doctest.h>

#include "tests/support/emulator_fixture.hpp"

using nlohmann::json;
using test::EmulatorFixture;

namespace {

std::string error_of(const test::HttpReply& r) {
    return r.json().value("error", std::string{});
}

std::map<std::string, std::string> bearer(const std::string& token) {
    return {{"Authorization", "Bearer " + token}};
}

test::HttpReply as_json(EmulatorFixture& f, const std::string& method, const json& args) {
    return f.http().api(method, args, f.slack.options().bot_token, true);
}

}  // namespace

TEST_CASE("a JSON body on users.info is not read, so the user is not found as on Slack") {
    EmulatorFixture f;
    CHECK(error_of(as_json(f, "users.info", {{"user", f.alice}})) == "user_not_found");
    CHECK(f.slack.calls("users.info").back().args == json::object());
    CHECK(f.call("users.info", {{"user", f.alice}}).json().at("ok") == true);
}

TEST_CASE("a JSON body on conversations.info is not read, so the channel is not found") {
    EmulatorFixture f;
    const auto general = f.slack.channel_by_name("general")->id;
    CHECK(error_of(as_json(f, "conversations.info", {{"channel", general}})) ==
          "channel_not_found");
    CHECK(f.call("conversations.info", {{"channel", general}}).json().at("ok") == true);
}

TEST_CASE("a JSON body on users.list and conversations.list is not read, so limit is ignored") {
    EmulatorFixture f;
    f.bot_channel("second");
    auto users = as_json(f, "users.list", {{"limit", 1}}).json();
    CHECK(users.at("members").size() == 3);  // everyone: the limit was never seen
    CHECK(f.call("users.list", {{"limit", 1}}).json().at("members").size() == 1);
    auto channels = as_json(f, "conversations.list", {{"limit", 1}}).json();
    CHECK(channels.at("channels").size() == 2);
    CHECK(f.call("conversations.list", {{"limit", 1}}).json().at("channels").size() == 1);
    auto members =
        as_json(f, "conversations.members", {{"channel", f.slack.channel_by_name("general")->id}});
    CHECK(error_of(members) == "channel_not_found");
}

TEST_CASE("read methods take their arguments from the query string") {
    EmulatorFixture f;
    auto client = f.http();
    const auto token = f.slack.options().bot_token;
    auto info = client.request("GET", "/api/users.info?user=" + f.alice, "", bearer(token));
    CHECK(info.json().at("user").at("name") == "alice");
    // A JSON body the method does not read leaves the query string in force.
    auto with_body =
        client.post("/api/users.info?user=" + f.alice, json{{"user", "U0NOBODY"}}.dump(),
                    "application/json; charset=utf-8", bearer(token));
    CHECK(with_body.json().at("user").at("id") == f.alice);
    const auto general = f.slack.channel_by_name("general")->id;
    auto list = client.request("GET", "/api/conversations.list?limit=1&types=public_channel", "",
                               bearer(token));
    CHECK(list.json().at("channels").size() == 1);
    auto members =
        client.request("GET", "/api/conversations.members?channel=" + general, "", bearer(token));
    CHECK(members.json().at("members").size() == 2);
}

TEST_CASE("conversations.history reads a JSON body, being on Slack's list of JSON methods") {
    EmulatorFixture f;
    const auto id = f.bot_channel("json-history");
    f.call("chat.postMessage", {{"channel", id}, {"text", "one"}});
    auto h = as_json(f, "conversations.history", {{"channel", id}, {"limit", 1}}).json();
    REQUIRE(h.at("ok") == true);
    CHECK(h.at("messages").size() == 1);
    CHECK(h.at("has_more") == true);
}

TEST_CASE("write methods take JSON bodies and forms with blocks and views JSON-encoded inside") {
    EmulatorFixture f;
    auto ws = f.connect();
    const auto id = f.bot_channel("writes", {f.alice});
    const json blocks =
        json::array({{{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", "*hi*"}}}}});
    auto posted =
        as_json(f, "chat.postMessage", {{"channel", id}, {"text", "t"}, {"blocks", blocks}});
    REQUIRE(posted.json().at("ok") == true);
    const auto ts = posted.json().at("ts").get<std::string>();
    auto updated = f.call("chat.update",
                          {{"channel", id}, {"ts", ts}, {"text", "u"}, {"blocks", blocks.dump()}});
    CHECK(updated.json().at("ok") == true);
    CHECK(f.slack.messages(id).back().blocks.is_array());
    auto ephemeral =
        f.call("chat.postEphemeral",
               {{"channel", id}, {"user", f.alice}, {"text", "e"}, {"blocks", blocks.dump()}});
    CHECK(ephemeral.json().at("ok") == true);
    CHECK(as_json(f, "pins.add", {{"channel", id}, {"timestamp", ts}}).json().at("ok") == true);
    CHECK(as_json(f, "conversations.setTopic", {{"channel", id}, {"topic", "t"}}).json().at("ok") ==
          true);

    f.slack.send_slash_command(f.alice, id, "declare");
    auto envelope = ws->read_type("slash_commands", std::chrono::seconds(2));
    REQUIRE(envelope);
    const json view = {{"type", "modal"},
                       {"title", {{"type", "plain_text"}, {"text", "Declare"}}},
                       {"blocks", json::array()}};
    auto opened = f.call("views.open", {{"trigger_id", envelope->at("payload").at("trigger_id")},
                                        {"view", view.dump()}});
    CHECK(opened.json().at("ok") == true);
}

TEST_CASE("multipart/form-data fields are read like a form") {
    EmulatorFixture f;
    const auto id = f.bot_channel("multipart");
    const std::string body =
        "--XyZ\r\nContent-Disposition: form-data; name=\"channel\"\r\n\r\n" + id +
        "\r\n--XyZ\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nfrom a form\r\n"
        "--XyZ--\r\n";
    auto r = f.http().post("/api/chat.postMessage", body, "multipart/form-data; boundary=XyZ",
                           bearer(f.slack.options().bot_token));
    CHECK(r.json().at("ok") == true);
    CHECK(f.slack.messages(id).back().text == "from a form");
}

TEST_CASE("a token in the query string is not read, as Slack accepts none there") {
    EmulatorFixture f;
    auto r = f.http().get("/api/auth.test?token=" + f.slack.options().bot_token);
    CHECK(error_of(r) == "not_authed");
    CHECK_FALSE(f.slack.calls("auth.test").front().args.contains("token"));
}

TEST_CASE("a token inside a JSON body is not a credential: JSON needs the Authorization header") {
    EmulatorFixture f;
    auto r = f.http().post("/api/auth.test", json{{"token", f.slack.options().bot_token}}.dump(),
                           "application/json; charset=utf-8");
    CHECK(error_of(r) == "not_authed");
}

TEST_CASE("apps.connections.open takes the app token from the Authorization header only") {
    EmulatorFixture f;
    auto r = f.http().post("/api/apps.connections.open", "token=" + f.slack.options().app_token);
    CHECK(error_of(r) == "not_authed");
    CHECK_NOTHROW(f.socket_url());
}

TEST_CASE("broken JSON is invalid_json and JSON that is not an object is json_not_object") {
    EmulatorFixture f;
    const auto headers = bearer(f.slack.options().bot_token);
    auto broken =
        f.http().post("/api/chat.postMessage", "{nope", "application/json; charset=utf-8", headers);
    CHECK(error_of(broken) == "invalid_json");
    auto array =
        f.http().post("/api/chat.postMessage", "[1,2]", "application/json; charset=utf-8", headers);
    CHECK(error_of(array) == "json_not_object");
}

TEST_CASE("a body without a Content-Type is missing_post_type, an unknown one invalid_post_type") {
    EmulatorFixture f;
    const auto headers = bearer(f.slack.options().bot_token);
    auto untyped = f.http().request("POST", "/api/auth.test", "a=b", headers);
    CHECK(error_of(untyped) == "missing_post_type");
    auto xml = f.http().post("/api/auth.test", "<a/>", "application/xml", headers);
    CHECK(error_of(xml) == "invalid_post_type");
}

TEST_CASE("a JSON body's arguments are not mixed with query-string ones") {
    EmulatorFixture f;
    const auto id = f.bot_channel("no-mixing");
    auto r = f.http().post("/api/chat.postMessage?channel=" + id, json{{"text", "x"}}.dump(),
                           "application/json; charset=utf-8", bearer(f.slack.options().bot_token));
    CHECK(error_of(r) == "channel_not_found");
    for (const auto& m : f.slack.messages(id)) CHECK(m.text != "x");
}

TEST_CASE("charset warnings follow the content type and join other warnings with a comma") {
    EmulatorFixture f;
    const auto headers = bearer(f.slack.options().bot_token);
    const auto general = f.slack.channel_by_name("general")->id;
    const auto body = json{{"channel", general}}.dump();
    CHECK(f.http()
              .post("/api/conversations.join", body, "application/json", headers)
              .json()
              .at("ok") == true);
    auto again = f.http().post("/api/conversations.join", body, "application/json", headers).json();
    CHECK(again.at("warning") == "already_in_channel,missing_charset");
    CHECK(again.at("response_metadata").at("warnings") ==
          json::array({"already_in_channel", "missing_charset"}));
    auto form = f.http().post("/api/auth.test", "",
                              "application/x-www-form-urlencoded; charset=utf-8", headers);
    CHECK(form.json().at("warning") == "superfluous_charset");
    auto plain = f.http().post("/api/auth.test", "", "application/x-www-form-urlencoded", headers);
    CHECK_FALSE(plain.json().contains("warning"));
}
