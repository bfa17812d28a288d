#pragma once
// A minimal wss:// Socket Mode endpoint for the TLS tests: each connection
// gets `hello` and one slash-command envelope, and the frames the client
// sends back are recorded. Blocking, one thread per connection.
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

namespace test_support {

class TlsWebSocketServer {
  public:
    explicit TlsWebSocketServer(std::shared_ptr<boost::asio::ssl::context> tls);
    ~TlsWebSocketServer();
    TlsWebSocketServer(const TlsWebSocketServer&) = delete;
    TlsWebSocketServer& operator=(const TlsWebSocketServer&) = delete;

    std::string url(const std::string& host = "localhost") const;  // wss://host:PORT/link/?ticket=t
    std::vector<std::string> received() const;                     // frames from the client
    std::size_t handshakes() const { return handshakes_; }         // WebSocket upgrades done

  private:
    void accept_loop();
    void serve(boost::asio::ip::tcp::socket& socket);

    std::shared_ptr<boost::asio::ssl::context> tls_;
    boost::asio::io_context io_;
    boost::asio::ip::tcp::acceptor acceptor_;
    unsigned short port_ = 0;
    std::atomic<bool> stopping_{false};
    std::atomic<std::size_t> handshakes_{0};
    mutable std::mutex mutex_;
    std::vector<std::string> received_;
    std::vector<std::shared_ptr<boost::asio::ip::tcp::socket>> sockets_;
    std::vector<std::thread> threads_;
    std::thread acceptor_thread_;
};

}  // namespace test_support
