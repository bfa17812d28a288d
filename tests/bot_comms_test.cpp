// `/incident comms internal|external`: a draft from the runbooks' templates,
// shown to the caller with buttons that post it and record it.
#include <doctest/doctest.h>

#include "tests/support/bot_rig.hpp"

using namespace std::chrono_literals;
using test::BotRig;

namespace {

std::string dump(const std::optional<nlohmann::json>& payload) {
    return payload ? payload->dump() : std::string();
}

}  // namespace

TEST_CASE("an internal draft follows the runbook template and is shown only to the caller") {
    BotRig rig;
    rig.config.status_page_url = "https://status.example.com";
    rig.restart();
    const auto c = rig.declare("SEV1 Payment processing down");
    rig.command(rig.bob, c, "role ic me");
    rig.command(rig.bob, c, "update card payments failing in EU");
    const auto draft = dump(rig.command(rig.alice, c, "comms internal"));
    CHECK(draft.find("[SEV1] Production Incident - Payment processing down") != std::string::npos);
    CHECK(draft.find("card payments failing in EU") != std::string::npos);
    CHECK(draft.find("https://status.example.com") != std::string::npos);
    CHECK(draft.find("<@" + rig.bob + ">") != std::string::npos);
    CHECK(draft.find("every 15 min") != std::string::npos);
    CHECK(draft.find("Post here") != std::string::npos);
    // No announcement channel configured: no button for it.
    CHECK(draft.find("Post to the announcement channel") == std::string::npos);
    CHECK(rig.count(c, "Production Incident") == 0);
}

TEST_CASE("an external draft is a Service Disruption Notice, Post here posts and records it") {
    BotRig rig;
    const auto c = rig.declare("SEV2 Search is slow");
    const auto draft = dump(rig.command(rig.alice, c, "comms external"));
    CHECK(draft.find("Service Disruption Notice") != std::string::npos);
    CHECK(draft.find("Search is slow") != std::string::npos);

    const auto shown = rig.command(rig.alice, c, "comms external");
    REQUIRE(shown);
    const auto id =
        rig.slack.click_ephemeral_button(rig.alice, c, shown->at("blocks"), "Post here");
    REQUIRE_FALSE(id.empty());
    REQUIRE(rig.slack.wait_for_ack(id, 5s));
    rig.settle();
    CHECK(rig.count(c, "Service Disruption Notice") == 1);
    // The channel sees who sent it out; the draft did not say so.
    CHECK(rig.count(c, "Posted by <@" + rig.alice + ">") == 1);
    CHECK(dump(shown).find("Posted by") == std::string::npos);
    const auto timeline = dump(rig.command(rig.alice, c, "timeline"));
    CHECK(timeline.find("Stakeholder update") != std::string::npos);
    CHECK(timeline.find("external update posted in the incident channel") != std::string::npos);
}

TEST_CASE(
    "a draft is posted once however often it is clicked, and gives way to what became of it") {
    BotRig rig;
    const auto c = rig.declare("SEV2 Search is slow");
    const auto shown = rig.command(rig.alice, c, "comms external");
    REQUIRE(shown);
    const auto blocks = shown->at("blocks");
    // A double click: both clicks reach the bot before either answer.
    const auto first = rig.slack.click_ephemeral_button(rig.alice, c, blocks, "Post here");
    const auto second = rig.slack.click_ephemeral_button(rig.alice, c, blocks, "Post here");
    REQUIRE(rig.slack.wait_for_ack(first, 5s));
    REQUIRE(rig.slack.wait_for_ack(second, 5s));
    rig.settle();
    CHECK(rig.count(c, "Service Disruption Notice") == 1);
    // The draft (the ack's reply) now says it was posted (or, after the second click,
    // that it already was), with no button left.
    bool replaced = false;
    for (const auto& e : rig.slack.ephemerals(rig.alice))
        if (e.channel == c && e.source == "ack" &&
            test::payload_text(nlohmann::json{{"text", e.text}, {"blocks", e.blocks}})
                    .find("posted in the incident channel at") != std::string::npos) {
            replaced = true;
            CHECK(e.blocks.dump().find("Post here") == std::string::npos);
        }
    CHECK(replaced);

    // Something recorded since: the same kind of update can go out again.
    rig.command(rig.alice, c, "note search p95 back under 300 ms");
    const auto again = rig.command(rig.alice, c, "comms external");
    REQUIRE(again);
    const auto id =
        rig.slack.click_ephemeral_button(rig.alice, c, again->at("blocks"), "Post here");
    REQUIRE(rig.slack.wait_for_ack(id, 5s));
    rig.settle();
    CHECK(rig.count(c, "Service Disruption Notice") == 2);
}

TEST_CASE("with an announcement channel the draft can be posted in its thread") {
    BotRig rig;
    const auto announce = rig.slack.add_channel("incidents", {rig.alice});
    rig.config.announce_channel = "#incidents";
    rig.restart();
    const auto c = rig.declare("SEV1 Payment processing down");
    const auto shown = rig.command(rig.alice, c, "comms internal");
    REQUIRE(shown);
    const auto id = rig.slack.click_ephemeral_button(rig.alice, c, shown->at("blocks"),
                                                     "Post to the announcement channel");
    REQUIRE_FALSE(id.empty());
    REQUIRE(rig.slack.wait_for_ack(id, 5s));
    rig.settle();
    std::size_t found = 0;
    for (const auto& m : rig.slack.messages(announce))
        if (test::all_text(m).find("Production Incident") != std::string::npos) {
            ++found;
            // In the incident's thread and in the channel itself, where
            // conversations.history (what people scroll) shows it.
            CHECK_FALSE(m.thread_ts.empty());
            CHECK(m.subtype == "thread_broadcast");
        }
    CHECK(found == 1);
}

TEST_CASE("the drafts take the recorded impact, customers never see actions or revenue") {
    BotRig rig;
    const auto c = rig.declare("SEV1 Payment processing down");
    rig.command(rig.bob, c,
                "update status: card auths failing | impact: 30% of checkouts | actions: "
                "rolling back deploy 4711");
    auto internal = dump(rig.command(rig.alice, c, "comms internal"));
    auto external = dump(rig.command(rig.alice, c, "comms external"));
    // Before any `/incident impact`: the update's impact field.
    CHECK(internal.find("*Impact:* 30% of checkouts\\n") != std::string::npos);
    CHECK(internal.find("*Current status:* card auths failing") != std::string::npos);
    CHECK(external.find("*Affected services:* 30% of checkouts\\n") != std::string::npos);
    for (const auto* draft : {&internal, &external}) {
        // The update's fields, not its raw text ("status: … | impact: …").
        CHECK_MESSAGE(draft->find("status: card") == std::string::npos, *draft);
        CHECK_MESSAGE(draft->find("| impact:") == std::string::npos, *draft);
        CHECK(draft->find("rolling back") == std::string::npos);
    }

    rig.command(rig.bob, c, "impact users: 15000 | revenue: $45000 | checkout failing in the EU");
    internal = dump(rig.command(rig.alice, c, "comms internal"));
    external = dump(rig.command(rig.alice, c, "comms external"));
    CHECK(internal.find("*Impact:* 15,000 users · $45000 revenue · checkout failing in the EU") !=
          std::string::npos);
    CHECK(external.find("*Affected services:* checkout failing in the EU") != std::string::npos);
    CHECK(external.find("45000") == std::string::npos);
    CHECK(external.find("card auths failing") == std::string::npos);
}

TEST_CASE("comms without internal or external says what would work") {
    BotRig rig;
    const auto c = rig.declare();
    CHECK(dump(rig.command(rig.alice, c, "comms")).find("/incident comms internal") !=
          std::string::npos);
}

TEST_CASE("once mitigated, the drafts say so: customers read that it works again") {
    BotRig rig;
    const auto c = rig.declare("SEV2 Search is slow");
    CHECK(dump(rig.command(rig.alice, c, "comms external")).find("We are currently experiencing") !=
          std::string::npos);
    rig.advance(10min);
    rig.command(rig.alice, c, "mitigated scaled out the search cluster");
    const auto external = dump(rig.command(rig.alice, c, "comms external"));
    CHECK(external.find("We experienced a service disruption") != std::string::npos);
    CHECK(external.find("the service is working again and we are monitoring it") !=
          std::string::npos);
    CHECK(external.find("Estimated resolution") == std::string::npos);
    CHECK(dump(rig.command(rig.alice, c, "comms internal")).find("*Mitigated:* <!date^") !=
          std::string::npos);
}
