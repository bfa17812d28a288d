// The announcement channel (INCIDENT_ANNOUNCE_CHANNEL): one message per
// incident kept current, replies in its thread, found again after a restart.
#include <doctest/doctest.h>

#include "storage/database.hpp"
#include "tests/support/bot_rig.hpp"

using namespace std::chrono_literals;
using test::BotRig;

namespace {

std::vector<emulator::Message> top_level(const BotRig& rig, const std::string& channel) {
    std::vector<emulator::Message> out;
    for (const auto& m : rig.bot_messages(channel))
        if (m.thread_ts.empty() || m.thread_ts == m.ts) out.push_back(m);
    return out;
}

std::string joined_text(const std::vector<emulator::Message>& messages) {
    std::string out;
    for (const auto& m : messages) out += test::all_text(m) + "\n";
    return out;
}

// How many outbox rows of `kind` the bot's database holds, done or not.
std::int64_t outbox_rows(const BotRig& rig, std::string_view kind) {
    auto db = storage::Database::open(rig.config.db_path);
    REQUIRE(db);
    auto q = db.value()->query("SELECT COUNT(*) FROM outbox WHERE kind = ?1");
    q.bind(1, std::string(kind));
    q.step();
    return q.int64(0);
}

// Every message in the channel, thread replies included.
std::string everything(const BotRig& rig, const std::string& channel) {
    return joined_text(rig.slack.messages(channel));
}

}  // namespace

TEST_CASE("each incident gets one announcement, kept current, with changes in its thread") {
    BotRig rig;
    const auto announce = rig.use_announce_channel();

    const auto c = rig.declare("SEV2 Search is slow");
    auto posts = top_level(rig, announce);
    REQUIRE(posts.size() == 1);
    CHECK(test::all_text(posts[0]).find("Search is slow") != std::string::npos);
    CHECK(test::all_text(posts[0]).find("<#" + c + ">") != std::string::npos);
    // The time since declare, which Slack keeps current as people read it.
    CHECK(test::all_text(posts[0]).find("*Declared*\n<!date^" +
                                        std::to_string(core::unix_seconds(rig.clock.now())) +
                                        "^{date_short} {time} ({ago})|") != std::string::npos);

    rig.command(rig.bob, c, "ack");
    rig.command(rig.bob, c, "update status: reindexing | impact: slow search");
    rig.command(rig.bob, c, "severity SEV1");
    posts = top_level(rig, announce);
    REQUIRE(posts.size() == 1);
    const auto text = test::all_text(posts[0]);
    CHECK(text.find("<@" + rig.bob + ">") != std::string::npos);  // IC
    CHECK(text.find("reindexing") != std::string::npos);          // last status
    // The status field, not the whole update as typed.
    CHECK(text.find("status: reindexing") == std::string::npos);
    CHECK(text.find("slow search") == std::string::npos);
    CHECK(text.find("SEV1") != std::string::npos);
    // A second update at the same moment (the clock here stands still)
    // changes nothing of the incident's row but the last status line.
    rig.command(rig.bob, c, "update status: reindex half done");
    CHECK(test::all_text(top_level(rig, announce).at(0)).find("reindex half done") !=
          std::string::npos);

    rig.command(rig.bob, c, "resolve reindexed");
    rig.command(rig.bob, c, "reopen slow again");
    const auto all = everything(rig, announce);
    CHECK(all.find("Severity SEV2 → ") != std::string::npos);
    CHECK(all.find("*Resolved* by") != std::string::npos);
    CHECK(all.find("*Reopened* by") != std::string::npos);
    // Status updates stay out of the thread unless ANNOUNCE_UPDATES=true.
    CHECK(all.find("*Status update*") == std::string::npos);
    CHECK(top_level(rig, announce).size() == 1);

    rig.restart();
    rig.command(rig.bob, c, "note still one announcement");
    CHECK(top_level(rig, announce).size() == 1);
}

TEST_CASE("with ANNOUNCE_UPDATES status updates are replies in the announcement thread") {
    BotRig rig;
    const auto announce = rig.slack.add_channel("incidents", {rig.alice});
    rig.config.announce_channel = announce;  // by id
    rig.config.announce_updates = true;
    rig.restart();
    const auto c = rig.declare("SEV2 Search is slow");
    rig.command(rig.bob, c, "update impact: search 5x slower | actions: reindexing");
    const auto thread = everything(rig, announce);
    // The runbook's template, as posted in the incident channel.
    CHECK(thread.find("*Status update*") != std::string::npos);
    CHECK(thread.find("*Status:* —\n*Impact:* search 5x slower\n*Actions:* reindexing\n*Next "
                      "update:* ") != std::string::npos);
}

TEST_CASE("a private announcement channel the bot is not in is skipped, the incident goes on") {
    BotRig rig;
    const auto secret = rig.slack.add_channel("secret", {rig.alice}, /*is_private=*/true);
    rig.config.announce_channel = secret;
    rig.restart();
    const auto c = rig.declare("SEV2 Search is slow");
    CHECK(rig.slack.messages(secret).empty());
    rig.command(rig.bob, c, "ack");
    CHECK(rig.count(c, "acknowledged") == 1);
}

TEST_CASE("a thread reply whose answer was lost is found in the thread, not posted twice") {
    BotRig rig;
    const auto announce = rig.use_announce_channel();
    const auto c = rig.declare("SEV2 Search is slow");
    // Both posts of a severity change (in the channel, and in the
    // announcement's thread) take effect and lose their answers.
    rig.slack.inject("chat.postMessage", {emulator::Fault::Kind::DropAfterEffect}, 2);
    rig.command(rig.bob, c, "severity SEV1");
    for (int i = 0; i < 6; ++i) rig.advance(30s);
    const auto all = rig.slack.messages(announce);
    const auto replies = std::count_if(all.begin(), all.end(), [](const emulator::Message& m) {
        return !m.thread_ts.empty() && m.thread_ts != m.ts &&
               test::all_text(m).find("Severity SEV2 → ") != std::string::npos;
    });
    CHECK(replies == 1);
    CHECK(rig.count(c, "SEV1") >= 1);
    CHECK(rig.slack.calls("conversations.replies").size() >= 1);
}

TEST_CASE("announcement rows are written only where they would do something") {
    // Each would run as a no-op: no channel to announce in, a private
    // incident, or a status update without ANNOUNCE_UPDATES.
    BotRig rig;
    const auto c = rig.declare("SEV2 Search is slow");
    rig.command(rig.bob, c, "ack");
    rig.command(rig.bob, c, "update status: reindexing");
    rig.command(rig.bob, c, "severity SEV1");
    rig.command(rig.bob, c, "resolve reindexed");
    CHECK(rig.count(c, "reindexing") == 1);
    CHECK(outbox_rows(rig, "announce") == 0);
    CHECK(outbox_rows(rig, "update_announcement") == 0);
    CHECK(outbox_rows(rig, "announce_reply") == 0);
    CHECK(outbox_rows(rig, "update_opening") > 0);

    const auto announce = rig.use_announce_channel();
    const auto d = rig.declare("SEV2 Login is slow");
    rig.command(rig.bob, d, "update status: cache cold");
    CHECK(outbox_rows(rig, "announce") == 1);
    CHECK(outbox_rows(rig, "update_announcement") == 1);  // the update's new status
    CHECK(outbox_rows(rig, "announce_reply") == 0);       // ANNOUNCE_UPDATES is off
    rig.command(rig.bob, d, "severity SEV1");
    CHECK(outbox_rows(rig, "announce_reply") == 1);
    CHECK(everything(rig, announce).find("Severity SEV2 → ") != std::string::npos);

    rig.command(rig.alice, rig.ops, "SEV2 --private Payroll export stuck");
    CHECK(outbox_rows(rig, "announce") == 1);
}
