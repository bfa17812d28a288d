#include "tests/support/bot_rig.hpp"

#include <algorithm>

#include <future>

#include <doctest/doctest.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>

#include "tests/support/block_kit_limits.hpp"

namespace test {

using namespace std::chrono_literals;

BotRig::BotRig(core::Runbook runbook, core::TimePoint start, std::optional<bool> slack_work_thread,
               std::optional<bool> command_lanes)
    : clock(start),
      slack(slack_io, clock),
      slack_work_thread_(slack_work_thread),
      command_lanes_(command_lanes),
      slack_work_(slack_io.get_executor()) {
    alice = slack.add_user("alice", "Alice");
    bob = slack.add_user("bob", "Bob");
    carol = slack.add_user("carol", "Carol");
    ops = slack.add_channel("ops", {alice, bob, carol});
    slack.listen();
    slack_thread_ = std::thread([this] { slack_io.run(); });
    config.api_url = slack.api_url();
    config.app_token = slack.options().app_token;
    config.bot_token = slack.options().bot_token;
    config.db_path = dir_.file("incidents.db");
    config.http_enabled = false;  // tests run side by side: no listener on the default port
    config.runbook = std::move(runbook);
    start_bot();
}

BotRig::~BotRig() {
    for (const auto& problem : test_support::problems_in_sent_messages(slack)) FAIL_CHECK(problem);
    stop_bot();
    slack.stop();
    slack_work_.reset();
    slack_io.stop();
    slack_thread_.join();
}

void BotRig::start_bot() {
    bot_io_ = std::make_unique<boost::asio::io_context>();
    auto log =
        std::make_shared<spdlog::logger>("bot", std::make_shared<spdlog::sinks::null_sink_mt>());
    bot::AppOptions options;
    options.socket.reconnect_initial = 20ms;
    options.slack_work_thread = slack_work_thread_;
    options.command_lanes = command_lanes_;
    app_ = std::make_unique<bot::App>(*bot_io_, config, clock, log, options);
    REQUIRE(app_->start());
    const auto before = slack.connections_opened();
    bot_thread_ = std::thread([this] {
        auto work = boost::asio::make_work_guard(*bot_io_);
        bot_io_->run();
    });
    REQUIRE(slack.wait_until([&] { return slack.connections_opened() > before; }, 5s));
    settle();
}

void BotRig::stop_bot() {
    if (!app_) return;
    std::promise<void> stopped;
    boost::asio::post(*bot_io_, [&] { app_->stop([&] { stopped.set_value(); }); });
    stopped.get_future().wait_for(5s);
    bot_io_->stop();
    bot_thread_.join();
    app_.reset();
    bot_io_.reset();
}

void BotRig::restart() {
    stop_bot();
    start_bot();
}

std::string BotRig::use_announce_channel() {
    const auto id = slack.add_channel("incidents", {alice, bob});
    config.announce_channel = "#incidents";
    restart();
    return id;
}

void BotRig::settle() {
    REQUIRE(app_->wait_until_idle(10s));
}

std::optional<nlohmann::json> BotRig::command(const std::string& user, const std::string& channel,
                                              const std::string& text) {
    const auto id = slack.send_slash_command(user, channel, text);
    const auto ack = slack.wait_for_ack(id, 5s);
    REQUIRE_MESSAGE(ack, "no ack for /incident " << text);
    settle();
    return ack->payload;
}

std::string BotRig::declare(const std::string& text, const std::string& user) {
    const auto before = slack.channels().size();
    command(user.empty() ? alice : user, ops, text);
    const auto channels = slack.channels();
    REQUIRE(channels.size() == before + 1);
    return channels.back().id;
}

void BotRig::advance(std::chrono::seconds by) {
    clock.advance(by);
    settle();
}

std::vector<emulator::Message> BotRig::bot_messages(const std::string& channel) const {
    std::vector<emulator::Message> out;
    for (auto& m : slack.messages(channel))
        if (m.user == slack.bot_user_id() && m.subtype.empty()) out.push_back(m);
    return out;
}

std::size_t BotRig::count(const std::string& channel, const std::string& needle) const {
    std::size_t n = 0;
    for (const auto& m : bot_messages(channel))
        if (all_text(m).find(needle) != std::string::npos) ++n;
    return n;
}

std::string BotRig::channel_text(const std::string& channel) const {
    std::string all;
    for (const auto& m : slack.messages(channel)) all += all_text(m) + "\n";
    return all;
}

std::string BotRig::pinned_text(const std::string& channel) const {
    for (const auto& m : slack.messages(channel))
        if (m.pinned) return all_text(m);
    return {};
}

bool BotRig::is_member(const std::string& channel, const std::string& user) const {
    const auto members = slack.channel(channel)->members;
    return std::find(members.begin(), members.end(), user) != members.end();
}

std::vector<emulator::Message> BotRig::dm_messages(const std::string& user) const {
    const auto dm = slack.app_dm(user);
    return dm ? slack.messages(dm->id) : std::vector<emulator::Message>{};
}

}  // namespace test
