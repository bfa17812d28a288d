// Several replicas of the real binary on one PostgreSQL database (issue 15),
// against one emulated Slack that spreads envelopes across their Socket Mode
// connections. Every acknowledged change is there once, every declare makes
// one channel and one opening message, and a replica killed with SIGKILL
// leaves its work to the other within the lease.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <future>
#include <set>
#include <sstream>
#include <thread>

#include "bot/command_lanes.hpp"
#include "storage/database.hpp"
#include "storage/schema.hpp"
#include "tests/support/alertmanager_webhook.hpp"
#include "tests/support/http_test_client.hpp"
#include "tests/support/message_text.hpp"
#include "tests/support/ops_http.hpp"
#include "tests/support/postgres_server.hpp"
#include "tests/support/slack_world.hpp"

using namespace std::chrono_literals;
using test::SlackWorld;

using test::contains;
using test::occurrences;
using test::payload_text;

namespace {

std::vector<emulator::Channel> incident_channels(SlackWorld& w) {
    std::vector<emulator::Channel> out;
    for (const auto& c : w.slack.channels())
        if (c.name.starts_with("incident-")) out.push_back(c);
    return out;
}

// "Mid 0" as it ends a channel name: "mid-0".
std::string slug(const std::string& title) {
    std::string out = "-";
    for (const char c : title) out += c == ' ' ? '-' : static_cast<char>(std::tolower(c));
    return out;
}

bool opening_pinned(SlackWorld& w, const std::string& channel) {
    const auto messages = w.bot_messages(channel);
    return !messages.empty() && messages.front().pinned;
}

// A second (third...) replica: the same tokens, the same database, its own
// working directory and log.
class Replica {
  public:
    Replica(SlackWorld& w, std::map<std::string, std::string> env) {
        env.emplace("SLACK_APP_TOKEN", w.slack.options().app_token);
        env.emplace("SLACK_BOT_TOKEN", w.slack.options().bot_token);
        env.emplace("SLACK_API_URL", w.slack.api_url());
        env.emplace("LOG_LEVEL", "debug");
        env.emplace("HTTP_ADDR", "off");
        test::ProcessOptions options;
        options.env = std::move(env);
        options.working_dir = dir_.path();
        options.output_file = dir_.file("bot.log");
        process_ = std::make_unique<test::Process>(IB_BOT_BINARY, options);
    }
    test::Process& process() { return *process_; }
    std::string log() const {
        std::ifstream file(dir_.file("bot.log"));
        std::stringstream text;
        text << file.rdbuf();
        return text.str();
    }

  private:
    test::TempDir dir_;
    std::unique_ptr<test::Process> process_;
};

// Starts the world's bot and one more replica on `url`; waits for both
// Socket Mode connections.
std::unique_ptr<Replica> two_replicas(SlackWorld& w, const std::string& url,
                                      std::map<std::string, std::string> env = {}) {
    env["INCIDENT_DB_URL"] = url;
    w.start_bot(env);
    const auto before = w.slack.connections_opened();
    auto second = std::make_unique<Replica>(w, env);
    REQUIRE_MESSAGE(w.eventually([&] { return w.slack.connections_opened() > before; }),
                    "the second replica did not connect:\n"
                        << second->log());
    return second;
}

}  // namespace

TEST_CASE("the full lifecycle on PostgreSQL with one replica") {
    SlackWorld w;
    const std::string url = test::PostgresServer::shared().create_database();
    w.start_bot({{"INCIDENT_DB_URL", url}});
    const auto ack = w.command_acked(w.alice, w.ops, "SEV2 Checkout latency");
    CHECK(contains(payload_text(ack), "INC-"));
    const auto channel = w.channel_named("incident-" + SlackWorld::today() + "-checkout-latency");
    REQUIRE_MESSAGE(channel, "bot log:\n" << w.bot_log());
    const auto& c = channel->id;
    REQUIRE(w.eventually([&] { return opening_pinned(w, c); }));

    w.command_acked(w.bob, c, "ack");
    REQUIRE(w.eventually([&] { return w.count_bot_messages(c, "acknowledged") >= 1; }));
    w.command_acked(w.bob, c, "role tech <@" + w.carol + "|carol>");
    REQUIRE(w.eventually([&] { return w.count_bot_messages(c, "Tech Lead") >= 1; }));
    w.command_acked(w.alice, c, "update status: rolling back | impact: 5% of checkouts");
    REQUIRE(w.eventually([&] { return w.count_bot_messages(c, "rolling back") == 1; }));
    w.command_acked(w.alice, c, "note cache hit rate dropped");
    REQUIRE(w.eventually([&] { return w.count_bot_messages(c, "cache hit rate dropped") == 1; }));
    w.command_acked(w.bob, c, "resolve rolled back deploy 4411");
    REQUIRE(w.eventually([&] { return w.count_bot_messages(c, "resolved") >= 1; }));

    const auto timeline = payload_text(w.command_acked(w.alice, c, "timeline"));
    for (const auto* entry : {"Declared", "Acknowledged", "Role", "Update", "Note", "Resolved"})
        CHECK_MESSAGE(contains(timeline, entry), entry);
    CHECK(w.slack.failures().empty());
    CHECK_FALSE(contains(w.bot_log(), "[error]"));
    // DB_SYNC=full (the default): the acks waited for flushes of the
    // server's WAL, made by this replica on its own row.
    {
        storage::Database db(url);
        auto q = db.query("SELECT COUNT(*), COALESCE(SUM(flushes), 0) FROM commit_flushes");
        REQUIRE(q.step());
        CHECK(q.int64(0) == 1);
        CHECK(q.int64(1) >= 6);  // declare, ack, role, update, note and resolve, one by one
    }

    // The CLI reads the same database.
    test::ProcessOptions cli;
    cli.args = {"stats"};
    cli.env = {{"INCIDENT_DB_URL", url}};
    const auto stats = test::run(IB_BOT_BINARY, cli);
    CHECK_MESSAGE(stats.code == 0, stats.err);
    CHECK(contains(stats.out, "1"));
}

TEST_CASE(
    "two replicas share a burst of 300: every declare one channel and one opening, every change "
    "once") {
    SlackWorld w;
    const std::string url = test::PostgresServer::shared().create_database();
    auto second = two_replicas(w, url);

    // 60 declares, then on each incident an update, two notes and an "I'll be
    // IC" click: 300 envelopes, spread by Slack across both connections.
    constexpr int kDeclares = 60;
    std::vector<std::string> ids;
    for (int i = 0; i < kDeclares; ++i)
        ids.push_back(w.command(w.alice, w.ops, "SEV3 Burst " + std::to_string(i)));
    for (const auto& id : ids) REQUIRE_MESSAGE(w.slack.wait_for_ack(id, 5s), w.bot_log());
    REQUIRE_MESSAGE(w.eventually(
                        [&] {
                            const auto channels = incident_channels(w);
                            return channels.size() == kDeclares &&
                                   std::all_of(channels.begin(), channels.end(),
                                               [&](const emulator::Channel& c) {
                                                   return opening_pinned(w, c.id);
                                               });
                        },
                        60s),
                    "first:\n"
                        << w.bot_log() << "\nsecond:\n"
                        << second->log());

    const auto channels = incident_channels(w);
    ids.clear();
    for (std::size_t i = 0; i < channels.size(); ++i) {
        const auto& c = channels[i].id;
        const auto n = std::to_string(i);
        ids.push_back(w.command(w.alice, c, "update status: mitigating u" + n + "-x"));
        ids.push_back(w.command(w.alice, c, "note n" + n + "-r0"));
        ids.push_back(w.command(w.bob, c, "note n" + n + "-r1"));
        ids.push_back(w.slack.click_button(w.carol, c, w.bot_messages(c).front().ts, "I'll be IC"));
    }
    REQUIRE(ids.size() + kDeclares == 300);
    for (const auto& id : ids) REQUIRE_MESSAGE(w.slack.wait_for_ack(id, 5s), w.bot_log());

    const auto expected = [&](std::size_t i) {
        const auto n = std::to_string(i);
        return std::vector<std::string>{"u" + n + "-x", "n" + n + "-r0", "n" + n + "-r1",
                                        "is now *Incident Commander*"};
    };
    REQUIRE_MESSAGE(w.eventually(
                        [&] {
                            for (std::size_t i = 0; i < channels.size(); ++i)
                                for (const auto& text : expected(i))
                                    if (w.count_bot_messages(channels[i].id, text) == 0)
                                        return false;
                            return true;
                        },
                        60s),
                    "first:\n"
                        << w.bot_log() << "\nsecond:\n"
                        << second->log());
    std::this_thread::sleep_for(1s);  // time for a duplicate to show, if there were one
    std::set<std::string> names;
    for (std::size_t i = 0; i < channels.size(); ++i) {
        const auto& c = channels[i];
        names.insert(c.name);
        CHECK(w.count_bot_messages(c.id, "I'll be IC") == 1);  // one opening message
        for (const auto& text : expected(i))
            CHECK_MESSAGE(w.count_bot_messages(c.id, text) == 1, c.name << ": " << text);
        CHECK_MESSAGE(
            w.eventually(
                [&] { return contains(w.slack.channel(c.id)->topic, "<@" + w.carol + ">"); }, 3s),
            c.name << " topic: " << w.slack.channel(c.id)->topic);
    }
    CHECK(names.size() == kDeclares);
    // Both replicas did part of the work.
    CHECK(contains(w.bot_log(), "declared INC-"));
    CHECK(contains(second->log(), "declared INC-"));
    CHECK(w.slack.failures().empty());
}

TEST_CASE("kill -9 of one replica mid-burst: nothing acked is lost or posted twice") {
    // The kill at four moments: before the replica acks anything, while it
    // acks, while it posts what it acked, and after the burst's acks.
    std::chrono::milliseconds kill_after{};
    SUBCASE("at once") {
        kill_after = 0ms;
    }
    SUBCASE("after 20 ms") {
        kill_after = 20ms;
    }
    SUBCASE("after 40 ms") {
        kill_after = 40ms;
    }
    SUBCASE("after 80 ms") {
        kill_after = 80ms;
    }
    SlackWorld w;
    const std::string url = test::PostgresServer::shared().create_database();
    auto second = two_replicas(w, url, {{"LEASE_SECONDS", "2"}});
    for (int i = 0; i < 4; ++i) w.command_acked(w.alice, w.ops, "SEV3 Kill " + std::to_string(i));
    REQUIRE(w.eventually(
        [&] {
            const auto c = incident_channels(w);
            return c.size() == 4 && std::all_of(c.begin(), c.end(), [&](const auto& ch) {
                       return opening_pinned(w, ch.id);
                   });
        },
        20s));
    const auto channels = incident_channels(w);
    std::vector<std::pair<std::string, std::string>> acked;  // channel, note
    auto burst = [&](const std::string& tag, int rounds) {
        std::vector<std::pair<std::string, std::pair<std::string, std::string>>> sent;
        for (int k = 0; k < rounds; ++k)
            for (const auto& c : channels) {
                const std::string note = tag + std::to_string(k) + "-" + c.id;
                sent.push_back({w.command(w.alice, c.id, "note " + note), {c.id, note}});
            }
        return sent;
    };
    // Declares and notes in flight: the kill lands while the replicas are
    // still committing, acking and posting them.
    std::vector<std::pair<std::string, std::string>> declares;  // envelope, title
    for (int i = 0; i < 4; ++i) {
        const std::string title = "Mid " + std::to_string(i);
        declares.push_back({w.command(w.alice, w.ops, "SEV3 " + title), title});
    }
    auto first_half = burst("before", 10);
    std::this_thread::sleep_for(kill_after);
    second->process().kill_hard();
    // What the dead replica had not acked never will be: one 3 s wait for all.
    const auto deadline = std::chrono::steady_clock::now() + 3s;
    const auto acked_in_time = [&](const std::string& id) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        return w.slack.wait_for_ack(id, std::max(left, 0ms)).has_value();
    };
    for (const auto& [id, what] : first_half)
        if (acked_in_time(id)) acked.push_back(what);
    std::vector<std::string> acked_declares;
    for (const auto& [id, title] : declares)
        if (acked_in_time(id)) acked_declares.push_back(title);
    // Slack sends nothing more to a connection once its TCP link is gone.
    REQUIRE(w.eventually([&] { return w.slack.open_connections() == 1; }));
    MESSAGE("in flight at the kill: ", acked.size(), " of ", first_half.size(), " notes and ",
            acked_declares.size(), " of ", declares.size(), " declares acked");
    auto second_half = burst("after", 3);
    for (const auto& [id, what] : second_half) {
        REQUIRE_MESSAGE(w.slack.wait_for_ack(id, 5s), "survivor:\n" << w.bot_log());
        acked.push_back(what);
    }
    // The dead replica's claims lapse after LEASE_SECONDS (2 s): the survivor
    // carries out what it had acked and not yet posted.
    REQUIRE_MESSAGE(w.eventually(
                        [&] {
                            return std::all_of(acked.begin(), acked.end(),
                                               [&](const auto& a) {
                                                   return w.count_bot_messages(a.first, a.second) >=
                                                          1;
                                               }) &&
                                   std::all_of(acked_declares.begin(), acked_declares.end(),
                                               [&](const std::string& title) {
                                                   for (const auto& c : incident_channels(w))
                                                       if (c.name.ends_with(slug(title)) &&
                                                           opening_pinned(w, c.id))
                                                           return true;
                                                   return false;
                                               });
                        },
                        20s),
                    "survivor:\n"
                        << w.bot_log());
    const auto all = incident_channels(w);
    for (const auto& title : acked_declares)
        CHECK_MESSAGE(
            std::count_if(all.begin(), all.end(),
                          [&](const auto& c) { return c.name.ends_with(slug(title)); }) == 1,
            title);
    std::this_thread::sleep_for(500ms);
    for (const auto& [channel, note] : acked)
        CHECK_MESSAGE(w.count_bot_messages(channel, note) == 1, note);
}

TEST_CASE("two replicas starting at once on an empty PostgreSQL database: one schema, no error") {
    SlackWorld w;
    const std::string url = test::PostgresServer::shared().create_database();
    const auto before = w.slack.connections_opened();
    Replica a(w, {{"INCIDENT_DB_URL", url}});
    Replica b(w, {{"INCIDENT_DB_URL", url}});
    REQUIRE_MESSAGE(w.eventually([&] { return w.slack.connections_opened() >= before + 2; }),
                    a.log() << "\n"
                            << b.log());
    CHECK(a.process().running());
    CHECK(b.process().running());
    CHECK_FALSE(contains(a.log(), "[error]"));
    CHECK_FALSE(contains(b.log(), "[error]"));
    storage::Database db(url);
    CHECK(db.schema_version() == storage::latest_schema_version());
}

TEST_CASE("a due reminder is posted once by two replicas, and by the survivor after a kill -9") {
    SlackWorld w;
    const std::string url = test::PostgresServer::shared().create_database();
    auto second = two_replicas(w, url, {{"REMINDER_CADENCE_SEV1", "2s"}, {"LEASE_SECONDS", "2"}});
    w.command_acked(w.alice, w.ops, "SEV1 Twice reminded");
    const auto channel = w.channel_named("incident-" + SlackWorld::today() + "-twice-reminded");
    REQUIRE(channel);
    const auto reminders = [&] { return w.count_bot_messages(channel->id, "Status update due"); };
    REQUIRE(w.eventually([&] { return reminders() == 1; }, 8s));
    // One per cadence: never two for the same due time.
    std::this_thread::sleep_for(1s);
    CHECK(reminders() == 1);
    REQUIRE(w.eventually([&] { return reminders() == 2; }, 8s));
    // Whichever holds the next one dies: the other posts it (late by at most the lease).
    second->process().kill_hard();
    REQUIRE_MESSAGE(w.eventually([&] { return reminders() == 3; }, 10s), w.bot_log());
    std::this_thread::sleep_for(1s);
    CHECK(reminders() == 3);
}

TEST_CASE(
    "a Slack call slower than the lease keeps its claim: the other replica never repeats it") {
    SlackWorld w;
    const std::string url = test::PostgresServer::shared().create_database();
    auto second = two_replicas(w, url, {{"LEASE_SECONDS", "2"}});
    w.command_acked(w.alice, w.ops, "SEV2 Slow Slack");
    const auto channel = w.channel_named("incident-" + SlackWorld::today() + "-slow-slack");
    REQUIRE(channel);
    REQUIRE(w.eventually([&] { return opening_pinned(w, channel->id); }));
    std::this_thread::sleep_for(1s);  // the declare's other calls are done
    // The update's post takes 5 s to reach Slack (a slow network), over two
    // leases, with nothing else going on that would wake either replica.
    w.slack.inject("chat.postMessage", {emulator::Fault::Kind::Delay, 1, 503, 5000ms});
    w.command_acked(w.alice, channel->id, "update Card payments retried by hand");
    const auto posts = [&] {
        return w.count_bot_messages(channel->id, "Card payments retried by hand");
    };
    REQUIRE_MESSAGE(w.eventually([&] { return posts() >= 1; }, 15s), w.bot_log());
    std::this_thread::sleep_for(3s);
    CHECK_MESSAGE(posts() == 1, w.bot_log() << second->log());
}

TEST_CASE("PostgreSQL down: commands are told so, readyz says 503, and service resumes after") {
    test::PostgresServer server;  // its own: this test stops it
    const std::string url = server.create_database();
    SlackWorld w;
    const auto port = test::free_port();
    w.start_bot({{"INCIDENT_DB_URL", url}, {"HTTP_ADDR", "127.0.0.1:" + std::to_string(port)}});
    const auto readyz = [&] {
        return test::HttpTestClient("127.0.0.1", port).request("GET", "/readyz", "").status;
    };
    REQUIRE(w.eventually([&] { return readyz() == 200; }));
    w.command_acked(w.alice, w.ops, "SEV2 Before the outage");
    const auto before = w.channel_named("incident-" + SlackWorld::today() + "-before-the-outage");
    REQUIRE(before);
    const auto said = w.slack.post_as(w.alice, before->id, "Failing over to the replica");

    // Down for 10 s: every command in that time is acked and told so.
    server.stop();
    const auto down_since = std::chrono::steady_clock::now();
    // A :pushpin: meanwhile cannot be stored, so it is not acked: Slack sends
    // the event again, and a delivery after the outage puts it on the timeline.
    const auto mark = w.slack.react(w.alice, before->id, said, "pushpin");
    REQUIRE(mark);
    REQUIRE_FALSE(mark->empty());
    int refused_commands = 0;
    while (std::chrono::steady_clock::now() - down_since < 10s) {
        const auto n = std::to_string(refused_commands++);
        const auto declare =
            payload_text(w.command_acked(w.alice, w.ops, "SEV2 During the outage " + n));
        CHECK_MESSAGE(contains(declare, "database is unreachable, nothing was changed"), declare);
        const auto note = payload_text(w.command_acked(w.alice, before->id, "note during " + n));
        CHECK_MESSAGE(contains(note, "database is unreachable"), note);
        CHECK(w.eventually([&] { return readyz() == 503; }));
        std::this_thread::sleep_for(500ms);
    }
    CHECK(refused_commands >= 10);
    CHECK(w.bot().running());
    CHECK_FALSE(w.slack.wait_for_event_acks(*mark, 1, 0ms));

    server.start();
    REQUIRE(w.eventually([&] { return readyz() == 200; }, 10s));
    w.command_acked(w.alice, w.ops, "SEV2 After the outage");
    REQUIRE(w.channel_named("incident-" + SlackWorld::today() + "-after-the-outage"));
    w.slack.redeliver_event(*mark);  // Slack's last try may have been during the outage
    CHECK(w.slack.wait_for_event_acks(*mark, 1, 10s));
    w.command_acked(w.alice, before->id, "note after");
    REQUIRE_MESSAGE(
        w.eventually([&] { return w.count_bot_messages(before->id, "after") >= 1; }, 10s),
        w.bot_log());
    // Nothing of the refused commands was half-applied, and the database is
    // whole: every incident declared on its timeline with its reminder timer,
    // nothing pointing at an incident that is not there, the outbox drained.
    for (const auto& c : w.slack.channels()) CHECK_FALSE(contains(c.name, "during-the-outage"));
    CHECK(w.count_bot_messages(before->id, "during") == 0);
    storage::Database db(url);
    const auto count = [&](const char* sql) {
        auto q = db.query(sql);
        q.step();
        return q.int64(0);
    };
    CHECK(count("SELECT COUNT(*) FROM incidents") == 2);
    CHECK(count("SELECT COUNT(*) FROM incidents i WHERE NOT EXISTS (SELECT 1 FROM "
                "timeline_events t WHERE t.incident_id = i.id AND t.kind = 'declared')") == 0);
    CHECK(count("SELECT COUNT(*) FROM incidents i WHERE NOT EXISTS (SELECT 1 FROM timers t "
                "WHERE t.incident_id = i.id AND t.kind = 'reminder')") == 0);
    CHECK(count("SELECT COUNT(*) FROM timeline_events WHERE body LIKE '%during%'") == 0);
    CHECK(w.eventually([&] {
        return count("SELECT COUNT(*) FROM timeline_events WHERE body LIKE '%Failing over%'") == 1;
    }));
    CHECK(count("SELECT COUNT(*) FROM outbox o WHERE o.incident_id <> 0 AND NOT EXISTS "
                "(SELECT 1 FROM incidents i WHERE i.id = o.incident_id)") == 0);
    CHECK(w.eventually(
        [&] { return count("SELECT COUNT(*) FROM outbox WHERE status <> 'done'") == 0; }));
    CHECK_FALSE(contains(w.bot_log(), "[critical]"));
    // The scheduler retries about once a second meanwhile, not in a loop.
    const auto scheduler_errors = occurrences(w.bot_log(), "] scheduler: ");
    CHECK_MESSAGE(scheduler_errors < 100, scheduler_errors << " scheduler errors");
}

TEST_CASE("a command stuck on a locked row does not hold up another channel's ack") {
    // The database slow for one command (here: another session holds its
    // incident's row) shows in that command's ack, not as a stall of every
    // envelope behind it: the commands run in lanes (DB_POOL_SIZE).
    SlackWorld w;
    const std::string url = test::PostgresServer::shared().create_database();
    w.start_bot({{"INCIDENT_DB_URL", url}, {"DB_POOL_SIZE", "4"}});
    // Two incidents whose channels go to different lanes.
    std::vector<std::string> channels;
    for (int i = 0; i < 8 && channels.size() < 2; ++i) {
        const std::string title = "Lanes " + std::to_string(i);
        w.command_acked(w.alice, w.ops, "SEV3 " + title);
        const auto c = w.channel_named("incident-" + SlackWorld::today() + slug(title));
        REQUIRE(c);
        if (channels.empty() || bot::lane_index(c->id, 4) != bot::lane_index(channels[0], 4))
            channels.push_back(c->id);
    }
    REQUIRE(channels.size() == 2);
    const auto& stuck = channels[0];
    const auto& free = channels[1];

    std::promise<void> locked, release;
    std::thread holder([&] {
        storage::Database db(url);
        db.transaction([&] {
            auto q = db.query("SELECT id FROM incidents WHERE channel_id = ?1 FOR UPDATE");
            q.bind(1, stuck);
            q.step();
            locked.set_value();
            release.get_future().wait();
        });
    });
    locked.get_future().wait();
    const auto waiting = w.command(w.bob, stuck, "update waiting for the lock");
    std::this_thread::sleep_for(100ms);  // it reaches its lane and waits on the row
    const auto other = w.command(w.bob, free, "update another channel carries on");
    const auto other_ack = w.slack.wait_for_ack(other, 2s);
    CHECK_MESSAGE(other_ack, "the other channel's command waited behind the stuck one");
    CHECK_FALSE(w.slack.wait_for_ack(waiting, 0ms));  // still on the row
    release.set_value();
    holder.join();
    const auto waited = w.slack.wait_for_ack(waiting, 3s);
    REQUIRE(waited);
    CHECK_FALSE(waited->late);
    CHECK(w.eventually([&] { return w.count_bot_messages(stuck, "waiting for the lock") == 1; }));
    CHECK(w.eventually([&] { return w.count_bot_messages(free, "carries on") == 1; }));
    CHECK_FALSE(contains(w.bot_log(), "[error]"));
}

TEST_CASE(
    "a command held on a locked row past its lock wait is told in its ack that nothing changed") {
    // Another replica frozen in the middle of a transaction, or someone at a
    // psql prompt, holds an incident's row. Waiting for it past Slack's
    // deadline, the command would be acked empty and its person told nothing
    // either way; it gives up in time instead, and says so.
    SlackWorld w;
    const std::string url = test::PostgresServer::shared().create_database();
    w.start_bot({{"INCIDENT_DB_URL", url}});
    w.command_acked(w.alice, w.ops, "SEV3 Held row");
    const auto c = w.channel_named("incident-" + SlackWorld::today() + "-held-row");
    REQUIRE(c);

    std::promise<void> locked, release;
    std::thread holder([&] {
        storage::Database db(url);
        db.transaction([&] {
            auto q = db.query("SELECT id FROM incidents WHERE channel_id = ?1 FOR UPDATE");
            q.bind(1, c->id);
            q.step();
            locked.set_value();
            release.get_future().wait();
        });
    });
    locked.get_future().wait();
    const auto held = w.command(w.bob, c->id, "update sent while the row is held");
    const auto ack = w.slack.wait_for_ack(held, 4s);
    release.set_value();
    holder.join();
    REQUIRE(ack);
    CHECK_FALSE(ack->late);
    CHECK(ack->latency >= 1500ms);  // it did wait for the row, for most of the deadline
    const auto said = payload_text(ack->payload);
    CHECK_MESSAGE(contains(said, "taking unusually long to save, so nothing was changed"), said);

    // Nothing of it was stored or posted; the same command goes through now.
    w.command_acked(w.bob, c->id, "update sent after the row is free");
    CHECK(w.eventually([&] { return w.count_bot_messages(c->id, "after the row is free") == 1; }));
    CHECK(w.count_bot_messages(c->id, "while the row is held") == 0);
    storage::Database db(url);
    auto rows = db.query("SELECT COUNT(*) FROM timeline_events WHERE body LIKE ?1");
    rows.bind(1, "%while the row is held%");
    REQUIRE(rows.step());
    CHECK(rows.int64(0) == 0);
    CHECK(w.bot().running());
    // A moment's contention, told to the person: a warning, not an error.
    CHECK(contains(w.bot_log(), "[warning] /incident update from"));
    CHECK_FALSE(contains(w.bot_log(), "[error]"));
}

TEST_CASE("the same Alertmanager group delivered to two replicas at once opens one incident") {
    // Alertmanager behind a load balancer, or retrying a delivery it thinks
    // failed, can reach both replicas with the same group at the same moment.
    auto& server = test::PostgresServer::shared();
    const std::string url = server.create_database();
    SlackWorld w;
    const auto port_a = test::free_port();
    const auto port_b = test::free_port();
    w.start_bot({{"INCIDENT_DB_URL", url},
                 {"HTTP_ADDR", "127.0.0.1:" + std::to_string(port_a)},
                 {"ALERT_DECLARE_CHANNEL", w.ops}});
    Replica second(w, {{"INCIDENT_DB_URL", url},
                       {"HTTP_ADDR", "127.0.0.1:" + std::to_string(port_b)},
                       {"ALERT_DECLARE_CHANNEL", w.ops}});
    const auto ready = [](unsigned short port) {
        return test::HttpTestClient("127.0.0.1", port).request("GET", "/readyz", "").status == 200;
    };
    REQUIRE_MESSAGE(w.eventually([&] { return ready(port_a) && ready(port_b); }),
                    w.bot_log() << second.log());

    constexpr int kGroups = 20;
    for (int g = 0; g < kGroups; ++g) {
        const std::string key = "{}:{alertname=\"Race" + std::to_string(g) + "\"}";
        const test::AlertGroup group{"Race" + std::to_string(g), "race " + std::to_string(g)};
        const auto body = test::webhook_delivery(
            key, nlohmann::json::array({test::webhook_alert("host-a", "firing", group)}), "firing",
            group);
        test::HttpTestClient a("127.0.0.1", port_a);
        test::HttpTestClient b("127.0.0.1", port_b);
        int status_a = 0;
        int status_b = 0;
        std::atomic<int> arrived{0};
        const auto deliver = [&](test::HttpTestClient& client, int& status) {
            ++arrived;
            while (arrived.load() < 2) std::this_thread::yield();
            status = client.post("/alertmanager", body.dump(), "application/json").status;
        };
        std::thread ta([&] { deliver(a, status_a); });
        std::thread tb([&] { deliver(b, status_b); });
        ta.join();
        tb.join();
        CHECK(status_a == 200);
        CHECK(status_b == 200);
    }

    storage::Database db(url);
    const auto count = [&](const char* sql) {
        auto q = db.query(sql);
        q.step();
        return q.int64(0);
    };
    CHECK(count("SELECT COUNT(*) FROM incidents") == kGroups);
    CHECK(count("SELECT COUNT(*) FROM alert_groups") == kGroups);
    CHECK(count("SELECT COUNT(DISTINCT group_key) FROM alert_groups") == kGroups);
    REQUIRE_MESSAGE(w.eventually([&] {
        return incident_channels(w).size() == static_cast<std::size_t>(kGroups);
    }),
                    incident_channels(w).size() << " channels");
    std::this_thread::sleep_for(500ms);  // a second incident's channel would show by now
    CHECK(incident_channels(w).size() == static_cast<std::size_t>(kGroups));
    CHECK_FALSE(contains(w.bot_log() + second.log(), "[critical]"));
}
