#pragma once
// A scripted HTTP(S) server on 127.0.0.1 for the Web API client's tests:
// each request is answered by a function, so a test can return 429s, 5xx,
// delays or dropped connections exactly when it wants. Blocking, a thread
// per connection: simple beats fast here.
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

namespace test_support {

struct StubRequest {
    std::string target;  // "/api/chat.postMessage"
    std::string body;
    std::string authorization;  // the raw header
    std::string content_type;
    std::size_t connection = 0;  // which accepted connection carried it (1-based)
    std::chrono::steady_clock::time_point at;
};

struct StubReply {
    unsigned status = 200;
    std::string body = R"({"ok":true})";
    std::vector<std::pair<std::string, std::string>> headers;
    bool drop = false;  // close the connection without answering
    std::chrono::milliseconds delay{0};
};

inline StubReply answer(unsigned status, std::string body,
                        std::vector<std::pair<std::string, std::string>> headers = {}) {
    StubReply reply;
    reply.status = status;
    reply.body = std::move(body);
    reply.headers = std::move(headers);
    return reply;
}

class StubHttpServer {
  public:
    using Handler = std::function<StubReply(const StubRequest&)>;

    // tls: serve HTTPS with this context (certificate already loaded).
    explicit StubHttpServer(Handler handler,
                            std::shared_ptr<boost::asio::ssl::context> tls = nullptr);
    ~StubHttpServer();
    StubHttpServer(const StubHttpServer&) = delete;
    StubHttpServer& operator=(const StubHttpServer&) = delete;

    unsigned short port() const { return port_; }
    // e.g. base_url("127.0.0.1") == "http://127.0.0.1:PORT/api/"
    std::string base_url(const std::string& host = "127.0.0.1") const;
    std::vector<StubRequest> requests() const;
    std::size_t connections() const { return accepted_; }

  private:
    void accept_loop();
    void serve(boost::asio::ip::tcp::socket& socket, std::size_t number);

    Handler handler_;
    std::shared_ptr<boost::asio::ssl::context> tls_;
    boost::asio::io_context io_;
    boost::asio::ip::tcp::acceptor acceptor_;
    unsigned short port_ = 0;
    std::atomic<bool> stopping_{false};
    std::atomic<std::size_t> accepted_{0};
    mutable std::mutex mutex_;
    std::vector<StubRequest> requests_;
    // Sockets live until the server does, so a finished connection's file
    // descriptor is never reused while the destructor shuts the rest down.
    std::vector<std::shared_ptr<boost::asio::ip::tcp::socket>> sockets_;
    std::vector<std::thread> threads_;
    std::thread acceptor_thread_;
};

}  // namespace test_support
