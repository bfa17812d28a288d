// Socket Mode as Slack runs it: one-use tickets, hello first, envelopes with
// 3-second (here: shortened) ack deadlines, re-delivered events, disconnect
// messages, pings and abrupt drops.
#include <doctest/doctest.h>

#include "tests/support/emulator_fixture.hpp"

using nlohmann::json;
using namespace std::chrono_literals;
using test::EmulatorFixture;

TEST_CASE("a new socket receives hello first with the connection details") {
    EmulatorFixture f;
    test::WsTestClient ws;
    REQUIRE(ws.connect(f.socket_url()) == 101);
    auto hello = ws.read_json(2s);
    REQUIRE(hello);
    CHECK(hello->at("type") == "hello");
    CHECK(hello->at("num_connections") == 1);
    CHECK(hello->at("debug_info").at("approximate_connection_time") == 18060);
    CHECK(hello->at("connection_info").at("app_id") == "A0EMULATED");
    CHECK(f.slack.wait_until([&] { return f.slack.open_connections() == 1; }, 1s));
}

TEST_CASE("a ticket works once and a reused or unknown ticket is refused at the upgrade") {
    EmulatorFixture f;
    const auto url = f.socket_url();
    test::WsTestClient first, second, unknown;
    CHECK(first.connect(url) == 101);
    const int reused = second.connect(url);
    CHECK(reused >= 400);
    CHECK(reused < 500);
    const auto bogus = url.substr(0, url.find("ticket=") + 7) + "not-a-ticket";
    CHECK(unknown.connect(bogus) >= 400);
}

TEST_CASE("a ticket expires after its time to live on the workspace clock") {
    EmulatorFixture f;
    const auto url = f.socket_url();
    f.clock.advance(31s);
    test::WsTestClient ws;
    CHECK(ws.connect(url) == 401);
}

TEST_CASE("a slash command arrives as Slack's envelope and its ack is tracked") {
    EmulatorFixture f;
    auto ws = f.connect();
    const auto general = f.slack.channel_by_name("general")->id;
    const auto id = f.slack.send_slash_command(f.alice, general, "SEV1 Payments &amp; cards down");
    auto envelope = ws->read_type("slash_commands", 2s);
    REQUIRE(envelope);
    CHECK(envelope->at("envelope_id") == id);
    CHECK(envelope->at("accepts_response_payload") == true);
    const auto& p = envelope->at("payload");
    CHECK(p.at("command") == "/incident");
    CHECK(p.at("text") == "SEV1 Payments &amp; cards down");
    CHECK(p.at("user_id") == f.alice);
    CHECK(p.at("user_name") == "alice");
    CHECK(p.at("channel_id") == general);
    CHECK(p.at("channel_name") == "general");
    CHECK(p.at("team_id") == "T0EMULATED");
    CHECK(p.at("api_app_id") == "A0EMULATED");
    CHECK(p.at("response_url").get<std::string>().find("/commands/T0EMULATED/") !=
          std::string::npos);
    CHECK_FALSE(p.at("trigger_id").get<std::string>().empty());

    REQUIRE(ws->ack(id, json{{"text", "Declaring…"}}));
    auto ack = f.slack.wait_for_ack(id, 2s);
    REQUIRE(ack);
    CHECK(ack->type == "slash_commands");
    CHECK(ack->payload->at("text") == "Declaring…");
    CHECK(ack->latency > 0ns);
    CHECK_FALSE(ack->late);
    const auto replies = f.slack.ephemerals(f.alice);
    REQUIRE(replies.size() == 1);
    CHECK(replies[0].source == "ack");
    CHECK(replies[0].text == "Declaring…");
}

TEST_CASE("an in_channel ack payload is posted in the channel") {
    EmulatorFixture f;
    auto ws = f.connect();
    const auto general = f.slack.channel_by_name("general")->id;
    const auto id = f.slack.send_slash_command(f.alice, general, "list");
    REQUIRE(ws->read_type("slash_commands", 2s));
    ws->ack(id, json{{"response_type", "in_channel"}, {"text", "Open incidents: none"}});
    REQUIRE(f.slack.wait_for_ack(id, 2s));
    CHECK(f.slack.messages(general).back().text == "Open incidents: none");
    CHECK(f.slack.ephemerals().empty());
}

TEST_CASE("a slash command not acked in time fails with operation_timeout and is not re-sent") {
    EmulatorFixture f;
    auto ws = f.connect();
    const auto general = f.slack.channel_by_name("general")->id;
    const auto id = f.slack.send_slash_command(f.alice, general, "help");
    REQUIRE(ws->read_type("slash_commands", 2s));
    CHECK(f.slack.wait_until([&] { return !f.slack.failures().empty(); }, 2s));
    CHECK(f.slack.failures()[0].error == "operation_timeout");
    CHECK(f.slack.failures()[0].envelope_id == id);
    CHECK_FALSE(ws->read_type("slash_commands", 400ms));
    // A late ack is recorded as late, and its reply is not shown.
    ws->ack(id, json{{"text", "too late"}});
    auto ack = f.slack.wait_for_ack(id, 2s);
    REQUIRE(ack);
    CHECK(ack->late);
    CHECK(f.slack.ephemerals().empty());
}

TEST_CASE("a slash command with no connection open fails with dispatch_failed") {
    EmulatorFixture f;
    const auto general = f.slack.channel_by_name("general")->id;
    const auto id = f.slack.send_slash_command(f.alice, general, "help");
    REQUIRE(f.slack.failures().size() == 1);
    CHECK(f.slack.failures()[0].envelope_id == id);
    CHECK(f.slack.failures()[0].error == "dispatch_failed");
    CHECK_FALSE(f.slack.wait_for_ack(id, 10ms));
}

TEST_CASE("an unacked event is re-delivered with a new envelope id and the same event id") {
    EmulatorFixture f;
    auto ws = f.connect();
    const auto event_id = f.slack.send_event({{"type", "app_mention"}, {"text", "hi"}});
    CHECK(event_id.rfind("Ev", 0) == 0);
    std::vector<json> seen;
    for (int i = 0; i < 4; ++i) {
        auto e = ws->read_type("events_api", 2s);
        REQUIRE(e);
        seen.push_back(*e);
    }
    for (int i = 0; i < 4; ++i) {
        CHECK(seen[i].at("payload").at("event_id") == event_id);
        CHECK(seen[i].at("payload").at("type") == "event_callback");
        CHECK(seen[i].at("retry_attempt") == i);
        CHECK(seen[i].at("retry_reason") == (i == 0 ? "" : "timeout"));
    }
    CHECK(seen[0].at("envelope_id") != seen[1].at("envelope_id"));
    // Three re-deliveries and no more.
    CHECK_FALSE(ws->read_type("events_api", 400ms));
    CHECK(f.slack.failures().back().error == "not_acked");
}

TEST_CASE("an acked event is not re-delivered") {
    EmulatorFixture f;
    auto ws = f.connect();
    f.slack.send_event({{"type", "app_mention"}});
    auto e = ws->read_type("events_api", 2s);
    REQUIRE(e);
    ws->ack(e->at("envelope_id"));
    CHECK_FALSE(ws->read_type("events_api", 400ms));
    CHECK(f.slack.acks().size() == 1);
    CHECK(f.slack.acks()[0].type == "events_api");
}

TEST_CASE("an event is re-delivered on another connection when the first one is gone") {
    EmulatorFixture f;
    auto first = f.connect();
    f.slack.send_event({{"type", "app_mention"}});
    REQUIRE(first->read_type("events_api", 2s));
    auto second = f.connect();
    first->close();
    CHECK(f.slack.wait_until([&] { return f.slack.open_connections() == 1; }, 2s));
    auto again = second->read_type("events_api", 2s);
    REQUIRE(again);
    CHECK(again->at("retry_attempt") == 1);
}

TEST_CASE("an event sent while no connection is open arrives after the next hello") {
    EmulatorFixture f;
    const auto event_id = f.slack.send_event({{"type", "app_mention"}});
    auto ws = f.connect();
    auto e = ws->read_type("events_api", 2s);
    REQUIRE(e);
    CHECK(e->at("payload").at("event_id") == event_id);
}

TEST_CASE("envelopes are spread over several open connections") {
    EmulatorFixture f;
    auto a = f.connect();
    auto b = f.connect();
    CHECK(f.slack.open_connections() == 2);
    const auto general = f.slack.channel_by_name("general")->id;
    for (int i = 0; i < 4; ++i) f.slack.send_slash_command(f.alice, general, "help");
    int on_a = 0, on_b = 0;
    while (a->read_type("slash_commands", 200ms)) ++on_a;
    while (b->read_type("slash_commands", 200ms)) ++on_b;
    CHECK(on_a == 2);
    CHECK(on_b == 2);
}

TEST_CASE("one connection more than the limit is told too_many_websockets") {
    auto options = test::fast_emulator_options();
    options.max_connections = 1;
    EmulatorFixture f{options};
    auto first = f.connect();
    test::WsTestClient extra;
    REQUIRE(extra.connect(f.socket_url()) == 101);
    auto frame = extra.read_json(2s);
    REQUIRE(frame);
    CHECK(frame->at("type") == "disconnect");
    CHECK(frame->at("reason") == "too_many_websockets");
    CHECK(extra.wait_closed(2s));
    CHECK(f.slack.open_connections() == 1);
}

TEST_CASE("a disconnect message reaches every connection and Slack then closes it") {
    EmulatorFixture f;
    auto ws = f.connect();
    f.slack.send_disconnect("refresh_requested");
    auto frame = ws->read_type("disconnect", 2s);
    REQUIRE(frame);
    CHECK(frame->at("reason") == "refresh_requested");
    CHECK(ws->wait_closed(2s));
    CHECK(ws->got_close_frame());
    CHECK(f.slack.wait_until([&] { return f.slack.open_connections() == 0; }, 2s));
}

TEST_CASE("link_disabled and warning are sent as Slack words them") {
    EmulatorFixture f;
    auto ws = f.connect();
    f.slack.send_disconnect("warning");
    CHECK(ws->read_type("disconnect", 2s)->at("reason") == "warning");
    auto other = f.connect();
    f.slack.send_disconnect("link_disabled");
    CHECK(other->read_type("disconnect", 2s)->at("reason") == "link_disabled");
    CHECK(other->wait_closed(2s));
}

TEST_CASE("an abrupt drop closes the TCP connection without a close frame") {
    EmulatorFixture f;
    auto ws = f.connect();
    f.slack.drop_connections();
    CHECK(ws->wait_closed(2s));
    CHECK_FALSE(ws->got_close_frame());
    CHECK(f.slack.wait_until([&] { return f.slack.open_connections() == 0; }, 2s));
    // A fresh connection works afterwards.
    CHECK_NOTHROW(f.connect());
    CHECK(f.slack.connections_opened() == 2);
}

TEST_CASE("the server pings periodically and answers the client's pings") {
    EmulatorFixture f;
    auto ws = f.connect();
    CHECK(ws->ping(1s));
    ws->read_json(350ms);  // keeps the client running while pings arrive
    CHECK(ws->pings_received() >= 2);
}

TEST_CASE("a silenced connection stops answering pings but still looks open") {
    EmulatorFixture f;
    auto ws = f.connect();
    f.slack.silence_connections();
    std::this_thread::sleep_for(50ms);
    CHECK_FALSE(ws->ping(300ms));
    CHECK(f.slack.open_connections() == 1);
}

TEST_CASE("raw frames reach the client and junk from the client is ignored") {
    EmulatorFixture f;
    auto ws = f.connect();
    f.slack.send_raw_frame("{\"type\":\"something_new\"}");
    auto frame = ws->read_json(2s);
    REQUIRE(frame);
    CHECK(frame->at("type") == "something_new");
    ws->send_text("not json at all");
    ws->send_text("{\"envelope_id\":\"never-sent\"}");
    const auto general = f.slack.channel_by_name("general")->id;
    const auto id = f.slack.send_slash_command(f.alice, general, "help");
    REQUIRE(ws->read_type("slash_commands", 2s));
    ws->ack(id);
    CHECK(f.slack.wait_for_ack(id, 2s));
    CHECK(f.slack.acks().size() == 1);
}
