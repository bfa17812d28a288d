#pragma once
// The operations listener: one Boost.Beast HTTP/1.1 server on the bot's
// io_context for /healthz, /readyz, /metrics, /alertmanager and the
// dashboard (whose pages are read on threads of its own). It must never
// delay a Socket Mode ack, so every client is bounded: a deadline on reading
// each request (a slowloris is cut off), a header and a body limit (checked
// while reading, before anything is buffered), a deadline on writing the
// answer, and a cap on open connections (the ones beyond it are closed at
// once). Handlers answer through a Responder, possibly later (after a commit).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <spdlog/logger.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "core/result.hpp"

namespace ops_http {

struct Limits {
    std::size_t body_bytes = 1 << 20;                 // 413 beyond
    std::size_t header_bytes = 16 * 1024;             // 431 beyond
    std::chrono::milliseconds read_timeout{10'000};   // a whole request, headers and body
    std::chrono::milliseconds write_timeout{10'000};  // the answer
    // A handler that never answers (it should not happen) is answered 503.
    std::chrono::milliseconds handler_timeout{30'000};
    std::size_t max_connections = 256;
};

struct Request {
    std::string method;  // "GET", "POST", ...
    std::string path;    // the target without its query string
    std::string authorization;
    std::string body;
    std::string query;   // what follows '?' in the target, still encoded
    std::string cookie;  // the Cookie header, as sent
};

struct Response {
    unsigned status = 200;
    std::string content_type = "text/plain; charset=utf-8";
    std::string body;
    // More headers (Content-Security-Policy, Set-Cookie, Location, …).
    std::vector<std::pair<std::string, std::string>> headers = {};
};

// "{"error":"<reason>"}\n" with the given status: a one-line JSON reason.
Response json_error(unsigned status, const std::string& reason);

using Responder = std::function<void(Response)>;
using Handler = std::function<void(const Request&, Responder)>;

struct ServerStats {
    std::uint64_t accepted = 0;
    std::uint64_t refused = 0;    // closed at once: over max_connections
    std::uint64_t timed_out = 0;  // read, write or handler deadline
    std::uint64_t too_large = 0;  // 413 or 431
    std::size_t open = 0;
};

class Server {
  public:
    Server(boost::asio::io_context& io, Limits limits, Handler handler,
           std::shared_ptr<spdlog::logger> logger);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Binds and starts accepting. Errors: the address is taken or invalid.
    core::Result<bool> listen(const boost::asio::ip::tcp::endpoint& endpoint);
    // Stops accepting and closes every connection.
    void stop();
    unsigned short port() const;
    const ServerStats& stats() const;

    class Impl;

  private:
    std::shared_ptr<Impl> impl_;
};

}  // namespace ops_http
