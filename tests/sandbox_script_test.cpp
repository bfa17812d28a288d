#include <doctest/doctest.h>

#include <map>

#include "sandbox/script.hpp"

using namespace std::chrono_literals;

namespace {

template <class T>
T parsed(std::string_view line) {
    const auto r = sandbox::parse_line(line);
    REQUIRE_MESSAGE(r.ok(), line);
    REQUIRE_MESSAGE(std::holds_alternative<T>(*r), line);
    return std::get<T>(*r);
}

std::string error_of(std::string_view line) {
    const auto r = sandbox::parse_line(line);
    REQUIRE_MESSAGE(!r.ok(), line);
    CHECK(r.error().code == "bad_input");
    CHECK(r.error().message.find('\n') == std::string::npos);
    return r.error().message;
}

sandbox::IdLookup lookup(std::map<std::string, std::string, std::less<>> ids) {
    return [ids = std::move(ids)](std::string_view name) -> std::optional<std::string> {
        const auto it = ids.find(name);
        return it == ids.end() ? std::nullopt : std::optional{it->second};
    };
}

}  // namespace

TEST_CASE("slash command text is passed through exactly as typed") {
    const auto c = parsed<sandbox::SlashCommand>("/incident SEV1 Payment <down> & @bob  ");
    CHECK(c.command == "/incident");
    CHECK(c.text == "SEV1 Payment <down> & @bob");
    CHECK(parsed<sandbox::SlashCommand>("/INCIDENT").text == "");
    CHECK(error_of("/deploy now").find("only /incident") != std::string::npos);
}

TEST_CASE("sandbox verbs parse into typed actions") {
    CHECK(parsed<sandbox::SwitchUser>("as @Alice").name == "alice");
    CHECK(parsed<sandbox::SwitchUser>("as erin").name == "erin");
    CHECK(parsed<sandbox::SwitchChannel>("in #ops").name == "ops");
    CHECK(parsed<sandbox::SwitchChannel>("in general").name == "general");
    CHECK(parsed<sandbox::SwitchChannel>("in incident").newest_incident);
    CHECK_FALSE(parsed<sandbox::SwitchChannel>("in #incident-2026-01-01-x").newest_incident);
    parsed<sandbox::ListChannels>("channels");
    parsed<sandbox::ListUsers>("users");
    parsed<sandbox::Help>("HELP");
    parsed<sandbox::Quit>("quit");
    parsed<sandbox::Quit>("exit");
    CHECK(parsed<sandbox::ClickButton>("click I'll be IC").label == "I'll be IC");
    CHECK(parsed<sandbox::ClickButton>("click \"Resolve\"").label == "Resolve");
    const auto pick = parsed<sandbox::PickUser>("pick Tech Lead @Bob");
    CHECK(pick.target == "Tech Lead");
    CHECK(pick.user == "bob");
    CHECK(parsed<sandbox::Wait>("wait 15m").duration == 15min);
    CHECK(parsed<sandbox::Wait>("wait 1h30m").duration == 90min);
    CHECK(parsed<sandbox::Wait>("wait 90s").duration == 90s);
    CHECK(parsed<sandbox::RemoveMember>("remove @Incident-Bot").user == "incident-bot");
}

TEST_CASE("show takes an optional channel and count in either order") {
    auto s = parsed<sandbox::ShowChannel>("show");
    CHECK_FALSE(s.channel);
    CHECK(s.count == sandbox::kDefaultShowCount);
    s = parsed<sandbox::ShowChannel>("show #ops 3");
    CHECK(s.channel == "ops");
    CHECK(s.count == 3);
    s = parsed<sandbox::ShowChannel>("show 5 general");
    CHECK(s.channel == "general");
    CHECK(s.count == 5);
}

TEST_CASE("comments and blank lines do nothing") {
    CHECK(parsed<sandbox::Comment>("# declare the incident").text == "# declare the incident");
    parsed<sandbox::Comment>("");
    parsed<sandbox::Comment>("   \r");
}

TEST_CASE("mistakes get one line that says what would work") {
    CHECK(error_of("dance").find("help") != std::string::npos);
    CHECK(error_of("wait").find("wait 15m") != std::string::npos);
    CHECK(error_of("wait 15").find("wait 15m") != std::string::npos);
    CHECK(error_of("as").find("as @name") != std::string::npos);
    CHECK(error_of("as @bob @carol").find("as @name") != std::string::npos);
    CHECK(error_of("in").find("in #channel") != std::string::npos);
    CHECK(error_of("click").find("click <") != std::string::npos);
    CHECK(error_of("pick @bob").find("pick <") != std::string::npos);
    CHECK(error_of("pick tech bob").find("pick <") != std::string::npos);
    CHECK(error_of("show 0").find("at least 1") != std::string::npos);
    CHECK(error_of("show a b c").find("show [#channel]") != std::string::npos);
    CHECK(error_of("quit now").find("no arguments") != std::string::npos);
    for (const auto* line : {"remove", "remove bob", "remove @bob @carol"})
        CHECK_MESSAGE(error_of(line).find("usage: remove @user") != std::string::npos, line);
}

TEST_CASE("typed command text is escaped the way Slack escapes it") {
    const auto users = lookup({{"bob", "U2"}, {"alice", "U1"}});
    const auto channels = lookup({{"ops", "C1"}});
    CHECK(sandbox::escape_like_slack("role ic @bob", users, channels) == "role ic <@U2|bob>");
    CHECK(sandbox::escape_like_slack("SEV1 <b> & co", users, channels) ==
          "SEV1 &lt;b&gt; &amp; co");
    CHECK(sandbox::escape_like_slack("see #ops, ask @alice.", users, channels) ==
          "see <#C1|ops>, ask <@U1|alice>.");
    CHECK(sandbox::escape_like_slack("@here @channel @everyone", users, channels) ==
          "<!here> <!channel> <!everyone>");
    CHECK(sandbox::escape_like_slack("@nobody #nowhere mail a@bob.io", users, channels) ==
          "@nobody #nowhere mail a@bob.io");
    CHECK(sandbox::escape_like_slack("<!channel>", users, channels) == "&lt;!channel&gt;");
}
