#pragma once
// One Socket Mode WebSocket, server side: writes serialised through a queue
// (frames, pings and the close frame are all writes, and Beast allows one at
// a time), Slack's periodic pings, and the ways a connection can end.
#include <atomic>
#include <deque>
#include <memory>
#include <string>

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>

#include "emulator/server.hpp"

namespace emulator {

class SocketSession : public std::enable_shared_from_this<SocketSession> {
  public:
    SocketSession(boost::beast::tcp_stream&& stream, std::shared_ptr<Server> server);

    void run(HttpRequest upgrade);
    // Thread-safe: each posts to the connection's strand.
    void send(std::string text);
    void close();    // close frame, then TCP close
    void drop();     // TCP close, no close frame
    void silence();  // stop reading (so no pongs), pinging and writing
    bool silenced() const { return silenced_; }

  private:
    struct Outgoing {
        enum class Kind { Text, Ping, Close } kind;
        std::string text;
    };
    void on_accept(boost::beast::error_code ec);
    void do_read();
    void enqueue(Outgoing item);
    void do_write();
    void schedule_ping();
    void finish();

    boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
    boost::beast::flat_buffer buffer_;
    std::shared_ptr<Server> server_;
    boost::asio::steady_timer ping_timer_;
    std::deque<Outgoing> queue_;
    bool writing_ = false;
    bool finished_ = false;
    std::atomic<bool> silenced_{false};
};

}  // namespace emulator
