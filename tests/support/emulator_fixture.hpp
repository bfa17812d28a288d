#pragma once
// A running emulated Slack for tests: its io_context on a background thread,
// a ManualClock, and helpers to call the Web API and open Socket Mode
// connections the way a client must (apps.connections.open, then hello).
#include <memory>
#include <string>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "core/clock.hpp"
#include "emulator/slack_emulator.hpp"
#include "tests/support/http_test_client.hpp"
#include "tests/support/ws_test_client.hpp"

namespace test {

// Short real-time deadlines keep the suite fast; Slack's are 3 s.
emulator::Options fast_emulator_options();

struct EmulatorFixture {
    explicit EmulatorFixture(emulator::Options options = fast_emulator_options());
    ~EmulatorFixture();

    boost::asio::io_context io;
    core::ManualClock clock{core::from_unix_seconds(1700000000)};
    emulator::SlackEmulator slack;
    unsigned short port = 0;
    std::string alice, bob;  // two people, members of #general

    HttpTestClient http() const { return HttpTestClient("127.0.0.1", port); }
    // A Web API call with the bot token (or `token`) on a fresh client.
    HttpReply call(const std::string& method, const nlohmann::json& args = nlohmann::json::object(),
                   const std::string& token = "");
    // apps.connections.open's URL.
    std::string socket_url();
    // A connected socket whose hello has been read.
    std::unique_ptr<WsTestClient> connect();
    // A channel the bot created (so it is a member), with `members` invited.
    std::string bot_channel(const std::string& name, const std::vector<std::string>& members = {});

  private:
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
    std::thread thread_;
};

}  // namespace test
