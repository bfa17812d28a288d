// After resolve through the real binary: the post-mortem draft uploaded to
// the emulated Slack's channel, then `incident-bot export` and `incident-bot
// stats` reading the same database from the shell while the bot runs.
#include <doctest/doctest.h>

#include <yaml-cpp/yaml.h>

#include "tests/support/message_text.hpp"
#include "tests/support/slack_world.hpp"

using namespace std::chrono_literals;
using test::SlackWorld;

using test::contains;

namespace {

test::RunResult shell(SlackWorld& w, std::vector<std::string> args) {
    test::ProcessOptions options;
    options.args = std::move(args);
    // No Slack tokens: the reports need only the database.
    options.env = {{"INCIDENT_DB_PATH", w.db_path()}};
    return test::run(IB_BOT_BINARY, options, std::chrono::seconds(30));
}

}  // namespace

TEST_CASE("postmortem uploads the draft, and the shell exports and counts while the bot runs") {
    SlackWorld w;
    w.start_bot();
    w.command_acked(w.alice, w.ops, "SEV1 Payment processing outage");
    const auto channel =
        w.channel_named("incident-" + SlackWorld::today() + "-payment-processing-outage");
    REQUIRE(channel);
    // The channel shows in Slack before the bot has stored its id; the
    // opening message comes after, so commands typed now find the incident.
    REQUIRE(w.eventually([&] { return !w.bot_messages(channel->id).empty(); }));
    const std::string key = "INC-" + SlackWorld::today().substr(0, 4) + "-001";
    w.command_acked(w.alice, channel->id, "ack");
    w.command_acked(w.alice, channel->id, "impact users: 15000 | revenue: $45000");
    w.command_acked(w.alice, channel->id,
                    "action Add monitoring for the connection pool <@" + w.bob + "> due 3d");
    w.command_acked(w.alice, channel->id, "resolve rolled back");
    w.command_acked(w.alice, channel->id, "postmortem");
    REQUIRE(w.eventually([&] { return !w.slack.files().empty(); }));
    const auto file = w.slack.files().front();
    CHECK(file.channel == channel->id);
    CHECK(file.name == key + "-postmortem.md");
    CHECK(contains(file.content, "## Post-mortem checklist"));
    CHECK(contains(file.content, "- Users affected: 15,000"));

    const auto yaml = shell(w, {"export", key, "--format", "yaml"});
    CAPTURE(yaml.err);
    REQUIRE(yaml.code == 0);
    const auto doc = YAML::Load(yaml.out)["incident"];
    CHECK(doc["id"].as<std::string>() == key);
    CHECK(doc["impact"]["revenue_lost"].as<std::string>() == "$45000");
    CHECK(doc["action_items"][0].as<std::string>() == "Add monitoring for the connection pool");

    const auto all = shell(w, {"export", "--all", "--since", "2020-01-01", "--format", "json"});
    REQUIRE(all.code == 0);
    const auto list = nlohmann::json::parse(all.out);
    REQUIRE(list.is_array());
    CHECK(list.size() == 1);

    const auto stats = shell(w, {"stats", "--format", "json"});
    REQUIRE(stats.code == 0);
    CHECK(nlohmann::json::parse(stats.out).at("by_severity").at("SEV1").at("resolved") == 1);
    // A window as `/incident stats 30d` says it, or all of it.
    for (const char* since : {"30d", "all"}) {
        CAPTURE(since);
        const auto windowed = shell(w, {"stats", "--since", since, "--format", "json"});
        REQUIRE(windowed.code == 0);
        CHECK(nlohmann::json::parse(windowed.out).at("by_severity").at("SEV1").at("resolved") == 1);
    }
    const auto recent = shell(w, {"export", "--all", "--since", "1d", "--format", "json"});
    REQUIRE(recent.code == 0);
    CHECK(nlohmann::json::parse(recent.out).size() == 1);
    const auto bad = shell(w, {"stats", "--since", "30x"});
    CHECK(bad.code != 0);
    CHECK(contains(bad.err, "a number of days (30d)"));

    // The bot kept working through it all.
    w.command_acked(w.alice, channel->id, "note exported");
}

TEST_CASE("a file Slack will not take is reported to the person who asked, with another way") {
    emulator::Options options;
    options.file_uploads_disabled = true;
    SlackWorld w(options);
    w.start_bot();
    w.command_acked(w.alice, w.ops, "SEV2 Search is slow");
    const auto channel = w.channel_named("incident-" + SlackWorld::today() + "-search-is-slow");
    REQUIRE(channel);
    REQUIRE(w.eventually([&] { return !w.bot_messages(channel->id).empty(); }));
    w.command_acked(w.alice, channel->id, "export json");
    const std::string key = "INC-" + SlackWorld::today().substr(0, 4) + "-001";
    std::string told;
    REQUIRE(w.eventually([&] {
        for (const auto& text : w.ephemeral_texts(w.alice))
            if (contains(text, "Slack did not take the file")) told = text;
        return !told.empty();
    }));
    CHECK(contains(told, key + ".json"));
    CHECK(contains(told, "file_uploads_disabled"));
    CHECK(contains(told, "incident-bot export " + key + " --format json"));
    CHECK(w.slack.files().empty());
    // Said once, and the incident carries on.
    w.command_acked(w.alice, channel->id, "note still here");
    int times = 0;
    for (const auto& text : w.ephemeral_texts(w.alice))
        if (contains(text, "Slack did not take the file")) ++times;
    CHECK(times == 1);
}

TEST_CASE("export of an unknown incident is one line and exit 1, and needs no tokens") {
    SlackWorld w;
    w.start_bot();
    w.command_acked(w.alice, w.ops, "SEV3 Docs typo");
    REQUIRE(w.channel_named("incident-" + SlackWorld::today() + "-docs-typo"));
    const auto r = shell(w, {"export", "INC-1999-042"});
    CHECK(r.code == 1);
    CHECK(r.out.empty());
    CHECK(r.err == "incident-bot: no incident INC-1999-042 in " + w.db_path() + "\n");
    CHECK(shell(w, {"export", "--all", "--format", "md"}).code == 2);
}
