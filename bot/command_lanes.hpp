#pragma once
// With PostgreSQL, the envelopes' handlers run on a few threads, "lanes",
// each with a database connection, a Web API client and a set of handlers
// of its own (bot/app.cpp builds them; DB_POOL_SIZE says how many). The loop
// reads the socket and hands each envelope to its lane; the lane runs the
// handler (its transaction waits for the server's answers), and the ack goes
// back out on the loop once the commit is durable (bot/durable_ack.hpp).
//
// On the loop, every statement of every command held every other envelope:
// a slow answer from the database stalled them all. In lanes, commands on
// different channels wait only for their own round trips, and a slow
// database shows in each ack's time, not as a queue behind one command.
//
// One channel's envelopes all go to one lane, handled one at a time in the
// order they came, as on the loop. Correctness across lanes rests on what
// already makes replicas safe: each command's transaction locks the
// incident's row, and the outbox and the timers are claimed (SKIP LOCKED).
// What the lanes share is safe from any thread: the commit barrier, the
// scheduler's poke, the metrics, the clock and the logger.
#include <atomic>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include <spdlog/logger.h>
#include <boost/asio/io_context.hpp>

#include "bot/router.hpp"
#include "slack/envelope.hpp"
#include "slack/socket_mode_client.hpp"

namespace bot {

// What picks an envelope's lane: the channel it concerns, else the person
// who sent it (a modal's submission), else "" (the first lane).
std::string lane_key(const slack::Envelope& envelope);
// The lane of `key` among `lanes` (> 0): "" the first, any other always the same.
std::size_t lane_index(const std::string& key, std::size_t lanes);

class CommandLanes {
  public:
    struct Lane {
        boost::asio::io_context* io;  // the lane's thread runs it
        Router* router;               // built on the lane's connection
    };
    // `in_flight`: envelopes handed to a lane whose handler has not yet
    // returned (shared, so that the Slack work's thread can give way to them).
    CommandLanes(std::vector<Lane> lanes, std::shared_ptr<std::atomic<std::size_t>> in_flight);

    // Registers each envelope type the Router knows, handing it to its lane.
    void attach(slack::SocketModeClient& client);
    std::size_t size() const { return lanes_.size(); }
    std::size_t in_flight() const { return in_flight_->load(); }

  private:
    using Handle = void (Router::*)(const slack::Envelope&, slack::Ack);
    void hand_over(const slack::Envelope& envelope, slack::Ack ack, Handle handle);

    std::vector<Lane> lanes_;
    std::shared_ptr<std::atomic<std::size_t>> in_flight_;
};

}  // namespace bot
