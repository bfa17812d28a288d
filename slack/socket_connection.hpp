#pragma once
// One Socket Mode WebSocket, Beast's async client shape: resolve -> connect
// -> TLS -> WebSocket handshake -> read loop, a deadline on every step.
// Writes (acks and our pings) go through a queue: Beast allows only one
// write in flight. Liveness: we ping every ping_interval and give up when no
// pong comes within pong_timeout (a TCP connection can die silently and only
// timers notice). Slack pings us too: when neither a ping nor any frame of
// its own (a pong to our ping does not count: a proxy in front of Slack may
// answer those for a backend that is gone) came for idle_timeout, the socket
// is reported stale, for the client to replace it without a gap.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <spdlog/logger.h>
#include <boost/asio/any_io_executor.hpp>

#include "slack/tls.hpp"
#include "slack/url.hpp"

namespace slack {

struct SocketTimeouts {
    std::chrono::milliseconds connect{10'000};
    std::chrono::milliseconds handshake{10'000};     // TLS, WebSocket upgrade and close
    std::chrono::milliseconds ping_interval{5'000};  // 0 disables our pings
    std::chrono::milliseconds pong_timeout{5'000};
    std::chrono::milliseconds idle_timeout{30'000};  // no ping or frame from Slack; 0 disables
};

class SocketConnection : public std::enable_shared_from_this<SocketConnection> {
  public:
    struct Events {
        // Each text frame, in order. May call send/close/abort.
        std::function<void(SocketConnection&, std::string_view)> on_text;
        // At most once: no ping or frame from Slack for idle_timeout. Without
        // this callback the socket is dropped instead.
        std::function<void(SocketConnection&)> on_stale;
        // Exactly once, when the socket is gone (or never came up).
        std::function<void(SocketConnection&, const std::string& why)> on_closed;
    };

    virtual ~SocketConnection() = default;
    virtual void run() = 0;
    virtual void send(std::string text) = 0;
    // An ack is owed for an envelope that arrived on this socket; a clean
    // close waits for it (acks have their own deadline, so this is bounded).
    virtual void expect_ack() = 0;
    // False when the socket is already gone and the ack cannot go out.
    virtual bool send_ack(std::string text) = 0;
    // The owed ack will not be sent (withheld so that Slack re-delivers).
    virtual void release_ack() = 0;
    // Close frame once queued writes and owed acks are out.
    virtual void close() = 0;
    // Drop the TCP connection now: the socket is dead or we are giving up.
    virtual void abort(std::string why) = 0;
    virtual bool is_open() const = 0;
    // Bytes have arrived that the read loop has not taken yet: the loop is
    // behind the envelopes Slack sends (frames Beast already buffered are
    // not counted; during a burst the socket holds more).
    virtual bool has_unread() = 0;

    std::uint64_t id() const { return id_; }

  protected:
    explicit SocketConnection(std::uint64_t id) : id_(id) {}

  private:
    std::uint64_t id_;
};

// tls may be null only for ws:// URLs (loopback).
std::shared_ptr<SocketConnection> make_socket_connection(boost::asio::any_io_executor executor,
                                                         std::shared_ptr<TlsContext> tls, Url url,
                                                         SocketTimeouts timeouts,
                                                         std::shared_ptr<spdlog::logger> logger,
                                                         SocketConnection::Events events,
                                                         std::uint64_t id);

}  // namespace slack
