// The sandbox session against a real emulated Slack with no bot attached:
// everything that does not need the bot's answer. The full transcript
// (declare, click, update, wait, resolve) runs with the bot wired in.
#include <doctest/doctest.h>

#include <sstream>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "emulator/slack_emulator.hpp"
#include "sandbox/session.hpp"
#include "tests/support/http_test_client.hpp"

using namespace std::chrono_literals;

namespace {

// 2026-05-01 14:00:00 UTC
constexpr std::int64_t kStart = 1777644000;

struct Sandbox {
    boost::asio::io_context io;
    core::ManualClock clock{core::from_unix_seconds(kStart)};
    emulator::SlackEmulator slack{io, clock, emulator::Options{}};
    std::ostringstream out;
    sandbox::Session session{slack, clock, out, options()};

    static sandbox::SessionOptions options() {
        sandbox::SessionOptions o;
        o.echo_input = true;
        o.ack_timeout = 50ms;  // no bot answers; do not wait Slack's 3 s
        return o;
    }

    // What the person sees after typing `line` (and only that).
    std::string type(const std::string& line) {
        out.str("");
        CHECK(session.handle_line(line));
        return out.str();
    }
};

// The sandbox's emulated Slack served on a port for as long as it lives, so
// a test can call its Web API as the bot would (chat.postMessage to a user).
class WebApi {
  public:
    explicit WebApi(Sandbox& s)
        : slack_(s.slack),
          io_(s.io),
          port_(s.slack.listen()),
          work_(boost::asio::make_work_guard(s.io)),
          thread_([this] { io_.run(); }) {}
    ~WebApi() {
        slack_.stop();
        work_.reset();
        io_.stop();
        thread_.join();
    }
    nlohmann::json call(const std::string& method, const nlohmann::json& args) {
        return test::HttpTestClient("127.0.0.1", port_)
            .api(method, args, slack_.options().bot_token)
            .json();
    }

  private:
    emulator::SlackEmulator& slack_;
    boost::asio::io_context& io_;
    unsigned short port_;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
    std::thread thread_;
};

std::vector<std::string> member_names(const Sandbox& s, const std::string& channel) {
    std::vector<std::string> names;
    const auto found = s.slack.channel_by_name(channel);
    REQUIRE(found);
    for (const auto& id : found->members) {
        for (const auto& n : sandbox::kSeedUsers)
            if (s.session.user_id_of(n) == id) names.push_back(n);
    }
    return names;
}

}  // namespace

TEST_CASE("the sandbox starts as alice in #ops of a seeded workspace") {
    Sandbox s;
    CHECK(s.session.prompt() == "alice in #ops> ");
    for (const auto& name : {"alice", "bob", "carol", "dave"}) CHECK(s.session.user_id_of(name));
    CHECK(member_names(s, "ops") == sandbox::kSeedUsers);
    CHECK(member_names(s, "general") == sandbox::kSeedUsers);
    CHECK(s.session.channel_id() == s.slack.channel_by_name("ops")->id);
}

TEST_CASE("the welcome says who and where you are and how to start") {
    Sandbox s;
    s.session.print_welcome();
    const auto text = s.out.str();
    CHECK(text.find("You are @alice in #ops") != std::string::npos);
    CHECK(text.find("14:00 UTC") != std::string::npos);
    CHECK(text.find("/incident SEV1") != std::string::npos);
}

TEST_CASE("as switches user, and an unknown name becomes a new user") {
    Sandbox s;
    CHECK(s.type("as @bob") == "alice in #ops> as @bob\nYou are now @bob.\n");
    CHECK(s.session.prompt() == "bob in #ops> ");
    CHECK(s.type("as erin") ==
          "bob in #ops> as erin\nYou are now @erin (a new user); not a member of #ops.\n");
    REQUIRE(s.session.user_id_of("erin"));
    CHECK(s.session.user_id() == *s.session.user_id_of("erin"));
    CHECK(s.type("users").find("* @erin") != std::string::npos);
}

TEST_CASE("in switches channel by name, with or without #, and `in incident` finds the newest") {
    Sandbox s;
    CHECK(s.type("in general") ==
          "alice in #ops> in general\nYou are in #general (0 messages; `show` reads them).\n");
    CHECK(s.session.prompt() == "alice in #general> ");
    CHECK(s.type("in #nowhere") ==
          "alice in #general> in #nowhere\n! no channel #nowhere: `channels` lists them\n");
    CHECK(s.type("in incident").find("! no incident channel yet") != std::string::npos);
    s.slack.add_channel("incident-2026-05-01-first", {});
    s.clock.advance(1min);
    s.slack.add_channel("incident-2026-05-01-second", {});
    CHECK(s.type("in incident").find("#incident-2026-05-01-second") != std::string::npos);
    CHECK(s.session.prompt() == "alice in #incident-2026-05-01-second> ");
}

TEST_CASE("channels lists every channel and marks the ones you are in") {
    Sandbox s;
    s.slack.add_channel("incident-2026-05-01-x", {*s.session.user_id_of("bob")});
    const auto text = s.type("channels");
    CHECK(text.find("* #general") != std::string::npos);
    CHECK(text.find("* #ops") != std::string::npos);
    CHECK(text.find("  #incident-2026-05-01-x") != std::string::npos);
    CHECK(text.find("#incident-2026-05-01-x (1 member)") != std::string::npos);
}

TEST_CASE("show on a quiet channel says so, and a missing channel is one clear line") {
    Sandbox s;
    CHECK(s.type("show") == "alice in #ops> show\n(#ops has no messages yet)\n");
    CHECK(s.type("show #nope 3") ==
          "alice in #ops> show #nope 3\n! no channel #nope: `channels` "
          "lists them\n");
}

TEST_CASE("wait moves the one clock that bot and emulator share") {
    Sandbox s;
    CHECK(s.type("wait 15m") == "alice in #ops> wait 15m\n(15m later: 14:15 UTC)\n");
    CHECK(s.clock.now() == core::from_unix_seconds(kStart + 15 * 60));
    CHECK(s.type("wait 1h30m") == "alice in #ops> wait 1h30m\n(1h30m later: 15:45 UTC)\n");
}

TEST_CASE("settle runs after every action that can make the bot work") {
    boost::asio::io_context io;
    core::ManualClock clock{core::from_unix_seconds(kStart)};
    emulator::SlackEmulator slack{io, clock, emulator::Options{}};
    std::ostringstream out;
    int settled = 0;
    sandbox::SessionOptions options;
    options.settle = [&] { ++settled; };
    options.ack_timeout = 20ms;
    sandbox::Session session{slack, clock, out, options};
    CHECK(session.handle_line("wait 1m"));
    CHECK(settled == 1);
    CHECK(session.handle_line("as @bob"));
    CHECK(session.handle_line("channels"));
    CHECK(settled == 1);
}

TEST_CASE("a command nobody answers fails the way Slack shows it") {
    Sandbox s;
    CHECK(s.type("/incident SEV1 Payment <down> & @bob") ==
          "alice in #ops> /incident SEV1 Payment <down> & @bob\n"
          "! /incident failed with the error \"operation_timeout\"\n");
}

TEST_CASE("unknown verbs, bad buttons and bad pickers are one clear line each") {
    Sandbox s;
    CHECK(s.type("dance") ==
          "alice in #ops> dance\n! unknown command `dance`: type `help` for "
          "the sandbox's commands, or `/incident help`\n");
    CHECK(s.type("click I'll be IC") ==
          "alice in #ops> click I'll be IC\n! no button \"I'll be IC\" in #ops (no buttons "
          "here)\n");
    CHECK(s.type("pick tech @nobody") ==
          "alice in #ops> pick tech @nobody\n! no user @nobody: `users` lists them\n");
    CHECK(s.type("pick tech @bob").find("! no user picker for \"tech\" in #ops") !=
          std::string::npos);
    CHECK(s.type("/deploy").find("! `/deploy` is not a command") != std::string::npos);
}

TEST_CASE("comments and blank lines are echoed in a transcript, quit ends the session") {
    Sandbox s;
    CHECK(s.type("# the drill starts") == "# the drill starts\n");
    CHECK(s.type("") == "\n");
    CHECK(s.type("help").find("wait <duration>") != std::string::npos);
    s.out.str("");
    CHECK_FALSE(s.session.handle_line("quit"));
    CHECK(s.out.str() == "alice in #ops> quit\n");
}

TEST_CASE("archive archives the channel you are in, as you, and channels shows it archived") {
    Sandbox s;
    const auto ops = s.session.channel_id();
    CHECK(s.type("archive") ==
          "alice in #ops> archive\n#ops · alice · 14:00\n  archived the channel\n");
    REQUIRE(s.slack.channel(ops)->archived);
    const auto last = s.slack.messages(ops).back();
    CHECK(last.user == *s.session.user_id_of("alice"));
    CHECK(last.subtype == "channel_archive");
    CHECK(s.type("channels").find("* #ops (4 members)  (archived)") != std::string::npos);

    // Slack leaves no message box in an archived channel.
    CHECK(s.type("archive") == "alice in #ops> archive\n! #ops is archived already\n");
    CHECK(s.type("say hello?").find("! #ops is archived: nothing can be posted there") !=
          std::string::npos);
    CHECK(s.type("/incident SEV2 Late").find("! #ops is archived") != std::string::npos);
    CHECK(s.slack.messages(ops).back().subtype == "channel_archive");
}

TEST_CASE("archive refuses #general, channels you are not in and extra words") {
    Sandbox s;
    s.type("in general");
    CHECK(s.type("archive").find("! #general cannot be archived") != std::string::npos);
    s.slack.add_channel("incident-2026-05-01-x", {*s.session.user_id_of("bob")});
    s.type("in incident");
    CHECK(s.type("archive").find("! only members can archive #incident-2026-05-01-x") !=
          std::string::npos);
    CHECK_FALSE(s.slack.channel_by_name("incident-2026-05-01-x")->archived);
    CHECK(s.type("archive #ops").find("! `archive` takes no arguments") != std::string::npos);
    CHECK(s.type("help").find("archive ") != std::string::npos);
}

TEST_CASE("a direct message from the app shows in the feed of the person it went to") {
    Sandbox s;
    WebApi api(s);
    const auto alice = *s.session.user_id_of("alice");
    const auto sent =
        api.call("chat.postMessage", {{"channel", alice}, {"text", "*Post-mortem due* for INC-1"}});
    REQUIRE(sent.at("ok") == true);
    CHECK(s.type("wait 1m") ==
          "alice in #ops> wait 1m\n(1m later: 14:01 UTC)\n"
          "── DM · incident-bot → you (@alice) · 14:00 ──\n  *Post-mortem due* for INC-1\n");
    CHECK(s.type("wait 1m") == "alice in #ops> wait 1m\n(1m later: 14:02 UTC)\n");

    api.call("chat.update", {{"channel", sent.at("channel")},
                             {"ts", sent.at("ts")},
                             {"text", "*Post-mortem written* for INC-1"}});
    CHECK(s.type("wait 1m").find("── DM · incident-bot → you (@alice) · 14:00 · (edited) ──\n"
                                 "  *Post-mortem written* for INC-1\n") != std::string::npos);
    CHECK(s.type("dms").find("*Post-mortem written* for INC-1") != std::string::npos);
}

TEST_CASE("someone else's DM waits until you act as them, and dms rereads your own") {
    Sandbox s;
    WebApi api(s);
    const auto bob = *s.session.user_id_of("bob");
    REQUIRE(api.call("chat.postMessage", {{"channel", bob}, {"text", "Action item overdue"}})
                .at("ok") == true);
    CHECK(s.type("wait 1m").find("Action item overdue") == std::string::npos);
    CHECK(s.type("dms") == "alice in #ops> dms\n(incident-bot has sent you no direct messages)\n");
    CHECK(s.type("as @bob") ==
          "alice in #ops> as @bob\nYou are now @bob.\n"
          "── DM · incident-bot → you (@bob) · 14:00 ──\n  Action item overdue\n");
    CHECK(s.type("wait 1m").find("Action item overdue") == std::string::npos);
    CHECK(s.type("dms 1") ==
          "bob in #ops> dms 1\n── DM · incident-bot → you (@bob) · 14:00 ──\n"
          "  Action item overdue\n");
    CHECK(s.type("dms 0").find("! usage: dms [N]") != std::string::npos);
}
