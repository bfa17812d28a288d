// The sandbox with the bot wired in: a scripted drill as a newcomer would run
// it (`incident-bot --sandbox < drill.txt`), checked by its transcript.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "bot/config.hpp"
#include "bot/run.hpp"
#include "storage/database.hpp"
#include "storage/postgres/connection.hpp"
#include "storage/schema.hpp"
#include "tests/support/message_text.hpp"
#include "tests/support/postgres_server.hpp"
#include "tests/support/process.hpp"

using test::contains;

namespace {

// `needles` appear in this order in `text`.
void check_in_order(const std::string& text, const std::vector<std::string>& needles) {
    std::size_t at = 0;
    for (const auto& needle : needles) {
        const auto found = text.find(needle, at);
        CHECK_MESSAGE(found != std::string::npos, "missing, or out of order: " << needle);
        if (found != std::string::npos) at = found + needle.size();
    }
}

// `script` typed into the sandbox (in-process, on a fresh database), as
// `incident-bot --sandbox < drill.txt` would be; the transcript.
std::string run_drill(const std::string& script) {
    test::TempDir dir;
    bot::Config config;
    config.http_port = 0;  // any free port: tests run in parallel
    config.db_path = dir.file("sandbox.db");
    std::istringstream in(script);
    std::ostringstream out;
    CHECK(bot::run_sandbox(config, in, out, /*interactive=*/false) == 0);
    return out.str();
}

}  // namespace

TEST_CASE("a scripted drill declares, takes IC by clicking, is reminded, resolves and reads back") {
    const auto transcript = run_drill(
        "/incident SEV1 Payment processing down\n"
        "in incident\n"
        "click I'll be IC\n"
        "pick tech @bob\n"
        "/incident update status: investigating | impact: EU card payments | actions: rollback\n"
        "wait 16m\n"
        "/incident resolve rolled back\n"
        "/incident timeline\n");
    CAPTURE(transcript);
    check_in_order(transcript, {
                                   "alice in #ops> /incident SEV1 Payment processing down",
                                   "INC-",
                                   "is open in #incident-",
                                   "[ I'll be IC ]",
                                   "> click I'll be IC",
                                   "@alice is now *Incident Commander*",
                                   "> pick tech @bob",
                                   "@bob is now *Tech Lead*",
                                   "> /incident update status: investigating",
                                   "*Impact:* EU card payments",
                                   "> wait 16m",
                                   "Status update due",
                                   "@alice (IC)",
                                   "> /incident resolve rolled back",
                                   "is resolved by @alice",
                                   "> /incident timeline",
                                   "*Declared* SEV1 Payment processing down",
                                   "*Reminder*",
                                   "*Resolved* rolled back",
                               });
    CHECK_FALSE(contains(transcript, "operation_timeout"));
    CHECK_FALSE(contains(transcript, "! "));
}

TEST_CASE("the README's drill runs through the real binary without tokens") {
    test::TempDir dir;
    std::ifstream drill(std::string(IB_SOURCE_DIR) + "/sandbox/drills/game-day.txt");
    std::stringstream text;
    text << drill.rdbuf();
    test::ProcessOptions options;
    options.args = {"--sandbox"};
    options.env = {{"SANDBOX_DB_PATH", dir.file("sandbox.db")}};
    options.working_dir = dir.path();
    options.stdin_text = text.str();
    const auto r = test::run(IB_BOT_BINARY, options, std::chrono::seconds(60));
    CAPTURE(r.err);
    CHECK(r.code == 0);
    CHECK(contains(r.out, "is open in #incident-"));
    CHECK(contains(r.out, "Status update due"));
    CHECK(contains(r.out, "*Timeline of INC-"));
    CHECK_FALSE(contains(r.out, "operation_timeout"));
}

TEST_CASE("the post-mortem drill ends with the uploaded draft shown in the channel") {
    test::TempDir dir;
    std::ifstream drill(std::string(IB_SOURCE_DIR) + "/sandbox/drills/post-mortem.txt");
    std::stringstream text;
    text << drill.rdbuf();
    test::ProcessOptions options;
    options.args = {"--sandbox"};
    options.env = {{"SANDBOX_DB_PATH", dir.file("sandbox.db")}};
    options.working_dir = dir.path();
    options.stdin_text = text.str();
    const auto r = test::run(IB_BOT_BINARY, options, std::chrono::seconds(60));
    CAPTURE(r.err);
    CHECK(r.code == 0);
    check_in_order(
        r.out,
        {"> /incident actions", "Add monitoring for the connection pool", "> /incident postmortem",
         "Building the post-mortem draft", "[file] INC-", "-postmortem.md", "# Post-mortem: INC-",
         "| Tech Lead | bob |", "- Users affected: 15,000", "## Post-mortem checklist"});
}

TEST_CASE("in the sandbox, `/incident declare SEV1` opens the form with SEV1 kept on Enter") {
    const auto transcript = run_drill(
        "/incident declare SEV1\n"
        "\n"  // keeps SEV1
        "Disk full on db-3\n"
        "\n"
        "\n"
        "in incident\n"
        "/incident status\n");
    CAPTURE(transcript);
    check_in_order(transcript,
                   {"alice in #ops> /incident declare SEV1",
                    "SEV1 · critical — Outage, data loss, security breach  (chosen)",
                    "form · Severity (SEV1, SEV2, SEV3, SEV4; Enter keeps SEV1)> ",
                    "form · Title> Disk full on db-3", "is open in #incident-", "SEV1"});
    CHECK_FALSE(contains(transcript, "! Severity is required"));
}

TEST_CASE("the sandbox escalates an unacknowledged SEV1 to its own people, level by level") {
    // No ESCALATION_SEV* given: @bob, then @carol, are paged, and the
    // timeline names them. An ack ends it: @dave is never paged.
    const auto transcript = run_drill(
        "/incident SEV1 Database primary down\n"
        "in incident\n"
        "wait 21m\n"
        "as @carol\n"
        "/incident ack\n"
        "wait 30m\n"
        "/incident timeline\n");
    CAPTURE(transcript);
    check_in_order(transcript, {"(5m later:", "*Escalation level 1*", "@bob please respond",
                                "(20m later:", "*Escalation level 2*", "@carol please respond",
                                "carol in #incident-", "> /incident ack", "acknowledged INC-",
                                "*Timeline of INC-", "*Escalation* level 1: @bob",
                                "*Escalation* level 2: @carol"});
    CHECK_FALSE(contains(transcript, "Escalation level 3"));
}

TEST_CASE("the sandbox keeps the escalation it is given, and lists people with their ids") {
    test::TempDir dir;
    bot::Config config;
    config.http_port = 0;
    config.db_path = dir.file("sandbox.db");
    config.runbook.escalation[core::index(core::Severity::Sev2)] = {
        {std::chrono::minutes(0), {"U0NOBODY"}}};
    std::istringstream in("users\n/incident SEV1 Database primary down\nin incident\nwait 21m\n");
    std::ostringstream out;
    CHECK(bot::run_sandbox(config, in, out, /*interactive=*/false) == 0);
    const auto transcript = out.str();
    CAPTURE(transcript);
    check_in_order(transcript, {"> users", "@bob (U", ")", "(21m later:"});
    CHECK_FALSE(contains(transcript, "Escalation level"));  // SEV1 has none configured
}

TEST_CASE("in the sandbox, a button on a reply only you see can be clicked, as in Slack") {
    const auto transcript = run_drill(
        "/incident SEV2 Search is slow\n"
        "in incident\n"
        "/incident comms internal\n"
        "click Post here\n"
        "click Post here\n");  // gone: the draft was replaced
    CAPTURE(transcript);
    check_in_order(transcript,
                   {"> /incident comms internal", "only visible to you", "[ Post here ]",
                    "> click Post here", "only visible to you · (replaced)",
                    "was posted in the incident channel", "*Subject:* [SEV2] Production Incident",
                    "> click Post here", "! no button \"Post here\""});
}

TEST_CASE(
    "in the sandbox, only a message Slack holds changed shows as edited, not one a day aged") {
    const auto transcript = run_drill(
        "/incident SEV3 Slow avatars\n"
        "in incident\n"
        "/incident status\n"
        "wait 2d\n"
        "/incident severity sev4\n");
    CAPTURE(transcript);
    const auto waited = transcript.find("> wait 2d");
    const auto changed = transcript.find("> /incident severity sev4");
    REQUIRE(waited != std::string::npos);
    REQUIRE(changed != std::string::npos);
    // Two days on, times render with their date and "ago" has grown, but no
    // message was edited, and the status reply was not replaced.
    const auto during = transcript.substr(waited, changed - waited);
    CHECK(during.find("(edited") == std::string::npos);
    CHECK(during.find("(replaced)") == std::string::npos);
    CHECK(transcript.find("(edited, pinned)", changed) != std::string::npos);
}

TEST_CASE("in the sandbox, a command typed while a form is open closes the form and runs") {
    // A newcomer who typed `/incident SEV2` (no title: the form opens) and
    // then a command was stuck: every line was taken as the form's answer.
    const auto transcript = run_drill(
        "/incident SEV2\n"
        "/incident SEV2 Checkout latency over 2 s\n"
        "/incident\n"
        "quit\n"
        "/incident list\n");
    CAPTURE(transcript);
    check_in_order(transcript, {"alice in #ops> /incident SEV2", "a form opened",
                                "Enter keeps SEV2)> /incident SEV2 Checkout latency over 2 s",
                                "(form closed; nothing was sent)", "is open in #incident-",
                                "alice in #ops> /incident", "a form opened", "SEV3, SEV4)> quit",
                                "(form closed; nothing was sent)"});
    CHECK_FALSE(contains(transcript, "no such choice"));
    // `quit` left: the line after it never ran.
    CHECK_FALSE(contains(transcript, "> /incident list"));
}

TEST_CASE(
    "the sandbox fills the declare form field by field, and :pushpin: puts a message on the "
    "timeline") {
    const auto transcript = run_drill(
        "/incident\n"
        "sev9\n"  // not a choice: asked again
        "sev2\n"
        "\n"  // the title is required: asked again
        "Checkout latency over 2 s\n"
        "p95 doubled after deploy 4411\n"
        "no\n"
        "in incident\n"
        "say rolled back deploy 4411, latency recovering\n"
        "show 1\n"
        "react :pushpin: 1\n"
        "react :pushpin: 1\n"  // already there: one clear line
        "pin 9999\n"
        "pin 1\n"  // the same message [1], though a pin notice is now the newest
        "unreact :pushpin: 1\n"
        "/incident timeline\n");
    CAPTURE(transcript);
    check_in_order(transcript, {"alice in #ops> /incident",
                                "a form opened: \"Declare an incident\"",
                                "SEV1 · critical — Outage, data loss, security breach",
                                "form · Severity (SEV1, SEV2, SEV3, SEV4)> sev9",
                                "! no such choice for Severity",
                                "form · Severity (SEV1, SEV2, SEV3, SEV4)> sev2",
                                "form · Title> ",
                                "! Title is required",
                                "form · Title> Checkout latency over 2 s",
                                "form · Description (optional, Enter skips)> p95 doubled",
                                "Private incident? (yes/no)> no",
                                "is open in #incident-",
                                "> say rolled back deploy 4411",
                                "> show 1",
                                "[1]",
                                "rolled back deploy 4411",
                                "> react :pushpin: 1",
                                "You reacted :pushpin: to message 1.",
                                "> react :pushpin: 1",
                                "! you already reacted :pushpin: to message 1",
                                "> pin 9999",
                                "! no message 9999 in #incident-",
                                "`show` numbers them",
                                "> pin 1",
                                "You pinned message 1.",
                                "> unreact :pushpin: 1",
                                "You took :pushpin: away from message 1.",
                                "> /incident timeline",
                                "*Declared* SEV2 Checkout latency over 2 s",
                                "*Message* rolled back deploy 4411, latency recovering"});
    CHECK_FALSE(contains(transcript, "operation_timeout"));
}

TEST_CASE(
    "the sandbox runs on PostgreSQL (SANDBOX_DB_URL), emptied of its own tables at each start") {
    const std::string url = test::PostgresServer::shared().create_database();
    const auto count = [&](const char* sql) {
        const auto conn = storage::postgres::open(url);
        auto q = conn->prepare(sql);
        REQUIRE(q->step());
        return q->int64(0);
    };
    // Something of someone else's in that database is left alone.
    storage::postgres::open(url)->exec(
        "CREATE TABLE not_ours (x INTEGER); INSERT INTO not_ours VALUES (7)");
    test::TempDir dir;
    test::ProcessOptions options;
    options.args = {"--sandbox"};
    options.env = {{"SANDBOX_DB_URL", url}, {"SANDBOX_DB_PATH", dir.file("unused.db")}};
    options.working_dir = dir.path();
    options.stdin_text =
        "/incident SEV2 Checkout slow\nin incident\n/incident note on postgres\n"
        "/incident timeline\nquit\n";
    for (int start = 1; start <= 2; ++start) {
        CAPTURE(start);
        const auto r = test::run(IB_BOT_BINARY, options, std::chrono::seconds(60));
        CAPTURE(r.err);
        CHECK(r.code == 0);
        // Numbered from 001 again: the first start's incident is gone.
        CHECK(contains(r.out, "-001 is open in #incident-"));
        CHECK_FALSE(contains(r.out, "-002"));
        check_in_order(r.out,
                       {"> /incident timeline", "*Declared* SEV2 Checkout slow", "on postgres"});
        CHECK(count("SELECT count(*) FROM incidents") == 1);
        CHECK(count("SELECT count(*) FROM timeline_events WHERE body = 'on postgres'") == 1);
        CHECK_FALSE(std::filesystem::exists(dir.file("unused.db")));
    }
    CHECK(count("SELECT x FROM not_ours") == 7);
}

TEST_CASE("erasing a PostgreSQL database drops every table the migrations made, and only those") {
    const std::string url = test::PostgresServer::shared().create_database();
    const auto tables = [&] {
        const auto conn = storage::postgres::open(url);
        auto q = conn->prepare(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename <> "
            "'not_ours'");
        REQUIRE(q->step());
        return q->int64(0);
    };
    storage::Database(url).schema_version();
    storage::postgres::open(url)->exec("CREATE TABLE not_ours (x INTEGER)");
    CHECK(tables() > 10);
    storage::Database::erase(url);
    CHECK(tables() == 0);
    CHECK(storage::Database(url).schema_version() == storage::latest_schema_version());
}

TEST_CASE("in the sandbox, the app removed from a private incident channel pages by DM") {
    const auto transcript = run_drill(
        "/incident SEV1 --private Payroll data exposed\n"
        "in incident\n"
        "remove @incident-bot\n"
        "remove @incident-bot\n"  // not in it any more: one clear line
        "wait 6m\n"
        "as @bob\n"
        "/incident ack\n"  // Bob is not in the private channel
        "in ops\n"
        "/incident INC-2026-001 ack\n");
    CAPTURE(transcript);
    check_in_order(transcript,
                   {"> remove @incident-bot", "You removed @incident-bot from #incident-",
                    "> remove @incident-bot", "! @incident-bot is not in #incident-",
                    "(5m later:", "You are now @bob", "── DM · incident-bot → you (@bob)",
                    "Escalation level 1", "or the bot was removed from it", "bob in #incident-",
                    "> /incident ack", "is private and you are not in it",
                    "bob in #ops> /incident INC-2026-001 ack", "Done: `ack`"});
}
