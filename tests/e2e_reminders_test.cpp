// One reminder on the real clock, through the real binary: the same path the
// ManualClock tests (bot_reminders_test) take, without the injected clock.
#include <doctest/doctest.h>

#include <algorithm>
#include <thread>

#include "tests/support/slack_world.hpp"

using namespace std::chrono_literals;
using test::SlackWorld;

TEST_CASE("on the real clock a 2-second cadence reminds the channel, and an update resets it") {
    SlackWorld w;
    w.start_bot({{"REMINDER_CADENCE_SEV1", "2s"}});
    w.command_acked(w.alice, w.ops, "SEV1 Real clock");
    const auto channel = w.channel_named("incident-" + SlackWorld::today() + "-real-clock");
    REQUIRE(channel);
    const auto reminders = [&] {
        const auto messages = w.bot_messages(channel->id);
        return std::count_if(messages.begin(), messages.end(), [](const emulator::Message& m) {
            return test::all_text(m).find("Status update due") != std::string::npos;
        });
    };
    REQUIRE(w.eventually([&] { return reminders() == 1; }, 8s));
    w.command_acked(w.alice, channel->id, "update still investigating");
    const auto after_update = reminders();
    std::this_thread::sleep_for(1s);
    CHECK(reminders() == after_update);
    REQUIRE(w.eventually([&] { return reminders() == after_update + 1; }, 8s));
}
