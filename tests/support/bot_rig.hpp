#pragma once
// The bot assembled in this process (bot::App, exactly what the binary runs)
// against the emulated Slack, both reading one ManualClock: tests move time
// forward instead of sleeping, so a 15-minute cadence takes milliseconds.
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "bot/app.hpp"
#include "bot/config.hpp"
#include "core/clock.hpp"
#include "emulator/slack_emulator.hpp"
#include "tests/support/message_text.hpp"
#include "tests/support/process.hpp"

namespace test {

class BotRig {
  public:
    // 2026-11-23 09:00:00 UTC unless given.
    // `slack_work_thread`, `command_lanes`: bot::AppOptions' (unset: as the
    // bot chooses).
    explicit BotRig(core::Runbook runbook = {},
                    core::TimePoint start = core::from_unix_seconds(1795424400),
                    std::optional<bool> slack_work_thread = std::nullopt,
                    std::optional<bool> command_lanes = std::nullopt);
    ~BotRig();

    // `/incident <text>`: waits for the ack and for the bot to finish the
    // Slack calls it caused; returns the ack's payload.
    std::optional<nlohmann::json> command(const std::string& user, const std::string& channel,
                                          const std::string& text);
    // Declares in #ops as `user` (empty: alice); returns the incident channel's id.
    std::string declare(const std::string& text = "SEV1 Payment processing down",
                        const std::string& user = {});
    // Moves the shared clock and lets the bot act on it.
    void advance(std::chrono::seconds by);
    void settle();
    // Stops the bot and starts a new one on the same database (the
    // emulated Slack keeps its state), as a deploy or a crash would.
    void restart();
    // An #incidents channel (alice and bob in it) made the announcement
    // channel (INCIDENT_ANNOUNCE_CHANNEL), the bot restarted on it; its id.
    std::string use_announce_channel();
    // The two halves of restart(), for time that passes with no bot running.
    void start_bot();
    void stop_bot();

    // Messages the bot posted in `channel` since the start (not join or
    // topic notices), and how many of them contain `needle`.
    std::vector<emulator::Message> bot_messages(const std::string& channel) const;
    std::size_t count(const std::string& channel, const std::string& needle) const;
    // Every message of `channel` (anyone's, thread replies too), one after another.
    std::string channel_text(const std::string& channel) const;
    // The pinned message of `channel` (the incident's opening message), or "".
    std::string pinned_text(const std::string& channel) const;
    bool is_member(const std::string& channel, const std::string& user) const;
    // What the bot sent `user` in its DM with them (chat.postMessage to their
    // user id: the app's Messages tab), oldest first; none while it never did.
    std::vector<emulator::Message> dm_messages(const std::string& user) const;

    core::ManualClock clock;
    bot::Config config;
    boost::asio::io_context slack_io;
    emulator::SlackEmulator slack;
    std::string alice, bob, carol, ops;

  private:
    std::optional<bool> slack_work_thread_;
    std::optional<bool> command_lanes_;
    TempDir dir_;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> slack_work_;
    std::thread slack_thread_;
    std::unique_ptr<boost::asio::io_context> bot_io_;
    std::unique_ptr<bot::App> app_;
    std::thread bot_thread_;
};

}  // namespace test
