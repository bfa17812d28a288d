// The real incident-bot binary against the emulated Slack: every /incident
// subcommand, the role buttons and picker, and the errors a person can make,
// as a person in Slack would see them.
#include <doctest/doctest.h>

#include <algorithm>
#include <future>
#include <thread>

#include "storage/database.hpp"
#include "tests/support/http_test_client.hpp"
#include "tests/support/message_text.hpp"
#include "tests/support/slack_world.hpp"

using namespace std::chrono_literals;
using test::SlackWorld;

using test::contains;
using test::payload_text;

namespace {

bool any_contains(const std::vector<std::string>& texts, const std::string& needle) {
    return std::any_of(texts.begin(), texts.end(),
                       [&](const std::string& t) { return contains(t, needle); });
}

// A declared incident and its channel, once the bot has set it up.
struct Declared {
    emulator::Channel channel;
    emulator::Message opening;
};

Declared declare(SlackWorld& w, const std::string& text, const std::string& channel_name) {
    w.command_acked(w.alice, w.ops, text);
    const auto channel = w.channel_named(channel_name);
    REQUIRE_MESSAGE(channel, "no #" << channel_name << "; bot log:\n" << w.bot_log());
    REQUIRE(w.eventually([&] {
        const auto messages = w.bot_messages(channel->id);
        return !messages.empty() && messages.front().pinned;
    }));
    return {*channel, w.bot_messages(channel->id).front()};
}

emulator::Message opening_now(SlackWorld& w, const Declared& d) {
    for (const auto& m : w.slack.messages(d.channel.id))
        if (m.ts == d.opening.ts) return m;
    FAIL("the opening message is gone");
    return {};
}

// Waits until the bot has posted a message containing `needle` in the channel.
bool posted(SlackWorld& w, const std::string& channel, const std::string& needle) {
    return w.eventually([&] {
        const auto messages = w.bot_messages(channel);
        return std::any_of(messages.begin(), messages.end(), [&](const emulator::Message& m) {
            return contains(test::all_text(m), needle);
        });
    });
}

}  // namespace

TEST_CASE("the seed example opens incident-<today>-payment-processing-down with everything in it") {
    SlackWorld w;
    w.start_bot();
    const auto ack = w.command_acked(w.alice, w.ops, "SEV1 Payment processing down");
    CHECK(contains(payload_text(ack), "INC-"));
    CHECK(ack->value("response_type", "") == "ephemeral");

    const auto name = "incident-" + SlackWorld::today() + "-payment-processing-down";
    const auto channel = w.channel_named(name);
    REQUIRE_MESSAGE(channel, "bot log:\n" << w.bot_log());
    CHECK(w.eventually([&] {
        const auto members = w.slack.channel(channel->id)->members;
        return std::count(members.begin(), members.end(), w.alice) == 1;
    }));

    // Opening message: pinned, Block Kit, title, severity, declarer, role buttons.
    REQUIRE(w.eventually([&] {
        const auto m = w.bot_messages(channel->id);
        return !m.empty() && m.front().pinned;
    }));
    const auto opening = w.bot_messages(channel->id).front();
    const auto text = test::all_text(opening);
    CHECK(contains(text, "Payment processing down"));
    CHECK(contains(text, "SEV1"));
    CHECK(contains(text, "<@" + w.alice + ">"));
    for (const auto* label :
         {"I'll be IC", "I'll be Tech Lead", "I'll be Comms Lead", "I'll be Scribe"})
        CHECK_MESSAGE(contains(text, label), label);
    CHECK_FALSE(opening.text.empty());

    // Topic, and the declarer's ephemeral link to the channel.
    REQUIRE(w.eventually([&] { return contains(w.slack.channel(channel->id)->topic, "SEV1"); }));
    REQUIRE(w.eventually(
        [&] { return any_contains(w.ephemeral_texts(w.alice), "<#" + channel->id + ">"); }));
    CHECK(w.slack.failures().empty());
}

TEST_CASE("every in-channel subcommand works and the opening message follows along") {
    SlackWorld w;
    w.start_bot();
    const auto d = declare(w, "declare P1 Checkout latency",
                           "incident-" + SlackWorld::today() + "-checkout-latency");
    const auto& c = d.channel.id;
    CHECK(contains(test::all_text(d.opening), "SEV2"));

    w.command_acked(w.bob, c, "ack");
    REQUIRE(posted(w, c, "acknowledged"));
    REQUIRE(w.eventually([&] { return contains(w.slack.channel(c)->topic, "<@" + w.bob + ">"); }));

    w.command_acked(w.bob, c, "role tech <@" + w.carol + "|carol>");
    REQUIRE(posted(w, c, "Tech Lead"));
    // A new role holder is invited to the channel.
    REQUIRE(w.eventually([&] {
        const auto members = w.slack.channel(c)->members;
        return std::count(members.begin(), members.end(), w.carol) == 1;
    }));
    w.command_acked(w.alice, c, "role comms me");
    REQUIRE(posted(w, c, "Comms Lead"));
    // Stepping down leaves the role to nobody until someone takes it.
    w.command_acked(w.alice, c, "unassign comms");
    REQUIRE(posted(w, c, "stepped down as *Comms Lead*"));
    CHECK(contains(test::all_text(w.bot_messages(c).back()), "`/incident role comms me`"));
    const auto twice = payload_text(w.command_acked(w.alice, c, "role comms none"));
    CHECK_MESSAGE(contains(twice, "Nobody is Comms Lead"), twice);

    w.command_acked(w.alice, c,
                    "update status: rolling back | impact: 5% of checkouts | actions: deploy 4411");
    REQUIRE(posted(w, c, "rolling back"));
    const auto update = w.bot_messages(c).back();
    CHECK(contains(test::all_text(update), "5% of checkouts"));
    CHECK(contains(test::all_text(update), "Next update"));

    w.command_acked(w.alice, c, "severity sev1");
    REQUIRE(posted(w, c, "SEV1"));
    w.command_acked(w.alice, c, "note cache hit rate dropped at 14:02");
    REQUIRE(posted(w, c, "cache hit rate dropped"));
    // A better title once the cause is known: the opening message, the
    // topic and the status follow; the channel keeps its name.
    w.command_acked(w.alice, c, "rename Cache eviction storm slows checkout");
    REQUIRE(posted(w, c, "renamed"));
    CHECK(contains(test::all_text(w.bot_messages(c).back()), "Checkout latency"));  // was:
    REQUIRE(w.eventually([&] {
        return contains(test::all_text(opening_now(w, d)), "Cache eviction storm slows checkout");
    }));
    CHECK_FALSE(contains(test::all_text(opening_now(w, d)), "Checkout latency"));
    REQUIRE(w.eventually([&] {
        return contains(w.slack.channel(c)->topic, "Cache eviction storm slows checkout");
    }));
    CHECK(w.slack.channel(c)->name == d.channel.name);
    const auto same =
        payload_text(w.command_acked(w.bob, c, "rename Cache eviction storm slows checkout"));
    CHECK_MESSAGE(contains(same, "already titled"), same);

    const auto status = payload_text(w.command_acked(w.carol, c, "status"));
    CHECK(contains(status, "SEV1"));
    CHECK(contains(status, "Cache eviction storm slows checkout"));
    CHECK(contains(status, "<@" + w.bob + ">"));
    CHECK(contains(status, "<@" + w.carol + ">"));
    CHECK_MESSAGE(contains(status, "*Comms Lead*\n_unassigned_"), status);

    w.command_acked(w.bob, c, "resolve rolled back deploy 4411");
    REQUIRE(posted(w, c, "resolved"));
    REQUIRE(w.eventually([&] { return contains(test::all_text(opening_now(w, d)), "Resolved"); }));
    const auto pm = payload_text(w.command_acked(w.bob, c, "postmortem done https://wiki/pm-1"));
    REQUIRE(posted(w, c, "https://wiki/pm-1"));

    const auto timeline = payload_text(w.command_acked(w.alice, c, "timeline"));
    for (const auto* entry : {"Declared", "Acknowledged", "Role", "Update", "Severity", "Note",
                              "Renamed", "Checkout latency → Cache eviction storm",
                              "Comms Lead → nobody (was <@", "Resolved", "Post-mortem done"})
        CHECK_MESSAGE(contains(timeline, entry), entry);
    CHECK(w.slack.failures().empty());
}

TEST_CASE("the role buttons and the user picker on the opening message assign roles") {
    SlackWorld w;
    w.start_bot();
    const auto d =
        declare(w, "SEV2 Search is slow", "incident-" + SlackWorld::today() + "-search-is-slow");
    const auto click = w.slack.click_button(w.bob, d.channel.id, d.opening.ts, "I'll be IC");
    REQUIRE_FALSE(click.empty());
    REQUIRE(w.slack.wait_for_ack(click, 5s));
    REQUIRE(posted(w, d.channel.id, "Incident Commander"));
    REQUIRE(w.eventually(
        [&] { return contains(w.slack.channel(d.channel.id)->topic, "<@" + w.bob + ">"); }));

    // Slack fills block_id and action_id from the element; the bot finds the
    // incident and role in them.
    const auto opening = opening_now(w, d);
    std::string scribe_block;
    for (const auto& block : opening.blocks)
        if (block.value("type", "") == "actions" &&
            contains(block.value("block_id", ""), ":scribe"))
            scribe_block = block.value("block_id", "");
    REQUIRE_FALSE(scribe_block.empty());
    const auto pick = w.slack.select_user(w.alice, d.channel.id, d.opening.ts, scribe_block,
                                          "incident.assign_role", w.carol);
    REQUIRE_FALSE(pick.empty());
    REQUIRE(w.slack.wait_for_ack(pick, 5s));
    REQUIRE(posted(w, d.channel.id, "Scribe"));
    REQUIRE(w.eventually([&] {
        const auto text = test::all_text(opening_now(w, d));
        return contains(text, "*Scribe*\n<@" + w.carol + ">");
    }));
    CHECK(w.slack.failures().empty());
}

TEST_CASE(
    "mistakes get a one-line ephemeral answer that says what would work, and change nothing") {
    SlackWorld w;
    w.start_bot();
    const auto reply = [&](const std::string& channel, const std::string& text) {
        return payload_text(w.command_acked(w.alice, channel, text));
    };
    CHECK(contains(reply(w.ops, "frobnicate"), "/incident"));
    CHECK(contains(reply(w.ops, "SEV9 Everything"), "SEV1"));
    CHECK(contains(reply(w.ops, "SEV1 " + std::string(5000, 'x')), "1,000"));
    CHECK(contains(reply(w.ops, "update all good"), "incident channel"));
    CHECK(contains(reply(w.ops, "help"), "/incident ack"));
    CHECK(contains(reply(w.ops, "list"), "No open incidents"));

    const auto d =
        declare(w, "SEV3 Docs search", "incident-" + SlackWorld::today() + "-docs-search");
    CHECK(contains(reply(d.channel.id, "severity SEV3"), "already"));
    CHECK(contains(reply(d.channel.id, "role pilot me"), "ic"));
    CHECK(contains(reply(d.channel.id, "postmortem done https://x"), "resolve"));
    // A plain @name that is nobody in the workspace.
    // The request is stored before the ack, which says what happens next.
    CHECK(contains(payload_text(w.command_acked(w.alice, d.channel.id, "role tech @nobody")),
                   "Looking up @nobody"));
    REQUIRE(
        w.eventually([&] { return any_contains(w.ephemeral_texts(w.alice), "No user @nobody"); }));
    // A plain @name that is somebody is found through users.list.
    w.command_acked(w.alice, d.channel.id, "role tech @bob");
    REQUIRE(posted(w, d.channel.id, "<@" + w.bob + "> is now *Tech Lead*"));

    CHECK(contains(reply(w.ops, "list"), "INC-"));
    // Nothing but the declare and the role reached the channel.
    CHECK(w.bot_messages(d.channel.id).size() == 2);
    CHECK(w.slack.failures().empty());
}

TEST_CASE("text people typed is shown as typed and can never ping anyone") {
    SlackWorld w;
    w.start_bot();
    // Slack's escaped wire format: @channel, a user mention, a user group, & and <.
    const auto d =
        declare(w,
                "SEV1 <!channel> <!here> db &lt;primary&gt; &amp; <@" + w.bob +
                    "|bob> <!subteam^S123|@sre> down",
                "incident-" + SlackWorld::today() + "-channel-here-db-primary-bob-sre-down");
    w.command_acked(w.alice, d.channel.id, "note <!everyone> look &lt;@U999&gt;");
    REQUIRE(posted(w, d.channel.id, "look"));
    for (const auto& m : w.slack.messages(d.channel.id)) {
        const auto text = test::all_text(m);
        for (const auto* ping : {"<!channel>", "<!here>", "<!everyone>", "<!subteam", "<@U999>"})
            CHECK_MESSAGE(!contains(text, ping), ping << " in: " << text);
    }
    CHECK(contains(test::all_text(d.opening), "@channel"));
    CHECK(contains(test::all_text(d.opening), "&lt;primary&gt; &amp;"));
}

TEST_CASE("a mention Slack sends without a name reads as the person's name, and pings nobody") {
    SlackWorld w;
    w.start_bot();
    // alice's name comes with her own command (user_name); carol's was never seen.
    const auto d = declare(w, "SEV2 Login slow", "incident-" + SlackWorld::today() + "-login-slow");
    w.command_acked(w.bob, d.channel.id,
                    "note paged <@" + w.alice + "> and <@" + w.carol + "> about it");
    REQUIRE_MESSAGE(posted(w, d.channel.id, "paged @alice and @" + w.carol + " about it"),
                    w.bot_log());
    for (const auto& m : w.slack.messages(d.channel.id)) {
        const auto text = test::all_text(m);
        if (!contains(text, "paged")) continue;
        CHECK_MESSAGE(!contains(text, "<@" + w.alice), text);
        CHECK_MESSAGE(!contains(text, "<@" + w.carol), text);
    }
    // The timeline keeps the name too.
    const auto ack = w.command_acked(w.bob, d.channel.id, "timeline");
    CHECK_MESSAGE(contains(payload_text(ack), "paged @alice and"), payload_text(ack));
}

TEST_CASE("a second incident with the same title the same day gets a -2 channel") {
    SlackWorld w;
    w.start_bot();
    const auto name = "incident-" + SlackWorld::today() + "-payment-processing-down";
    const auto first = declare(w, "SEV1 Payment processing down", name);
    const auto second = declare(w, "SEV2 Payment processing down", name + "-2");
    CHECK(first.channel.id != second.channel.id);
    CHECK(contains(test::all_text(second.opening), "INC-"));
    CHECK(contains(test::all_text(second.opening), "SEV2"));
}

TEST_CASE("a channel of that name made before the declare, even with the bot's token, gets -2") {
    SlackWorld w;
    w.start_bot();
    const auto name = "incident-" + SlackWorld::today() + "-cache-stampede";
    // Another installation of this app, or a person with the bot token: not
    // this incident's channel, though Slack names the bot as its creator.
    const auto api = w.slack.api_url();
    const auto port = static_cast<unsigned short>(
        std::stoi(api.substr(api.rfind(':') + 1, api.find('/', api.rfind(':')))));
    const auto made =
        test::HttpTestClient("127.0.0.1", port)
            .api("conversations.create", {{"name", name}}, w.slack.options().bot_token)
            .json();
    REQUIRE(made.value("ok", false));
    const auto d = declare(w, "SEV2 Cache stampede", name + "-2");
    CHECK(d.channel.id != made["channel"]["id"].get<std::string>());
    CHECK(w.bot_messages(made["channel"]["id"].get<std::string>()).empty());
}

TEST_CASE("a command that finds the database locked by another program is told nothing changed") {
    // Someone at a sqlite3 prompt in the middle of a write, or a second bot
    // wrongly pointed at the same file: the command gives up inside Slack's
    // deadline (after 1 s on SQLite) and says so, instead of being acked
    // empty and never answered.
    SlackWorld w;
    w.start_bot();
    const auto d =
        declare(w, "SEV3 Locked file", "incident-" + SlackWorld::today() + "-locked-file");
    // The declare's Slack work done (it too would wait for the lock, on the
    // same loop, for up to a second at each try).
    REQUIRE(w.eventually([&] {
        storage::Database db(w.db_path());
        auto pending = db.query("SELECT COUNT(*) FROM outbox WHERE status = 'pending'");
        pending.step();
        return pending.int64(0) == 0;
    }));
    std::promise<void> locked, release;
    std::thread holder([&] {
        storage::Database db(w.db_path());
        db.transaction([&] {  // a write transaction: SQLite's write lock, held
            locked.set_value();
            release.get_future().wait();
        });
    });
    locked.get_future().wait();
    const auto held = w.command(w.bob, d.channel.id, "note written while the file is locked");
    const auto ack = w.slack.wait_for_ack(held, 4s);
    release.set_value();
    holder.join();
    REQUIRE(ack);
    CHECK_FALSE(ack->late);
    const auto said = payload_text(ack->payload);
    CHECK_MESSAGE(contains(said, "nothing was changed: try again in a moment"), said);

    w.command_acked(w.bob, d.channel.id, "note written after the lock");
    CHECK(w.eventually([&] { return w.count_bot_messages(d.channel.id, "after the lock") == 1; }));
    CHECK(w.count_bot_messages(d.channel.id, "while the file is locked") == 0);
    const auto timeline = payload_text(w.command_acked(w.bob, d.channel.id, "timeline"));
    CHECK_FALSE(contains(timeline, "while the file is locked"));
    CHECK(contains(timeline, "after the lock"));
    CHECK(w.bot().running());
}
