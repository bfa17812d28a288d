#pragma once
// The real incident-bot binary against an emulated Slack: the emulator on a
// background thread with a seeded workspace (alice, bob, carol; #ops), the
// bot as a child process on a database in a temporary directory, and the
// waits an end-to-end test needs. Restarting the child on the same database,
// or killing it with SIGKILL, is how crash safety is tested.
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "core/clock.hpp"
#include "emulator/slack_emulator.hpp"
#include "tests/support/message_text.hpp"
#include "tests/support/process.hpp"

namespace test {

class SlackWorld {
  public:
    explicit SlackWorld(emulator::Options options = {});
    ~SlackWorld();

    // Starts incident-bot (the child) and waits for its Socket Mode hello.
    // `env` adds to or overrides the default configuration.
    // `env` adds to and overrides the defaults below; a value of kUnset
    // removes the variable (e.g. HTTP_ADDR, which tests set to off).
    static constexpr const char* kUnset = "\x1f(unset)";
    void start_bot(const std::map<std::string, std::string>& env = {});
    void kill_bot();  // SIGKILL: nothing is flushed, nothing is closed
    // SIGTERM, then the exit code (nullopt if it did not exit in time).
    std::optional<int> stop_bot();
    Process& bot() { return *bot_; }
    std::string bot_log() const;  // the child's stdout and stderr so far
    // Set before start_bot: the child's stdout and stderr go to pipes nobody
    // reads (a log reader that is stuck), and bot_log() stays empty.
    bool bot_output_unread = false;
    std::string db_path() const { return dir_.file("incidents.db"); }

    // `/incident <text>` as `user` in `channel`; returns the envelope id.
    std::string command(const std::string& user, const std::string& channel,
                        const std::string& text);
    // The same, then waits for the ack (REQUIREs it) and returns its payload.
    std::optional<nlohmann::json> command_acked(const std::string& user, const std::string& channel,
                                                const std::string& text);
    // Waits until `pred` holds (polling the emulator's state).
    bool eventually(const std::function<bool()>& pred,
                    std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;

    // The channel a declare created, by name (waits for it).
    std::optional<emulator::Channel> channel_named(
        const std::string& name,
        std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;
    // Messages the bot posted in a channel (not joins, topics or pins notices).
    std::vector<emulator::Message> bot_messages(const std::string& channel_id) const;
    // The bot's messages there whose text (all_text) contains `needle`.
    std::size_t count_bot_messages(const std::string& channel_id, const std::string& needle) const;
    // Ephemeral texts `user` received (ack payloads, response_url, postEphemeral).
    std::vector<std::string> ephemeral_texts(const std::string& user) const;
    // Today's date as it appears in channel names: "2026-11-23".
    static std::string today();

    core::SystemClock clock;
    boost::asio::io_context io;
    emulator::SlackEmulator slack;
    std::string alice, bob, carol, ops;

  private:
    TempDir dir_;
    std::map<std::string, std::string> env_;
    std::unique_ptr<Process> bot_;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
    std::thread thread_;
};

}  // namespace test
