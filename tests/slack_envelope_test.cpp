#include <doctest/doctest.h>

#include <set>

#include "slack/backoff.hpp"
#include "slack/envelope.hpp"
#include "slack/recent_ids.hpp"

using nlohmann::json;
using namespace std::chrono_literals;

TEST_CASE("a slash command envelope parses into a typed Envelope") {
    auto frame = slack::parse_frame(
        R"({"envelope_id":"e1","type":"slash_commands","accepts_response_payload":true,)"
        R"("payload":{"command":"/incident","text":"SEV1 db down"}})");
    REQUIRE(frame);
    auto* envelope = std::get_if<slack::Envelope>(&frame.value());
    REQUIRE(envelope);
    CHECK(envelope->envelope_id == "e1");
    CHECK(envelope->type == "slash_commands");
    CHECK(envelope->accepts_response_payload);
    CHECK(envelope->payload.at("text") == "SEV1 db down");
    CHECK(envelope->retry_attempt == 0);
    CHECK(envelope->event_id().empty());
}

TEST_CASE("an events_api re-delivery carries its event_id, retry_attempt and reason") {
    auto frame = slack::parse_frame(
        R"({"envelope_id":"e2","type":"events_api","retry_attempt":2,"retry_reason":"timeout",)"
        R"("payload":{"type":"event_callback","event_id":"Ev1","event":{"type":"app_mention"}}})");
    REQUIRE(frame);
    auto& envelope = std::get<slack::Envelope>(frame.value());
    CHECK(envelope.event_id() == "Ev1");
    CHECK(envelope.retry_attempt == 2);
    CHECK(envelope.retry_reason == "timeout");
}

TEST_CASE("hello and disconnect frames are recognised") {
    auto hello = slack::parse_frame(
        R"({"type":"hello","num_connections":2,"debug_info":{"approximate_connection_time":18060}})");
    REQUIRE(hello);
    REQUIRE(std::holds_alternative<slack::Hello>(hello.value()));
    CHECK(std::get<slack::Hello>(hello.value()).num_connections == 2);
    CHECK(std::get<slack::Hello>(hello.value()).approximate_connection_time == 18060);

    auto disconnect = slack::parse_frame(R"({"type":"disconnect","reason":"refresh_requested"})");
    REQUIRE(disconnect);
    CHECK(std::get<slack::Disconnect>(disconnect.value()).reason == "refresh_requested");
}

TEST_CASE("malformed frames are errors, never exceptions") {
    for (const char* text :
         {"", "not json", "[1,2]", "42", R"({"type":"events_api"})",
          R"({"envelope_id":7,"type":"x"})", "{\"envelope_id\":\"e\",\"type\":\"x\"", "\xff\xfe"}) {
        CAPTURE(text);
        auto frame = slack::parse_frame(text);
        CHECK_FALSE(frame);
        if (!frame) CHECK(frame.error().code == "malformed_frame");
    }
}

TEST_CASE("an envelope with its id but no type or a payload that is no object is kept to ack") {
    for (const char* text :
         {R"({"envelope_id":"e"})", R"({"envelope_id":"e","type":"x","payload":"s"})",
          R"({"envelope_id":"e","type":"events_api","payload":null})",
          R"({"envelope_id":"e","type":"slash_commands","payload":[]})"}) {
        CAPTURE(text);
        auto frame = slack::parse_frame(text);
        REQUIRE(frame);
        const auto& envelope = std::get<slack::Envelope>(frame.value());
        CHECK(envelope.envelope_id == "e");
        CHECK_FALSE(envelope.problem.empty());
        CHECK(envelope.payload.is_object());
    }
}

TEST_CASE("an unknown envelope type still parses, so it can be logged and acked") {
    auto frame = slack::parse_frame(R"({"envelope_id":"e9","type":"brand_new_thing"})");
    REQUIRE(frame);
    CHECK(std::get<slack::Envelope>(frame.value()).type == "brand_new_thing");
}

TEST_CASE("ack frames echo the envelope id and carry the response payload") {
    CHECK(json::parse(slack::ack_frame("e1", std::nullopt)) == json{{"envelope_id", "e1"}});
    json reply = {{"text", "Declared"}, {"response_type", "ephemeral"}};
    CHECK(json::parse(slack::ack_frame("e1", reply)) ==
          json{{"envelope_id", "e1"}, {"payload", reply}});
    // Broken UTF-8 from user text must not turn the ack into an exception.
    CHECK_NOTHROW((void)slack::ack_frame("e1", json{{"text", std::string("bad \xff byte")}}));
}

TEST_CASE("backoff grows exponentially with jitter and stays under its cap") {
    slack::Backoff backoff(100ms, 1000ms, 42);
    std::vector<std::chrono::milliseconds> delays;
    for (int i = 0; i < 8; ++i) delays.push_back(backoff.next());
    CHECK(delays[0] >= 50ms);
    CHECK(delays[0] <= 100ms);
    CHECK(delays[1] >= 100ms);
    CHECK(delays[1] <= 200ms);
    CHECK(delays[2] >= 200ms);
    CHECK(delays[2] <= 400ms);
    for (auto d : delays) CHECK(d <= 1000ms);
    CHECK(delays[7] >= 500ms);
    backoff.reset();
    CHECK(backoff.next() <= 100ms);
}

TEST_CASE("backoff jitter differs between seeds, so clients do not retry in lock-step") {
    std::set<long> firsts;
    for (std::uint64_t seed = 0; seed < 20; ++seed) {
        slack::Backoff backoff(1000ms, 10'000ms, seed);
        firsts.insert(static_cast<long>(backoff.next().count()));
    }
    CHECK(firsts.size() > 10);
}

TEST_CASE("recent ids remember what was seen, within a bounded window") {
    slack::RecentIds ids(3);
    CHECK(ids.insert("a"));
    CHECK_FALSE(ids.insert("a"));
    CHECK(ids.insert("b"));
    CHECK(ids.insert("c"));
    CHECK(ids.insert("d"));  // evicts "a"
    CHECK(ids.size() == 3);
    CHECK_FALSE(ids.contains("a"));
    CHECK(ids.contains("d"));
    CHECK(ids.insert("a"));
}
