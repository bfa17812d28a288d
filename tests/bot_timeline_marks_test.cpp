// The timeline from the channel itself: a :pushpin: (TIMELINE_REACTION) on a
// message of an incident channel, or pinning it, puts the message on the
// timeline; taking the last mark away takes it off. Slack re-delivers
// events: each one takes effect once, also across a restart.
#include <doctest/doctest.h>

#include "bot/config.hpp"
#include "slack/payloads.hpp"
#include "storage/database.hpp"
#include "storage/incidents.hpp"
#include "storage/timeline.hpp"
#include "tests/support/bot_rig.hpp"

using namespace std::chrono_literals;
using nlohmann::json;
using test::BotRig;

namespace {

// The Message entries of the incident in `channel`, read from the bot's database.
std::vector<core::TimelineEvent> entries(BotRig& rig, const std::string& channel) {
    auto db = storage::Database::open(rig.config.db_path);
    REQUIRE(db);
    const auto incident = storage::Incidents(**db).by_channel(channel);
    REQUIRE(incident);
    std::vector<core::TimelineEvent> out;
    for (auto& e : storage::Timeline(**db).list(incident->id))
        if (e.kind == core::EventKind::Message) out.push_back(std::move(e));
    return out;
}

// Waits until the event was acked `acks` times, then for what it caused.
void heard(BotRig& rig, const std::optional<std::string>& event_id, std::size_t acks = 1) {
    REQUIRE(event_id);
    REQUIRE_FALSE(event_id->empty());
    REQUIRE(rig.slack.wait_for_event_acks(*event_id, acks, 5s));
    rig.settle();
}

std::string permalink(const std::string& channel, std::string ts) {
    std::erase(ts, '.');
    return "https://emulated.slack.com/archives/" + channel + "/p" + ts;
}

}  // namespace

TEST_CASE(
    "a :pushpin: puts a message on the timeline as it was said, the last one taken away removes "
    "it") {
    BotRig rig;
    const auto c = rig.declare();
    const auto said_at = rig.clock.now();
    const auto ts = rig.slack.post_as(
        rig.bob, c, "Rolled back deploy 4411 &amp; <@" + rig.carol + "> is watching the graphs");
    REQUIRE_FALSE(ts.empty());
    rig.advance(5min);

    heard(rig, rig.slack.react(rig.alice, c, ts, "pushpin"));
    auto found = entries(rig, c);
    REQUIRE(found.size() == 1);
    CHECK(found[0].actor == rig.bob);
    CHECK(found[0].text == "Rolled back deploy 4411 & @" + rig.carol + " is watching the graphs");
    CHECK(found[0].link == permalink(c, ts));
    // When it was said, not when it was marked: the post-mortem reads in order.
    CHECK(found[0].at >= said_at);
    CHECK(found[0].at < said_at + 1min);

    // It shows in `/incident timeline`, with its link.
    const auto reply = rig.command(rig.alice, c, "timeline");
    REQUIRE(reply);
    const auto shown = reply->dump();
    CHECK(shown.find("*Message* Rolled back deploy 4411") != std::string::npos);
    CHECK(shown.find("<" + permalink(c, ts) + "|(open)>") != std::string::npos);

    // A second person's pin-emoji is the same entry; another emoji is nothing.
    heard(rig, rig.slack.react(rig.bob, c, ts, "pushpin"));
    heard(rig, rig.slack.react(rig.alice, c, ts, "eyes"));
    CHECK(entries(rig, c).size() == 1);
    // The entry stays while anyone's mark does.
    heard(rig, rig.slack.react(rig.alice, c, ts, "pushpin", false));
    CHECK(entries(rig, c).size() == 1);
    heard(rig, rig.slack.react(rig.bob, c, ts, "pushpin", false));
    CHECK(entries(rig, c).empty());
}

TEST_CASE("a marked message's mentions read as the names the bot knows") {
    BotRig rig;
    const auto c = rig.declare();  // alice's command: her name came with it
    const auto ts = rig.slack.post_as(rig.bob, c, "<@" + rig.alice + "> restarted the primary");
    REQUIRE_FALSE(ts.empty());
    // Pinned (the text comes with the event) and marked (fetched): both ways.
    const auto ts2 = rig.slack.post_as(rig.bob, c, "thanks <@" + rig.alice + ">");
    REQUIRE_FALSE(ts2.empty());
    heard(rig, rig.slack.pin(rig.bob, c, ts));
    heard(rig, rig.slack.react(rig.bob, c, ts2, "pushpin"));
    const auto found = entries(rig, c);
    REQUIRE(found.size() == 2);
    CHECK(found[0].text == "@alice restarted the primary");
    CHECK(found[1].text == "thanks @alice");
}

TEST_CASE("a re-delivered event takes effect once, also after a restart") {
    BotRig rig;
    const auto c = rig.declare();
    const auto ts = rig.slack.post_as(rig.bob, c, "DNS resolver at 100% CPU");

    const auto added = rig.slack.react(rig.alice, c, ts, "pushpin");
    heard(rig, added);
    // Slack did not see the ack and sends the same event again.
    REQUIRE_FALSE(rig.slack.redeliver_event(*added).empty());
    heard(rig, added, 2);
    CHECK(entries(rig, c).size() == 1);

    heard(rig, rig.slack.react(rig.alice, c, ts, "pushpin", false));
    CHECK(entries(rig, c).empty());
    // A late re-delivery of the old "added", after a restart, must not bring it back.
    rig.restart();
    REQUIRE_FALSE(rig.slack.redeliver_event(*added).empty());
    heard(rig, added, 3);
    CHECK(entries(rig, c).empty());
    const auto envelopes = rig.slack.envelopes();
    int retries = 0;
    for (const auto& e : envelopes)
        if (e.value("type", "") == "events_api" && e.value("retry_attempt", 0) > 0) ++retries;
    CHECK(retries == 2);
}

TEST_CASE(
    "pinning a message puts it on the timeline, the bot's own pinned opening message does not") {
    BotRig rig;
    const auto c = rig.declare();
    rig.settle();
    // The bot pinned its opening message, and heard pin_added for it like every member.
    bool opening_pin_heard = false;
    for (const auto& e : rig.slack.envelopes())
        if (e.value("type", "") == "events_api" &&
            e["payload"]["event"].value("type", "") == "pin_added")
            opening_pin_heard = true;
    CHECK(opening_pin_heard);
    CHECK(entries(rig, c).empty());

    const auto ts = rig.slack.post_as(rig.carol, c, "Customer reports: checkout 500s since 09:02");
    heard(rig, rig.slack.pin(rig.bob, c, ts));
    auto found = entries(rig, c);
    REQUIRE(found.size() == 1);
    CHECK(found[0].actor == rig.carol);
    CHECK(found[0].text == "Customer reports: checkout 500s since 09:02");
    CHECK(found[0].link == permalink(c, ts));

    // Pinned and marked: unpinning keeps it while the reaction stays.
    heard(rig, rig.slack.react(rig.alice, c, ts, "pushpin"));
    CHECK(entries(rig, c).size() == 1);
    heard(rig, rig.slack.pin(rig.bob, c, ts, false));
    CHECK(entries(rig, c).size() == 1);
    heard(rig, rig.slack.react(rig.alice, c, ts, "pushpin", false));
    CHECK(entries(rig, c).empty());

    // The export carries it with its link.
    heard(rig, rig.slack.pin(rig.bob, c, ts));
    rig.command(rig.alice, c, "export json");
    const auto files = rig.slack.files();
    REQUIRE_FALSE(files.empty());
    CHECK(files.back().content.find("\"link\":\"" + permalink(c, ts) + "\"") != std::string::npos);
}

TEST_CASE(
    "TIMELINE_REACTION chooses the reaction, channels without an incident and odd events are "
    "ignored") {
    BotRig rig;
    rig.config.timeline_reaction = "memo";
    rig.restart();
    const auto c = rig.declare();
    const auto ts = rig.slack.post_as(rig.bob, c, "Failover to eu-west done");
    heard(rig, rig.slack.react(rig.alice, c, ts, "pushpin"));
    CHECK(entries(rig, c).empty());
    heard(rig, rig.slack.react(rig.alice, c, ts, "memo"));
    CHECK(entries(rig, c).size() == 1);

    // Not an incident channel (the bot is not in #ops, so Slack would not even
    // send this): acked, nothing stored.
    const auto chatter = rig.slack.post_as(rig.bob, rig.ops, "lunch?");
    CHECK(rig.slack.react(rig.alice, rig.ops, chatter, "memo") == std::string());
    heard(rig, rig.slack.send_event(
                   json{{"type", "reaction_added"},
                        {"user", rig.alice},
                        {"reaction", "memo"},
                        {"item_user", rig.bob},
                        {"item", {{"type", "message"}, {"channel", rig.ops}, {"ts", chatter}}}}));
    // Malformed or foreign events are acked and the bot carries on.
    for (const auto& event :
         {json{{"type", "reaction_added"},
               {"user", rig.alice},
               {"reaction", "memo"},
               {"item", {{"type", "file"}, {"file", "F1"}}}},
          json{{"type", "reaction_added"},
               {"user", rig.alice},
               {"reaction", "memo"},
               {"item", {{"type", "message"}, {"channel", c}, {"ts", "not-a-ts"}}}},
          json{{"type", "pin_added"}, {"user", rig.alice}, {"channel_id", c}, {"item", 42}},
          json{{"type", "app_mention"}, {"text", "hi"}}})
        heard(rig, rig.slack.send_event(event));
    CHECK(entries(rig, c).size() == 1);
    // Still answering.
    CHECK(rig.command(rig.alice, c, "status").has_value());
}

TEST_CASE("reaction and pin events parse into what the bot needs") {
    const json reaction = {
        {"type", "event_callback"},
        {"event_id", "Ev1"},
        {"event",
         {{"type", "reaction_added"},
          {"user", "U1"},
          {"reaction", "pushpin::skin-tone-3"},
          {"item_user", "U2"},
          {"item", {{"type", "message"}, {"channel", "C1"}, {"ts", "1795424400.000200"}}}}}};
    auto m = slack::parse_message_mark(reaction);
    REQUIRE(m);
    CHECK(m->added());
    CHECK_FALSE(m->pin());
    CHECK(m->reaction == "pushpin");
    CHECK(m->channel_id == "C1");
    CHECK(m->item_user == "U2");
    CHECK_FALSE(m->message);

    const json pin = {{"type", "event_callback"},
                      {"event_id", "Ev2"},
                      {"event",
                       {{"type", "pin_removed"},
                        {"user", "U1"},
                        {"channel_id", "C1"},
                        {"item",
                         {{"type", "message"},
                          {"channel", "C1"},
                          {"message",
                           {{"ts", "1795424400.000300"},
                            {"user", "U3"},
                            {"text", "hello"},
                            {"permalink", "https://x.slack.com/archives/C1/p1795424400000300"}}}}},
                        {"has_pins", false}}}};
    m = slack::parse_message_mark(pin);
    REQUIRE(m);
    CHECK_FALSE(m->added());
    CHECK(m->pin());
    REQUIRE(m->message);
    CHECK(m->message->user == "U3");
    CHECK(m->message->permalink.ends_with("p1795424400000300"));

    CHECK(slack::parse_message_mark(json{{"event", {{"type", "message"}}}}).error().code ==
          "ignored_event");
    CHECK_FALSE(slack::parse_message_mark(json::array()));
    CHECK(slack::time_of_ts("1795424400.000200") == core::from_unix_millis(1795424400000));
    CHECK(slack::time_of_ts("1795424400.123456") == core::from_unix_millis(1795424400123));
    CHECK(slack::time_of_ts("1795424400") == core::from_unix_seconds(1795424400));
    for (const char* bad : {"", ".", "12a.5", "-1.0", "1.", "1.1234567", "99999999999.0"})
        CHECK_FALSE(slack::time_of_ts(bad));
}

TEST_CASE("TIMELINE_REACTION accepts an emoji name, with or without colons") {
    const auto load = [](const std::string& value) {
        bot::Env env;
        env.set("TIMELINE_REACTION", value);
        return bot::load_config(env, bot::Mode::Sandbox);
    };
    CHECK(load(":memo:")->timeline_reaction == "memo");
    CHECK(load("white_check_mark")->timeline_reaction == "white_check_mark");
    CHECK(load("+1")->timeline_reaction == "+1");
    for (const char* bad : {"", "::", "Pushpin", "push pin", ":a:b:"}) {
        const auto c = load(bad);
        REQUIRE_FALSE(c);
        CHECK(c.error().message.find("TIMELINE_REACTION") != std::string::npos);
    }
}
