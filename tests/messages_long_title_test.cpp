#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

#include "commands/channel_name.hpp"
#include "core/incident.hpp"
#include "messages/channel_topic.hpp"
#include "messages/opening_message.hpp"
#include "messages/replies.hpp"
#include "messages/utf8.hpp"
#include "tests/support/block_kit_limits.hpp"

using namespace std::chrono_literals;

namespace {

const core::TimePoint kDeclaredAt = core::from_unix_seconds(1795337400);  // 2026-11-22 08:50 UTC

// Words of 9 letters and a space: a cut mid-word is easy to see.
std::string long_title(std::size_t characters) {
    std::string title;
    while (title.size() < characters) title += "abcdefghi ";
    title.resize(characters);
    if (title.back() == ' ') title.back() = 'z';
    return title;
}

core::Incident incident_titled(std::string title) {
    core::Incident i;
    i.id = 7;
    i.year = 2026;
    i.number = 3;
    i.title = std::move(title);
    i.declared_by = "U0DECLARER";
    i.channel_id = "C0INCIDENT";
    i.declared_at = kDeclaredAt;
    return i;
}

}  // namespace

TEST_CASE("a 1,000-character title heads the opening message cut at a word, and shows whole") {
    const auto incident = incident_titled(long_title(1000));
    const auto message = messages::opening_message(incident, {15min, kDeclaredAt + 15min});
    const auto& header = message.blocks.at(0);
    REQUIRE(header.at("type") == "header");
    const std::string heading = header.at("text").at("text");
    CHECK(messages::code_points(heading) <= 150);
    CHECK(heading.ends_with("abcdefghi…"));
    std::string sections;
    for (const auto& b : message.blocks)
        if (b.at("type") == "section" && b.contains("text"))
            sections += b.at("text").at("text").get<std::string>();
    CHECK(sections.find(incident.title) != std::string::npos);
    CHECK(test_support::block_kit_violations(messages::to_json(message)).empty());
}

TEST_CASE("a long title's channel name is cut between words, within 80 characters") {
    const std::chrono::year_month_day day{std::chrono::year(2026), std::chrono::month(11),
                                          std::chrono::day(22)};
    const auto name = commands::channel_name_for(day, long_title(1000), 3, 1);
    CHECK(name.size() <= 80);
    CHECK(name.ends_with("-abcdefghi"));
}

TEST_CASE("a cut falls between words when a space is near the end, else mid-word") {
    CHECK(messages::shorten_at_word("alpha beta gamma", 12) == "alpha beta…");
    CHECK(messages::shorten_at_word("alpha beta", 20) == "alpha beta");
    CHECK(messages::shorten_at_word("a bcdefghijklmnop", 10) == "a bcdefgh…");
}

TEST_CASE("list and topic stay within Slack's limits for a 1,000-character title") {
    const auto incident = incident_titled(long_title(1000));
    CHECK(messages::code_points(messages::channel_topic(incident)) <= messages::kMaxTopic);
    const std::vector<core::Incident> open{incident};
    const auto list = messages::list_reply(open, kDeclaredAt + 1h, 1);
    CHECK(test_support::block_kit_violations(messages::to_json(list)).empty());
}
