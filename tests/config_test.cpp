#include <doctest/doctest.h>

#include <fstream>

#include "bot/config.hpp"
#include "bot/logging.hpp"
#include "tests/support/message_text.hpp"
#include "tests/support/process.hpp"

namespace {
const std::string kApp = "xapp-1-A0TEST-1-secretappvalue";
const std::string kBot = "xoxb-1-secretbotvalue";

bot::Env good_env() {
    return bot::Env{{{"SLACK_APP_TOKEN", kApp}, {"SLACK_BOT_TOKEN", kBot}}};
}

std::string error_for(bot::Env env) {
    auto c = bot::load_config(env, bot::Mode::Slack);
    REQUIRE_FALSE(c.ok());
    return c.error().message;
}

bool mentions_secret(const std::string& s) {
    return s.find("secretappvalue") != std::string::npos ||
           s.find("secretbotvalue") != std::string::npos;
}
}  // namespace

TEST_CASE("the defaults follow the runbook's cadences when only tokens are set") {
    auto c = bot::load_config(good_env(), bot::Mode::Slack);
    REQUIRE(c.ok());
    using namespace std::chrono_literals;
    CHECK(c->api_url == "https://slack.com/api/");
    CHECK(c->db_path == "incidents.db");
    CHECK(c->db_sync == storage::SyncMode::Full);
    CHECK(c->runbook.cadence(core::Severity::Sev1) == 15min);
    CHECK(c->runbook.cadence(core::Severity::Sev2) == 30min);
    CHECK_FALSE(c->runbook.cadence(core::Severity::Sev3));
    CHECK_FALSE(c->runbook.cadence(core::Severity::Sev4));
    CHECK(c->runbook.respond_within[0] == 5min);
    CHECK(c->runbook.postmortem_due[0] == 24h);
    CHECK(c->runbook.postmortem_due[1] == 48h);
    CHECK(c->runbook.escalation[0].empty());
}

TEST_CASE("each bad setting gets its own line naming the variable, never the token") {
    auto env = good_env();
    SUBCASE("missing app token points at --sandbox") {
        bot::Env e{{{"SLACK_BOT_TOKEN", kBot}}};
        const auto msg = error_for(e);
        CHECK(msg.rfind("SLACK_APP_TOKEN:", 0) == 0);
        CHECK(msg.find("--sandbox") != std::string::npos);
    }
    SUBCASE("a bot token in the app token slot") {
        env.set("SLACK_APP_TOKEN", kBot);
        const auto msg = error_for(env);
        CHECK(msg.rfind("SLACK_APP_TOKEN: must start with xapp-", 0) == 0);
        CHECK_FALSE(mentions_secret(msg));
    }
    SUBCASE("a user token in the bot token slot") {
        env.set("SLACK_BOT_TOKEN", "xoxp-1-secretbotvalue");
        const auto msg = error_for(env);
        CHECK(msg.rfind("SLACK_BOT_TOKEN: must start with xoxb-", 0) == 0);
        CHECK_FALSE(mentions_secret(msg));
    }
    SUBCASE("a cadence with an unknown unit") {
        env.set("REMINDER_CADENCE_SEV1", "15x");
        const auto msg = error_for(env);
        CHECK(msg.rfind("REMINDER_CADENCE_SEV1:", 0) == 0);
        CHECK(msg.find("15x") != std::string::npos);
    }
    SUBCASE("plain http to a remote host") {
        env.set("SLACK_API_URL", "http://slack.example.com/api/");
        CHECK(error_for(env).rfind("SLACK_API_URL:", 0) == 0);
    }
    SUBCASE("a log level nobody knows") {
        env.set("LOG_LEVEL", "verbose");
        CHECK(error_for(env).rfind("LOG_LEVEL:", 0) == 0);
    }
    SUBCASE("a durability nobody knows") {
        env.set("DB_SYNC", "off");
        const auto msg = error_for(env);
        CHECK(msg.rfind("DB_SYNC:", 0) == 0);
        CHECK(msg.find("full or normal") != std::string::npos);
    }
    SUBCASE("an escalation contact that is not a Slack id") {
        env.set("ESCALATION_SEV1", "0m:alice");
        CHECK(error_for(env).rfind("ESCALATION_SEV1:", 0) == 0);
    }
    SUBCASE("an escalation for a severity with no response time, which would page nobody") {
        env.set("ESCALATION_SEV4", "0m:U01ONCALL");  // RESPOND_WITHIN_SEV4 is off by default
        const auto msg = error_for(env);
        CHECK(msg.rfind("ESCALATION_SEV4:", 0) == 0);
        CHECK(msg.find("RESPOND_WITHIN_SEV4") != std::string::npos);
        env.set("RESPOND_WITHIN_SEV4", "4h");
        CHECK(bot::load_config(env, bot::Mode::Slack).ok());
    }
}

TEST_CASE("DB_POOL_SIZE sets how many connections handle commands, 0 to 64") {
    CHECK(bot::load_config(good_env(), bot::Mode::Slack)->db_pool_size == 2);
    for (const auto* good : {"0", "1", "64"}) {
        auto env = good_env();
        env.set("DB_POOL_SIZE", good);
        const auto c = bot::load_config(env, bot::Mode::Slack);
        REQUIRE(c.ok());
        CHECK(c->db_pool_size == std::stoul(good));
        CHECK(test::contains(c->describe(), std::string("DB_POOL_SIZE=") + good));
    }
    for (const auto* bad : {"65", "-1", "four", ""}) {
        auto env = good_env();
        env.set("DB_POOL_SIZE", bad);
        CHECK(error_for(env).rfind("DB_POOL_SIZE:", 0) == 0);
    }
}

TEST_CASE("plain http is fine on loopback, and the base URL gains its trailing slash") {
    auto env = good_env();
    env.set("SLACK_API_URL", "http://127.0.0.1:8080/api");
    auto c = bot::load_config(env, bot::Mode::Slack);
    REQUIRE(c.ok());
    CHECK(c->api_url == "http://127.0.0.1:8080/api/");
}

TEST_CASE("escalation levels read delays and user or group ids") {
    auto env = good_env();
    env.set("ESCALATION_SEV1", "0m:U01ONCALL;15m:U02SECOND,S03SRE;30m:U04LEAD");
    auto c = bot::load_config(env, bot::Mode::Slack);
    REQUIRE(c.ok());
    const auto& policy = c->runbook.escalation[0];
    REQUIRE(policy.size() == 3);
    CHECK(policy[1].after == std::chrono::minutes(15));
    CHECK(policy[1].contacts == std::vector<std::string>{"U02SECOND", "S03SRE"});
    env.set("ESCALATION_SEV1", "15m:U01ONCALL;5m:U02SECOND");
    CHECK_FALSE(bot::load_config(env, bot::Mode::Slack).ok());
}

TEST_CASE("the sandbox needs no tokens and keeps a database of its own") {
    auto c = bot::load_config(bot::Env{}, bot::Mode::Sandbox);
    REQUIRE(c.ok());
    CHECK(c->db_path == "incidents-sandbox.db");
    // It empties that database at start: never the real one.
    const auto same = bot::load_config(bot::Env({{"INCIDENT_DB_PATH", "/var/lib/ib/i.db"},
                                                 {"SANDBOX_DB_PATH", "/var/lib/ib/i.db"}}),
                                       bot::Mode::Sandbox);
    REQUIRE_FALSE(same.ok());
    CHECK(same.error().message.find("SANDBOX_DB_PATH") == 0);
    // On PostgreSQL: SANDBOX_DB_URL, never INCIDENT_DB_URL, and never the same database.
    const std::string url = "postgresql://ib@db.internal/incidents";
    const auto real = bot::load_config(bot::Env({{"INCIDENT_DB_URL", url}}), bot::Mode::Sandbox);
    REQUIRE(real.ok());
    CHECK(real->db_target() == "incidents-sandbox.db");
    const auto own =
        bot::load_config(bot::Env({{"INCIDENT_DB_URL", url}, {"SANDBOX_DB_URL", url + "_sandbox"}}),
                         bot::Mode::Sandbox);
    REQUIRE(own.ok());
    CHECK(own->db_target() == url + "_sandbox");
    const auto shared = bot::load_config(
        bot::Env({{"INCIDENT_DB_URL", url}, {"SANDBOX_DB_URL", url}}), bot::Mode::Sandbox);
    REQUIRE_FALSE(shared.ok());
    CHECK(shared.error().message.find("SANDBOX_DB_URL") == 0);
    CHECK_FALSE(
        bot::load_config(bot::Env({{"SANDBOX_DB_URL", "/tmp/x.db"}, {"SANDBOX_DB_PATH", "s.db"}}),
                         bot::Mode::Sandbox)
            .ok());
}

TEST_CASE("the sandbox serves the dashboard on a free loopback port unless HTTP_ADDR says") {
    auto c = bot::load_config(bot::Env{}, bot::Mode::Sandbox);
    REQUIRE(c.ok());
    CHECK(c->http_enabled);
    CHECK(c->http_host == "127.0.0.1");
    CHECK(c->http_port == 0);
    auto fixed = bot::load_config(
        bot::Env(std::map<std::string, std::string>{{"HTTP_ADDR", "127.0.0.1:9300"}}),
        bot::Mode::Sandbox);
    REQUIRE(fixed.ok());
    CHECK(fixed->http_port == 9300);
    auto off = bot::load_config(bot::Env(std::map<std::string, std::string>{{"HTTP_ADDR", "off"}}),
                                bot::Mode::Sandbox);
    REQUIRE(off.ok());
    CHECK_FALSE(off->http_enabled);
}

TEST_CASE("a .env file is read and the real environment wins over it") {
    auto parsed = bot::parse_dotenv(
        "# comment\nexport SLACK_APP_TOKEN=\"xapp-from-file\"\nLOG_LEVEL=debug # trailing\n\n"
        "REMINDER_CADENCE_SEV1='5m'\n",
        ".env");
    REQUIRE(parsed.ok());
    CHECK(parsed->at("SLACK_APP_TOKEN") == "xapp-from-file");
    CHECK(parsed->at("LOG_LEVEL") == "debug");
    CHECK(parsed->at("REMINDER_CADENCE_SEV1") == "5m");
    auto bad = bot::parse_dotenv("JUST SOME TEXT\n", ".env");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message == ".env line 1: expected NAME=value");

    test::TempDir dir;
    std::ofstream(dir.file(".env")) << "LOG_LEVEL=debug\nREMINDER_CADENCE_SEV2=5m\n";
    // The binary reads .env from its working directory; the environment overrides LOG_LEVEL.
    auto r = test::run(
        IB_BOT_BINARY,
        {.args = {"--print-config"},
         .env = {{"SLACK_APP_TOKEN", kApp}, {"SLACK_BOT_TOKEN", kBot}, {"LOG_LEVEL", "warn"}},
         .working_dir = dir.path()});
    CHECK(r.code == 0);
    CHECK(r.out.find("LOG_LEVEL=warn") != std::string::npos);
    CHECK(r.out.find("REMINDER_CADENCE_SEV2=5m") != std::string::npos);
    CHECK(r.out.find("SLACK_BOT_TOKEN=xoxb-****") != std::string::npos);
    CHECK_FALSE(mentions_secret(r.out + r.err));
}

TEST_CASE("the binary with no configuration exits 2 naming SLACK_APP_TOKEN and --sandbox") {
    test::TempDir dir;
    auto r = test::run(IB_BOT_BINARY, {.working_dir = dir.path()});
    CHECK(r.code == 2);
    CHECK(r.err.find("SLACK_APP_TOKEN") != std::string::npos);
    CHECK(r.err.find("--sandbox") != std::string::npos);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
}

TEST_CASE("a bad value stops the binary with exit 2 and no token in the output") {
    test::TempDir dir;
    auto r =
        test::run(IB_BOT_BINARY,
                  {.env = {{"SLACK_APP_TOKEN", kApp}, {"SLACK_BOT_TOKEN", "xoxp-1-secretbotvalue"}},
                   .working_dir = dir.path()});
    CHECK(r.code == 2);
    CHECK(r.err.find("SLACK_BOT_TOKEN") != std::string::npos);
    CHECK_FALSE(mentions_secret(r.out + r.err));
}

TEST_CASE("a database file or CA file that cannot be used stops the binary with exit 2") {
    test::TempDir dir;
    std::ofstream(dir.file("notes.txt")) << "not a database, not a certificate\n";
    const auto run_with = [&](const std::string& variable, const std::string& value) {
        test::ProcessOptions options{.working_dir = dir.path()};
        options.env = {{"SLACK_APP_TOKEN", kApp},
                       {"SLACK_BOT_TOKEN", kBot},
                       // Nothing listens there: the start must stop before any call.
                       {"SLACK_API_URL", "http://127.0.0.1:9/api/"},
                       {"HTTP_ADDR", "off"},
                       {"INCIDENT_DB_PATH", dir.file("incidents.db")}};
        options.env[variable] = value;
        return test::run(IB_BOT_BINARY, options, std::chrono::seconds(10));
    };
    const auto last_line = [](const std::string& err) {
        const auto end = err.find_last_not_of('\n');
        const auto start = err.rfind('\n', end);
        return err.substr(start == std::string::npos ? 0 : start + 1, end - start);
    };
    // Found before anything is logged: the one line on stderr.
    for (const auto& [value, why] : {std::pair{dir.file("missing/incidents.db"), "does not exist"},
                                     std::pair{dir.path(), "is a directory"}}) {
        CAPTURE(value);
        const auto r = run_with("INCIDENT_DB_PATH", value);
        CHECK(r.code == 2);
        CHECK(r.err.starts_with("incident-bot: INCIDENT_DB_PATH: "));
        CHECK(test::contains(r.err, why));
        CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    }
    // Found when SQLite reads it: the last line, after the configuration.
    const auto r = run_with("INCIDENT_DB_PATH", dir.file("notes.txt"));
    CHECK(r.code == 2);
    CHECK(last_line(r.err) == "incident-bot: INCIDENT_DB_PATH: cannot open database " +
                                  dir.file("notes.txt") + ": file is not a database");
    CHECK_FALSE(mentions_secret(r.out + r.err));

    for (const auto& [value, why] :
         {std::pair{dir.file("missing.pem"), "cannot be opened: No such file or directory"},
          std::pair{dir.file("notes.txt"), "cannot be read as PEM CA certificates"}}) {
        CAPTURE(value);
        const auto ca = run_with("SSL_CERT_FILE", value);
        CHECK(ca.code == 2);
        CHECK(ca.err.starts_with("incident-bot: SSL_CERT_FILE: `" + value + "` "));
        CHECK(test::contains(ca.err, why));
        CHECK(std::count(ca.err.begin(), ca.err.end(), '\n') == 1);
    }
}

TEST_CASE("tokens are scrubbed from anything logged") {
    CHECK(bot::scrub_tokens("calling with xoxb-123-abc and xapp-1-A-2-def") ==
          "calling with xoxb-**** and xapp-****");
    CHECK(bot::redact_token(kBot) == "xoxb-****");
    CHECK(bot::redact_token("garbage") == "****");
}

TEST_CASE("the announcement channel is a #name or a channel id, updates and status page checked") {
    auto env = good_env();
    auto c = bot::load_config(env, bot::Mode::Slack);
    REQUIRE(c.ok());
    CHECK(c->announce_channel.empty());
    CHECK_FALSE(c->announce_updates);
    env.set("INCIDENT_ANNOUNCE_CHANNEL", "#incidents");
    env.set("ANNOUNCE_UPDATES", "true");
    env.set("STATUS_PAGE_URL", "https://status.example.com");
    c = bot::load_config(env, bot::Mode::Slack);
    REQUIRE(c.ok());
    CHECK(c->announce_channel == "#incidents");
    CHECK(c->announce_updates);
    CHECK(c->status_page_url == "https://status.example.com");
    env.set("INCIDENT_ANNOUNCE_CHANNEL", "C0123456789");
    CHECK(bot::load_config(env, bot::Mode::Slack).ok());

    env.set("INCIDENT_ANNOUNCE_CHANNEL", "incidents");
    CHECK(error_for(env).starts_with("INCIDENT_ANNOUNCE_CHANNEL: "));
    env.set("INCIDENT_ANNOUNCE_CHANNEL", "#incidents");
    env.set("ANNOUNCE_UPDATES", "yes");
    CHECK(error_for(env).starts_with("ANNOUNCE_UPDATES: "));
    env.set("ANNOUNCE_UPDATES", "false");
    env.set("STATUS_PAGE_URL", "status.example.com");
    CHECK(error_for(env).starts_with("STATUS_PAGE_URL: "));
}
