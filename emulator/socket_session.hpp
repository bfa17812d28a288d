#pragma once
// One Socket Mode WebSocket, server side: writes serialised through a queue
// (frames, pings and the close frame are all writes, and Beast allows one at
// a time), Slack's periodic pings, and the ways a connection can end.
//
// Frames sent from other threads (a test or a benchmark delivering
// envelopes) wait in a locked inbox that one posted handler drains, not in a
// handler each: a burst of 10,000 envelopes would otherwise put 10,000
// handlers on the io_context ahead of the bot's acks, and every ack would be
// read only after the whole burst was queued, as Slack never does.
#include <atomic>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

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
    // Thread-safe: queued in order, written from the connection's strand.
    void send(std::string text);
    void close();         // close frame (after what was sent), then TCP close
    void drop();          // TCP close, no close frame
    void silence();       // stop reading (so no pongs), pinging and writing
    void stop_pinging();  // keep reading (pongs still answer the client's pings)
    bool silenced() const { return silenced_; }

  private:
    struct Outgoing {
        enum class Kind { Text, Ping, Close } kind;
        std::string text;
    };
    void on_accept(boost::beast::error_code ec);
    void do_read();
    void enqueue(Outgoing item);
    // From any thread: into the inbox, with one drain posted at a time.
    void hand_over(Outgoing item);
    void drain_inbox();
    void do_write();
    void schedule_ping();
    void finish();

    boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
    boost::beast::flat_buffer buffer_;
    std::shared_ptr<Server> server_;
    boost::asio::steady_timer ping_timer_;
    std::deque<Outgoing> queue_;
    std::mutex inbox_mutex_;
    std::vector<Outgoing> inbox_;  // guarded by inbox_mutex_
    bool drain_posted_ = false;    // guarded by inbox_mutex_
    bool writing_ = false;
    bool finished_ = false;
    std::atomic<bool> silenced_{false};
    std::atomic<bool> pings_stopped_{false};
};

}  // namespace emulator
