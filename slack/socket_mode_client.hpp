#pragma once
// Socket Mode: the bot's inbound link to Slack. Opens a connection with
// apps.connections.open (app token), hands each envelope to the handler
// registered for its type together with an Ack, and stays connected through
// Slack's refreshes, warnings, drops and silent sockets. Every envelope is
// acked (by the handler, or empty after ack_deadline); envelopes Slack
// re-delivers are acked and not handed out again.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <spdlog/logger.h>
#include <boost/asio/io_context.hpp>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "slack/ack.hpp"
#include "slack/envelope.hpp"
#include "slack/socket_connection.hpp"
#include "slack/telemetry.hpp"
#include "slack/web_api.hpp"

namespace slack {

struct SocketModeOptions {
    SocketTimeouts socket;
    // Slack gives up after 3 s; a handler that has not acked by then is
    // acked empty so the envelope is never left hanging.
    std::chrono::milliseconds ack_deadline{2'500};
    std::chrono::milliseconds reconnect_initial{250};
    std::chrono::milliseconds reconnect_max{30'000};
    // A client is connected only after Slack's hello: a socket without one
    // this long after apps.connections.open answered is dropped for a new one.
    std::chrono::milliseconds hello_timeout{10'000};
    // The backoff starts again only after a socket has worked this long (or
    // delivered an envelope): a socket that says hello and drops at once, or
    // is told too_many_websockets, must not make reconnecting a busy loop.
    std::chrono::milliseconds stable_after{30'000};
    // After a refreshed socket's replacement says hello, the old one is read
    // until Slack closes it, or closed by us after this long.
    std::chrono::milliseconds old_connection_grace{10'000};
    // stop(): the longest wait for owed acks, close handshakes and Web API calls.
    std::chrono::milliseconds stop_timeout{5'000};
    std::size_t remembered_ids = 10'000;  // de-duplication window
    std::shared_ptr<Telemetry> telemetry = std::make_shared<Telemetry>();
    // For other threads: true from a frame's arrival until none waits unread
    // behind it (envelopes_waiting(), which only the loop may call). Work on
    // another thread that has no deadline (bot/work_thread) gives way
    // while it is set. Null: not kept.
    std::shared_ptr<std::atomic<bool>> reading;
};

struct SocketModeStats {
    std::atomic<std::uint64_t> envelopes{0};    // received, duplicates included
    std::atomic<std::uint64_t> duplicates{0};   // acked without dispatch
    std::atomic<std::uint64_t> malformed{0};    // frames ignored
    std::atomic<std::uint64_t> connections{0};  // hellos received
    AckCounters acks;
};

class SocketModeClient {
  public:
    using Handler = std::function<void(const Envelope&, Ack)>;

    struct Connected {
        core::TimePoint at;  // when hello arrived
        std::uint64_t connection_id = 0;
        int num_connections = 0;  // as Slack reports it
        bool reconnect = false;   // not the first connection of this client
    };

    SocketModeClient(boost::asio::io_context& io, WebApi& web, const core::Clock& clock,
                     std::shared_ptr<spdlog::logger> logger, SocketModeOptions options = {});
    ~SocketModeClient();
    SocketModeClient(const SocketModeClient&) = delete;
    SocketModeClient& operator=(const SocketModeClient&) = delete;

    // Register before start(). Types: slash_commands, interactive,
    // events_api; an envelope of a type nobody handles is logged and acked.
    void on(std::string envelope_type, Handler handler);
    void on_connected(std::function<void(const Connected&)> callback);
    // link_disabled, or an app token Slack refuses: reconnecting cannot help.
    // The client has stopped when this runs; the bot should exit non-zero.
    void on_fatal(std::function<void(const core::Error&)> callback);

    void start();
    // Clean shutdown (SIGINT/SIGTERM): owed acks go out, sockets close with a
    // close frame, in-flight Web API calls get to finish; all bounded by
    // stop_timeout. done runs on the io_context.
    void stop(std::function<void()> done);

    bool connected() const;
    // Envelopes are waiting on a socket, unread: work that can wait (the
    // outbox's Slack calls) should let them be acked first. Loop thread only.
    bool envelopes_waiting() const;
    const SocketModeStats& stats() const;  // readable from any thread

    class Impl;

  private:
    std::shared_ptr<Impl> impl_;
};

}  // namespace slack
