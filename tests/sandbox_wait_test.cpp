// The sandbox's `wait` steps through every due time in between, as real time
// would: each reminder shows at its own time.
#include <doctest/doctest.h>

#include <sstream>

#include "bot/config.hpp"
#include "bot/run.hpp"
#include "tests/support/process.hpp"

namespace {

std::size_t occurrences(const std::string& text, const std::string& needle) {
    std::size_t n = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
    return n;
}

std::string run_script(const std::string& script_text) {
    test::TempDir dir;
    bot::Config config;
    config.http_port = 0;  // any free port: tests run in parallel
    config.db_path = dir.file("sandbox.db");
    std::istringstream script(script_text);
    std::ostringstream out;
    REQUIRE(bot::run_sandbox(config, script, out, /*interactive=*/false) == 0);
    return out.str();
}

}  // namespace

TEST_CASE("wait 1h on a SEV2 shows both 30-minute reminders, each at its own time") {
    const auto transcript = run_script(
        "/incident SEV2 Search is slow\n"
        "in incident\n"
        "wait 1h\n");
    CAPTURE(transcript);
    CHECK(occurrences(transcript, "Status update due") == 2);
    CHECK(occurrences(transcript, "(30m later: ") == 1);
    CHECK(occurrences(transcript, "(1h later: ") == 1);
    CHECK(transcript.find("(30m later: ") < transcript.find("Status update due"));
}

TEST_CASE("the sandbox announces every incident in #incidents, and its resolve in the thread") {
    const auto transcript = run_script(
        "/incident SEV2 Search is slow\n"
        "in incident\n"
        "/incident resolve reindexed\n"
        "show #incidents\n");
    CAPTURE(transcript);
    CHECK(transcript.find("#incidents · incident-bot") != std::string::npos);
    CHECK(transcript.find("Search is slow") != std::string::npos);
    CHECK(transcript.find("*Resolved* by @alice") != std::string::npos);
}

TEST_CASE("reopen and snooze work in the sandbox, and the reminder's button snoozes") {
    const auto transcript = run_script(
        "/incident SEV1 Payment processing down\n"
        "in incident\n"
        "wait 15m\n"
        "click Snooze 30 min\n"
        "wait 29m\n"
        "/incident resolve rolled back\n"
        "/incident reopen errors are back\n");
    CAPTURE(transcript);
    CHECK(occurrences(transcript, "Status update due") == 1);
    CHECK(transcript.find("snoozed the update reminders") != std::string::npos);
    CHECK(transcript.find("is reopened by @alice") != std::string::npos);
    CHECK(transcript.find("! ") == std::string::npos);
}
