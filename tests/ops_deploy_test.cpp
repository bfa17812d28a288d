// What an operator installs: the systemd unit, the Alertmanager and
// Prometheus snippets (checked by the tools that will read them), --version,
// the new settings' validation, and LOG_FORMAT=json through the real binary.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "bot/config.hpp"
#include "tests/support/message_text.hpp"
#include "tests/support/ops_http.hpp"
#include "tests/support/process.hpp"
#include "tests/support/slack_world.hpp"

using namespace std::chrono_literals;

using test::contains;

namespace {

std::string read(const std::string& path) {
    std::ifstream f(path);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}

test::RunResult tool(const std::string& name, std::vector<std::string> args) {
    const auto program = test::find_program(name);
    REQUIRE_MESSAGE(!program.empty(), name << " is missing: run scripts/setup.sh --tests");
    return test::run(program, {.args = std::move(args)}, 30s);
}

core::Result<bot::Config> config_with(std::map<std::string, std::string> extra) {
    std::map<std::string, std::string> env{{"SLACK_APP_TOKEN", "xapp-1-A1-1-abc"},
                                           {"SLACK_BOT_TOKEN", "xoxb-1-2-abc"}};
    for (auto& [k, v] : extra) env[k] = v;
    return bot::load_config(bot::Env{env}, bot::Mode::Slack);
}

}  // namespace

TEST_CASE("the systemd unit passes systemd-analyze verify with its hardening in place") {
    const auto unit = read(IB_SOURCE_DIR "/deploy/incident-bot.service");
    for (const char* line :
         {"DynamicUser=yes", "StateDirectory=incident-bot", "EnvironmentFile=/etc/incident-bot/env",
          "Restart=always", "ProtectSystem=strict", "NoNewPrivileges=yes", "PrivateTmp=yes",
          "ProtectHome=yes", "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX",
          "SystemCallFilter=@system-service"})
        CHECK_MESSAGE(contains(unit, line), line);
    if (test::find_program("systemd-analyze").empty()) {
        MESSAGE("systemd-analyze is not installed here: the unit was checked by its lines only");
        return;
    }
    // verify wants ExecStart to exist: point it at the binary just built.
    test::TempDir dir;
    std::string copy = unit;
    const std::string exec = "ExecStart=/usr/local/bin/incident-bot";
    REQUIRE(copy.find(exec) != std::string::npos);
    copy.replace(copy.find(exec), exec.size(), std::string("ExecStart=") + IB_BOT_BINARY);
    std::ofstream(dir.file("incident-bot.service")) << copy;
    const auto r = tool("systemd-analyze", {"verify", dir.file("incident-bot.service")});
    CHECK_MESSAGE(r.code == 0, r.err);
    // It exits 0 on unknown keys too, with a warning: there must be none.
    CHECK_MESSAGE(r.err.empty(), r.err);
}

TEST_CASE("the Alertmanager receiver and Prometheus scrape snippets pass amtool and promtool") {
    const auto am =
        tool("amtool", {"check-config", IB_SOURCE_DIR "/deploy/alertmanager-receiver.yml"});
    CHECK_MESSAGE(am.code == 0, am.out << am.err);
    const auto prom =
        tool("promtool", {"check", "config", IB_SOURCE_DIR "/deploy/prometheus-scrape.yml"});
    CHECK_MESSAGE(prom.code == 0, prom.out << prom.err);
}

TEST_CASE("--version prints the version and the git commit it was built from") {
    const auto r = test::run(IB_BOT_BINARY, {.args = {"--version"}}, 10s);
    CHECK(r.code == 0);
    CHECK(r.out.rfind("incident-bot 0.", 0) == 0);
    CHECK(contains(r.out, "(commit "));
    CHECK_FALSE(contains(r.out, "commit unknown"));
}

TEST_CASE("a bad operations setting names its variable") {
    CHECK(config_with({{"HTTP_ADDR", "nowhere"}}).error().message.rfind("HTTP_ADDR:", 0) == 0);
    CHECK(config_with({{"HTTP_ADDR", "127.0.0.1:70000"}}).error().message.rfind("HTTP_ADDR:", 0) ==
          0);
    CHECK(config_with({{"HTTP_ADDR", "0.0.0.0:9187"}}).error().message.rfind("HTTP_TOKEN:", 0) ==
          0);
    CHECK(config_with({{"HTTP_ADDR", "0.0.0.0:9187"}, {"HTTP_TOKEN", "t0k3n"}}).ok());
    CHECK(config_with({{"HTTP_ADDR", "[::1]:9187"}}).ok());
    CHECK_FALSE(config_with({{"HTTP_ADDR", "off"}})->http_enabled);
    CHECK(config_with({{"HTTP_MAX_BODY_BYTES", "lots"}})
              .error()
              .message.rfind("HTTP_MAX_BODY_BYTES:", 0) == 0);
    CHECK(
        config_with({{"HTTP_READ_TIMEOUT", "0s"}}).error().message.rfind("HTTP_READ_TIMEOUT:", 0) ==
        0);
    CHECK(config_with({{"ALERT_SEVERITY_MAP", "page"}})
              .error()
              .message.rfind("ALERT_SEVERITY_MAP:", 0) == 0);
    CHECK(config_with({{"ALERT_DEFAULT_SEVERITY", "SEV7"}})
              .error()
              .message.rfind("ALERT_DEFAULT_SEVERITY:", 0) == 0);
    CHECK(config_with({{"ALERT_AUTO_RESOLVE", "yes"}})
              .error()
              .message.rfind("ALERT_AUTO_RESOLVE:", 0) == 0);
    CHECK(config_with({{"LOG_FORMAT", "xml"}}).error().message.rfind("LOG_FORMAT:", 0) == 0);
    const auto tokens =
        config_with({{"HTTP_TOKEN", "http-secret-1"}, {"ALERTMANAGER_TOKEN", "am-secret-2"}});
    REQUIRE(tokens.ok());
    CHECK_FALSE(contains(tokens->describe(), "secret"));
}

TEST_CASE("with LOG_FORMAT=json every log line is a JSON object naming the incident it is about") {
    test::SlackWorld w;
    w.start_bot({{"LOG_FORMAT", "json"}, {"LOG_LEVEL", "info"}});
    w.command_acked(w.alice, w.ops, "SEV2 Search is down");
    REQUIRE(w.channel_named("incident-" + test::SlackWorld::today() + "-search-is-down"));
    std::istringstream lines(w.bot_log());
    std::string line;
    int objects = 0, with_incident = 0;
    while (std::getline(lines, line)) {
        const auto j = nlohmann::json::parse(line, nullptr, false);
        REQUIRE_MESSAGE((!j.is_discarded() && j.is_object()), "not a JSON object: " << line);
        CHECK(j.contains("time"));
        CHECK(j.contains("level"));
        CHECK(j.contains("message"));
        if (j.value("incident", "") == "INC-" + test::SlackWorld::today().substr(0, 4) + "-001")
            ++with_incident;
        ++objects;
    }
    CHECK(objects > 3);
    CHECK(with_incident >= 1);
}

namespace {

test::RunResult check(test::SlackWorld& w, std::map<std::string, std::string> extra) {
    test::TempDir dir;
    std::map<std::string, std::string> env{{"SLACK_APP_TOKEN", w.slack.options().app_token},
                                           {"SLACK_BOT_TOKEN", w.slack.options().bot_token},
                                           {"SLACK_API_URL", w.slack.api_url()},
                                           {"INCIDENT_DB_PATH", dir.file("check.db")}};
    for (auto& [k, v] : extra) env[k] = v;
    return test::run(IB_BOT_BINARY, {.args = {"--check"}, .env = env}, 30s);
}

}  // namespace

TEST_CASE("--check passes line by line when tokens, scopes, channel and contacts are in place") {
    test::SlackWorld w;
    const auto sre = w.slack.add_user_group("sre-oncall", {w.alice, w.bob});
    const auto r = check(w, {{"ALERT_DECLARE_CHANNEL", w.ops},
                             {"INCIDENT_ANNOUNCE_CHANNEL", "#ops"},
                             {"ESCALATION_SEV1", "0m:" + w.alice + ";15m:" + sre}});
    CHECK_MESSAGE(r.code == 0, r.out << r.err);
    for (const char* what :
         {"ok    database:", "ok    SLACK_BOT_TOKEN:", "ok    scopes:",
          "ok    SLACK_APP_TOKEN: Socket Mode connected", "ok    ALERT_DECLARE_CHANNEL: #ops",
          "ok    INCIDENT_ANNOUNCE_CHANNEL: #ops", "ok    escalation ", "@sre-oncall"})
        CHECK_MESSAGE(contains(r.out, what), what << " in:\n" << r.out);
    CHECK_FALSE(contains(r.out + r.err, w.slack.options().bot_token));
    CHECK_FALSE(contains(r.out + r.err, w.slack.options().app_token));
}

TEST_CASE("--check says what is wrong and how to fix it, and exits 1") {
    test::SlackWorld w;
    const auto r = check(w, {{"ALERT_DECLARE_CHANNEL", "CNOSUCHONE"},
                             {"INCIDENT_ANNOUNCE_CHANNEL", "#no-such-channel"},
                             {"ESCALATION_SEV1", "0m:UNOBODY1"},
                             {"SLACK_BOT_TOKEN", "xoxb-1-2-notthebotstoken"}});
    CHECK(r.code == 1);
    CHECK(contains(r.out, "FAIL  SLACK_BOT_TOKEN: auth.test failed (invalid_auth)"));
    CHECK(contains(r.out, "FAIL  ALERT_DECLARE_CHANNEL: CNOSUCHONE"));
    // With a wrong bot token the channel cannot be looked up either: said, not skipped.
    CHECK(contains(r.out, "FAIL  INCIDENT_ANNOUNCE_CHANNEL: #no-such-channel"));
    CHECK(contains(r.out, "FAIL  escalation UNOBODY1"));
    CHECK(contains(r.out, "ok    SLACK_APP_TOKEN"));
    CHECK_FALSE(contains(r.out + r.err, "notthebotstoken"));
}

TEST_CASE("--check finds escalation user groups that do not exist or are disabled") {
    test::SlackWorld w;
    const auto sre = w.slack.add_user_group("sre-oncall", {w.alice});
    const auto old = w.slack.add_user_group("old-dbas", {w.bob}, /*disabled=*/true);
    const auto r = check(w, {{"ESCALATION_SEV1", "0m:" + sre + ";15m:" + old + ";30m:S0NOSUCH1"}});
    CHECK(r.code == 1);
    CHECK_MESSAGE(contains(r.out, "ok    escalation " + sre + ": @sre-oncall"), r.out);
    CHECK(contains(r.out, "FAIL  escalation " + old + ": @old-dbas is disabled"));
    CHECK(contains(r.out, "FAIL  escalation S0NOSUCH1: no such user group"));
}
