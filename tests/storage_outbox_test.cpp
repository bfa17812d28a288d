#include <doctest/doctest.h>

#include <chrono>
#include <map>
#include <set>
#include <stdexcept>

#include "storage/database.hpp"
#include "storage/incidents.hpp"
#include "storage/outbox.hpp"
#include "tests/support/postgres_server.hpp"

using namespace std::chrono_literals;

namespace {

const core::TimePoint t0 = core::from_unix_seconds(1'772'000'000);

std::int64_t new_incident(storage::Database& db) {
    storage::Incidents incidents(db);
    return incidents.declare({"Payment processing down", core::Severity::Sev1, "U1", "C0", t0, "x"})
        .id;
}

std::vector<std::int64_t> ids(const std::vector<storage::OutboxMessage>& messages) {
    std::vector<std::int64_t> out;
    for (const auto& m : messages) out.push_back(m.id);
    return out;
}

}  // namespace

TEST_CASE(
    "each incident's Slack calls go out in the order they were queued, two incidents "
    "interleaved") {
    auto backend = test::each_backend();
    storage::Database& db = *backend;
    storage::Outbox outbox(db);
    const auto a = new_incident(db);
    const auto b = new_incident(db);

    const auto a1 = outbox.enqueue_with_id(a, "create_channel", {{"n", "a1"}}, t0);
    const auto b1 = outbox.enqueue_with_id(b, "create_channel", {{"n", "b1"}}, t0);
    const auto a2 = outbox.enqueue_with_id(a, "invite", {{"n", "a2"}}, t0);
    const auto b2 = outbox.enqueue_with_id(b, "invite", {{"n", "b2"}}, t0);
    const auto a3 = outbox.enqueue_with_id(a, "post_message", {{"n", "a3"}}, t0);
    CHECK(outbox.pending_count() == 5);

    CHECK(ids(outbox.next_ready(t0, 10)) == std::vector<std::int64_t>{a1, b1});

    std::map<std::int64_t, std::vector<std::string>> sent;
    for (int round = 0; round < 10 && outbox.pending_count() > 0; ++round) {
        auto batch = outbox.next_ready(t0, 10);
        std::set<std::int64_t> incidents_in_batch;
        for (const auto& m : batch) {
            CHECK(incidents_in_batch.insert(m.incident_id).second);  // one head per incident
            sent[m.incident_id].push_back(m.payload.at("n").get<std::string>());
            outbox.mark_done(m.id, t0);
        }
    }
    CHECK(outbox.pending_count() == 0);
    CHECK(sent[a] == std::vector<std::string>{"a1", "a2", "a3"});
    CHECK(sent[b] == std::vector<std::string>{"b1", "b2"});
    CHECK(outbox.get(a3)->status == storage::OutboxStatus::Done);
    (void)a2;
    (void)b2;
}

TEST_CASE("a head with a later call of its kind for its incident behind it is read as superseded") {
    auto backend = test::each_backend();
    storage::Database& db = *backend;
    storage::Outbox outbox(db);
    const auto a = new_incident(db);
    const auto b = new_incident(db);
    const auto a1 = outbox.enqueue_with_id(a, "update_opening", {}, t0);
    outbox.enqueue(a, "post_message", {}, t0);
    outbox.enqueue(a, "update_opening", {}, t0);
    const auto b1 = outbox.enqueue_with_id(b, "update_opening", {}, t0);
    outbox.enqueue(b, "set_topic", {}, t0);
    const auto none = outbox.enqueue_with_id(0, "reply", {}, t0);
    const auto none2 = outbox.enqueue_with_id(0, "reply", {}, t0);  // no queue: also a head

    std::map<std::int64_t, bool> superseded;
    for (const auto& m : outbox.next_ready(t0, 10)) superseded[m.id] = m.superseded;
    CHECK(superseded ==
          std::map<std::int64_t, bool>{{a1, true}, {b1, false}, {none, false}, {none2, false}});
    // Once the later refresh is the head, nothing waits behind it.
    outbox.mark_done(a1, t0);
    for (const auto& m : outbox.next_ready(t0, 10))
        if (m.incident_id == a) {
            CHECK(m.kind == "post_message");
            outbox.mark_done(m.id, t0);
        }
    for (const auto& m : outbox.next_ready(t0, 10))
        if (m.incident_id == a) {
            CHECK(m.kind == "update_opening");
            CHECK_FALSE(m.superseded);
        }
}

TEST_CASE("a deferred call holds back the later calls of its incident and counts attempts") {
    auto backend = test::each_backend();
    storage::Database& db = *backend;
    storage::Outbox outbox(db);
    const auto a = new_incident(db);
    const auto b = new_incident(db);
    const auto a1 = outbox.enqueue_with_id(a, "create_channel", {}, t0);
    const auto a2 = outbox.enqueue_with_id(a, "invite", {}, t0);
    const auto b1 = outbox.enqueue_with_id(b, "create_channel", {}, t0);

    outbox.defer(a1, t0 + 30s, "ratelimited");
    CHECK(ids(outbox.next_ready(t0 + 1s, 10)) == std::vector<std::int64_t>{b1});
    outbox.mark_done(b1, t0 + 1s);
    CHECK(outbox.next_ready(t0 + 29s, 10).empty());
    // The timer waits for the deferred head, not for a2 (available, but blocked).
    CHECK(outbox.next_available_after(t0 + 29s) == t0 + 30s);
    CHECK_FALSE(outbox.next_available_after(t0 + 30s));

    auto ready = outbox.next_ready(t0 + 30s, 10);
    REQUIRE(ready.size() == 1);
    CHECK(ready[0].id == a1);
    CHECK(ready[0].attempts == 1);
    CHECK(ready[0].last_error == "ratelimited");

    outbox.defer(a1, t0 + 60s, "fatal_error");
    CHECK(outbox.get(a1)->attempts == 2);
    outbox.mark_done(a1, t0 + 60s);
    CHECK(ids(outbox.next_ready(t0 + 60s, 10)) == std::vector<std::int64_t>{a2});
}

TEST_CASE("a call given up on is kept for inspection and no longer blocks its incident") {
    auto backend = test::each_backend();
    storage::Database& db = *backend;
    storage::Outbox outbox(db);
    const auto a = new_incident(db);
    const auto a1 = outbox.enqueue_with_id(a, "pin", {{"ts", "1.2"}}, t0);
    const auto a2 = outbox.enqueue_with_id(a, "post_message", {}, t0);

    outbox.mark_failed(a1, "channel_not_found", t0);
    auto failed = outbox.failed(10);
    REQUIRE(failed.size() == 1);
    CHECK(failed[0].id == a1);
    CHECK(failed[0].status == storage::OutboxStatus::Failed);
    CHECK(failed[0].last_error == "channel_not_found");
    CHECK(failed[0].payload.at("ts") == "1.2");
    CHECK(outbox.pending_count() == 1);
    CHECK(ids(outbox.next_ready(t0, 10)) == std::vector<std::int64_t>{a2});
}

TEST_CASE("calls of no incident do not wait for each other") {
    auto backend = test::each_backend();
    storage::Database& db = *backend;
    storage::Outbox outbox(db);
    const auto x = outbox.enqueue_with_id(0, "post_ephemeral", {}, t0);
    const auto y = outbox.enqueue_with_id(0, "post_ephemeral", {}, t0);
    outbox.defer(x, t0 + 10s, "timeout");
    CHECK(ids(outbox.next_ready(t0, 10)) == std::vector<std::int64_t>{y});
    outbox.mark_done(y, t0);
    CHECK(outbox.next_available_after(t0) == t0 + 10s);
}

TEST_CASE("the next wake-up is the earliest head's, of any incident or none") {
    auto backend = test::each_backend();
    storage::Database& db = *backend;
    storage::Outbox outbox(db);
    std::vector<std::int64_t> incidents;
    for (int i = 0; i < 5; ++i) incidents.push_back(new_incident(db));
    // Each incident: a head due later, rows after it due at once (blocked).
    for (int i = 0; i < 5; ++i) {
        outbox.enqueue(incidents[i], "post", {}, t0 + std::chrono::seconds(20 + i));
        outbox.enqueue(incidents[i], "post", {}, t0);
        outbox.enqueue(incidents[i], "post", {}, t0);
    }
    CHECK(outbox.next_available_after(t0) == t0 + 20s);
    CHECK(outbox.next_available_after(t0 + 20s) == t0 + 21s);
    const auto none = outbox.enqueue_with_id(0, "post_ephemeral", {}, t0 + 7s);
    CHECK(outbox.next_available_after(t0) == t0 + 7s);
    // Heads available by then are not waited for: next_ready gives them.
    outbox.enqueue(0, "post_ephemeral", {}, t0);
    CHECK(outbox.next_available_after(t0) == t0 + 7s);
    outbox.mark_done(none, t0);
    CHECK(outbox.next_available_after(t0) == t0 + 20s);
}

TEST_CASE("a call scheduled for later is not ready before its time") {
    auto backend = test::each_backend();
    storage::Database& db = *backend;
    storage::Outbox outbox(db);
    CHECK_FALSE(outbox.next_available_after(t0));
    const auto a = new_incident(db);
    const auto id = outbox.enqueue_with_id(a, "post_message", {{"text", "hi"}}, t0 + 5min);
    CHECK(outbox.next_ready(t0, 10).empty());
    CHECK(outbox.next_available_after(t0) == t0 + 5min);
    CHECK(ids(outbox.next_ready(t0 + 5min, 10)) == std::vector<std::int64_t>{id});
    CHECK(outbox.next_ready(t0 + 5min, 0).empty());
}

TEST_CASE("the payload comes back as the JSON that was queued") {
    auto backend = test::each_backend();
    storage::Database& db = *backend;
    storage::Outbox outbox(db);
    const nlohmann::json payload = {{"channel", "C1"},
                                    {"text", "quote ' and \"double\" \xE2\x9C\x85"},
                                    {"blocks", nlohmann::json::array({{{"type", "section"}}})}};
    const auto id = outbox.enqueue_with_id(0, "post_message", payload, t0);
    auto stored = outbox.get(id);
    REQUIRE(stored);
    CHECK(stored->payload == payload);
    CHECK(stored->kind == "post_message");
    CHECK(stored->available_at == t0);
    CHECK(stored->attempts == 0);
}

TEST_CASE("calls queued in a transaction that fails are never sent") {
    auto backend = test::each_backend();
    storage::Database& db = *backend;
    storage::Outbox outbox(db);
    const auto a = new_incident(db);
    CHECK_THROWS_AS(db.transaction([&] {
        outbox.enqueue(a, "create_channel", {}, t0);
        throw std::runtime_error("decision failed");
    }),
                    std::runtime_error);
    CHECK(outbox.pending_count() == 0);
    CHECK(outbox.next_ready(t0, 10).empty());
}

TEST_CASE("old finished calls can be pruned while pending and failed ones stay") {
    auto backend = test::each_backend();
    storage::Database& db = *backend;
    storage::Outbox outbox(db);
    const auto done_old = outbox.enqueue_with_id(0, "a", {}, t0);
    const auto done_new = outbox.enqueue_with_id(0, "b", {}, t0);
    const auto failed = outbox.enqueue_with_id(0, "c", {}, t0);
    const auto pending = outbox.enqueue_with_id(0, "d", {}, t0);
    outbox.mark_done(done_old, t0);
    outbox.mark_done(done_new, t0 + 48h);
    outbox.mark_failed(failed, "x", t0);
    CHECK(outbox.prune_done(t0 + 24h) == 1);
    CHECK_FALSE(outbox.get(done_old));
    CHECK(outbox.get(done_new));
    CHECK(outbox.get(failed));
    CHECK(outbox.get(pending));
}

TEST_CASE("each ready row comes with its incident as it is now, a row of no incident with none") {
    auto backend = test::each_backend();
    storage::Database& db = *backend;
    storage::Outbox outbox(db);
    storage::Incidents incidents(db);
    const auto a = new_incident(db);
    const auto b =
        incidents.declare({"Checkout latency", core::Severity::Sev3, "U2", "C9", t0, "y"}).id;
    incidents.set_channel(b, "C_B", "incident-b");
    const auto a1 = outbox.enqueue_with_id(a, "create_channel", {{"n", "a1"}}, t0);
    const auto b1 = outbox.enqueue_with_id(b, "post_message", {{"n", "b1"}}, t0);
    const auto none = outbox.enqueue_with_id(0, "reply", {{"n", "r"}}, t0);

    std::map<std::int64_t, storage::OutboxMessage> ready;
    for (auto& m : outbox.next_ready(t0, 10)) ready.emplace(m.id, std::move(m));
    REQUIRE(ready.size() == 3);
    REQUIRE(ready.at(a1).incident);
    CHECK(ready.at(a1).incident->id == a);
    CHECK(ready.at(a1).incident->title == "Payment processing down");
    CHECK(ready.at(a1).incident->channel_id.empty());
    REQUIRE(ready.at(b1).incident);
    CHECK(ready.at(b1).incident->id == b);
    CHECK(ready.at(b1).incident->title == "Checkout latency");
    CHECK(ready.at(b1).incident->severity == core::Severity::Sev3);
    CHECK(ready.at(b1).incident->channel_id == "C_B");
    CHECK(ready.at(b1).incident->declared_at == t0);
    CHECK_FALSE(ready.at(none).incident);
    CHECK(ready.at(none).payload.at("n") == "r");

    // Read when the row is given out, not when it was queued.
    outbox.mark_done(a1, t0);
    const auto a2 = outbox.enqueue_with_id(a, "invite", {{"n", "a2"}}, t0);
    incidents.set_channel(a, "C_A", "incident-a");
    const auto next = outbox.next_ready(t0, 10, {{b1, b}, {none, 0}});
    REQUIRE(next.size() == 1);
    CHECK(next[0].id == a2);
    REQUIRE(next[0].incident);
    CHECK(next[0].incident->channel_id == "C_A");
    // The limit counts rows not in hand: those in hand never take its place.
    CHECK(ids(outbox.next_ready(t0, 1, {{b1, b}, {none, 0}})) == std::vector<std::int64_t>{a2});
    CHECK(ids(outbox.next_ready(t0, 1, {{a2, a}, {b1, b}})) == std::vector<std::int64_t>{none});
    CHECK(ids(outbox.next_ready(t0, 10, {{none, 0}})) == std::vector<std::int64_t>{b1, a2});
    CHECK(ids(outbox.next_ready(t0, 10, {{b1, b}})) == std::vector<std::int64_t>{none, a2});
    // The rows waiting behind one in hand are not heads, asked about or not.
    const auto a3 = outbox.enqueue_with_id(a, "post_message", {{"n", "a3"}}, t0);
    CHECK(ids(outbox.next_ready(t0, 10, {{a2, a}})) == std::vector<std::int64_t>{b1, none});
    outbox.mark_done(a2, t0);
    CHECK(ids(outbox.next_ready(t0, 10, {{b1, b}, {none, 0}})) == std::vector<std::int64_t>{a3});
}
