#pragma once
// One client of the operations listener (http/server.hpp), in the shape of
// Beast's async servers: a class owning its stream, each step an on_<step>
// handler, and a deadline on every phase (read the request, wait for the
// handler, write the answer). Keep-alive is honoured, each request with a
// fresh read deadline, so an idle connection is closed like a slow one.
#include <functional>
#include <memory>
#include <optional>

#include <spdlog/logger.h>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "http/server.hpp"

namespace ops_http {

class Connection : public std::enable_shared_from_this<Connection> {
  public:
    Connection(boost::asio::ip::tcp::socket socket, const Limits& limits, const Handler& handler,
               ServerStats& stats, std::shared_ptr<spdlog::logger> logger,
               std::function<void()> on_destroyed);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    void run();
    void close();

  private:
    void read_request();
    void on_read(boost::beast::error_code ec, std::size_t bytes);
    void on_handler_timeout(boost::beast::error_code ec);
    // `head`: the answer to a HEAD request, its GET answer's headers
    // (Content-Length included) without the body.
    void respond(Response response, bool keep_alive, bool head = false);
    void on_write(bool keep_alive, boost::beast::error_code ec, std::size_t bytes);
    void fail(boost::beast::error_code ec, const char* step);

    boost::beast::tcp_stream stream_;
    boost::beast::flat_buffer buffer_;
    std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
    boost::beast::http::response<boost::beast::http::string_body> response_;
    boost::asio::steady_timer handler_timer_;
    const Limits& limits_;
    const Handler& handler_;
    ServerStats& stats_;
    std::shared_ptr<spdlog::logger> log_;
    std::function<void()> on_destroyed_;
    std::uint64_t request_serial_ = 0;  // which request a late Responder answers
    bool answered_ = true;
};

}  // namespace ops_http
