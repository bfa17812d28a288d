#include "tests/support/slack_world.hpp"

#include "tests/support/block_kit_limits.hpp"
#include "tests/support/message_text.hpp"

#include <csignal>
#include <fstream>
#include <sstream>

#include <doctest/doctest.h>

namespace test {

using namespace std::chrono_literals;

SlackWorld::SlackWorld(emulator::Options options)
    : slack(io, clock, std::move(options)), work_(boost::asio::make_work_guard(io)) {
    alice = slack.add_user("alice", "Alice");
    bob = slack.add_user("bob", "Bob");
    carol = slack.add_user("carol", "Carol");
    ops = slack.add_channel("ops", {alice, bob, carol});
    slack.listen();
    thread_ = std::thread([this] { io.run(); });
}

SlackWorld::~SlackWorld() {
    for (const auto& problem : test_support::problems_in_sent_messages(slack)) FAIL_CHECK(problem);
    if (bot_) bot_->kill_hard();
    slack.stop();
    work_.reset();
    io.stop();
    thread_.join();
}

void SlackWorld::start_bot(const std::map<std::string, std::string>& env) {
    std::map<std::string, std::string> e{
        {"SLACK_APP_TOKEN", slack.options().app_token},
        {"SLACK_BOT_TOKEN", slack.options().bot_token},
        {"SLACK_API_URL", slack.api_url()},
        {"INCIDENT_DB_PATH", db_path()},
        {"LOG_LEVEL", "debug"},
        // Tests run side by side: a test that wants the listener names a free port.
        {"HTTP_ADDR", "off"},
    };
    for (const auto& [k, v] : env) {
        if (v == kUnset)
            e.erase(k);
        else
            e[k] = v;
    }
    env_ = e;
    const auto before = slack.connections_opened();
    ProcessOptions options;
    options.env = e;
    options.working_dir = dir_.path();
    if (!bot_output_unread) options.output_file = dir_.file("bot.log");
    bot_ = std::make_unique<Process>(IB_BOT_BINARY, options);
    REQUIRE_MESSAGE(eventually([&] { return slack.connections_opened() > before; }),
                    "the bot did not connect; its log:\n"
                        << bot_log());
}

void SlackWorld::kill_bot() {
    if (bot_) bot_->kill_hard();
}

std::optional<int> SlackWorld::stop_bot() {
    if (!bot_) return std::nullopt;
    bot_->signal(SIGTERM);
    return bot_->wait(10s);
}

std::string SlackWorld::bot_log() const {
    std::ifstream file(dir_.file("bot.log"));
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
}

std::string SlackWorld::command(const std::string& user, const std::string& channel,
                                const std::string& text) {
    return slack.send_slash_command(user, channel, text);
}

std::optional<nlohmann::json> SlackWorld::command_acked(const std::string& user,
                                                        const std::string& channel,
                                                        const std::string& text) {
    const auto id = command(user, channel, text);
    const auto ack = slack.wait_for_ack(id, 5s);
    REQUIRE_MESSAGE(ack.has_value(), "no ack for /incident " << text << "; bot log:\n"
                                                             << bot_log());
    CHECK_FALSE(ack->late);
    return ack->payload;
}

bool SlackWorld::eventually(const std::function<bool()>& pred,
                            std::chrono::milliseconds timeout) const {
    return slack.wait_until(pred, timeout);
}

std::optional<emulator::Channel> SlackWorld::channel_named(
    const std::string& name, std::chrono::milliseconds timeout) const {
    std::optional<emulator::Channel> found;
    eventually([&] { return (found = slack.channel_by_name(name)).has_value(); }, timeout);
    return found;
}

std::vector<emulator::Message> SlackWorld::bot_messages(const std::string& channel_id) const {
    std::vector<emulator::Message> out;
    for (auto& m : slack.messages(channel_id))
        if (m.user == slack.bot_user_id() && m.subtype.empty()) out.push_back(m);
    return out;
}

std::size_t SlackWorld::count_bot_messages(const std::string& channel_id,
                                           const std::string& needle) const {
    std::size_t n = 0;
    for (const auto& m : bot_messages(channel_id)) n += contains(all_text(m), needle);
    return n;
}

std::vector<std::string> SlackWorld::ephemeral_texts(const std::string& user) const {
    std::vector<std::string> out;
    for (const auto& e : slack.ephemerals(user)) {
        emulator::Message m;
        m.text = e.text;
        m.blocks = e.blocks;
        out.push_back(all_text(m));
    }
    return out;
}

std::string SlackWorld::today() {
    const auto now = std::chrono::system_clock::now();
    const std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(now)};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return buf;
}

}  // namespace test
