#pragma once
// The transport under test wired to the emulated Slack: the emulator on one
// thread, WebApi + SocketModeClient on another, and what the handlers saw,
// for tests to wait on. Timers are shortened so failures show in seconds.
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "emulator/slack_emulator.hpp"
#include "slack/socket_mode_client.hpp"
#include "slack/web_api.hpp"
#include "tests/support/slack_test_io.hpp"

namespace test_support {

emulator::Options fast_emulator_options();
slack::SocketModeOptions fast_client_options();

class SlackRig {
  public:
    explicit SlackRig(emulator::Options emulator_options = fast_emulator_options(),
                      slack::SocketModeOptions client_options = fast_client_options(),
                      std::optional<std::string> app_token = std::nullopt);
    ~SlackRig();

    // Registers recording handlers (ack at once, slash commands reply "ok
    // <text>"), starts the client and waits for the first hello.
    bool start_and_connect(std::chrono::milliseconds timeout = std::chrono::seconds(5));
    // Runs f on the client's thread and waits for it.
    void on_client_thread(const std::function<void()>& f);
    bool stop_client(std::chrono::milliseconds timeout = std::chrono::seconds(10));

    std::vector<std::string> handled_envelopes() const;  // envelope ids, in order
    std::vector<std::string> handled_events() const;     // event ids, in order
    int connections() const;                             // on_connected calls
    std::optional<core::Error> fatal() const;

    core::SystemClock clock;
    boost::asio::io_context slack_io;
    emulator::SlackEmulator slack;
    boost::asio::io_context io;
    CapturedLog log;
    std::unique_ptr<slack::WebApi> web;
    std::unique_ptr<slack::SocketModeClient> client;

  private:
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> slack_work_;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
    std::thread slack_thread_;
    std::thread client_thread_;
    mutable std::mutex mutex_;
    std::vector<std::string> envelopes_;
    std::vector<std::string> events_;
    int connections_ = 0;
    std::optional<core::Error> fatal_;
};

}  // namespace test_support
