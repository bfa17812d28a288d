#include "tests/support/slack_stub_server.hpp"

#include <sys/socket.h>

#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

namespace test_support {

namespace net = boost::asio;
namespace http = boost::beast::http;
using tcp = net::ip::tcp;

StubHttpServer::StubHttpServer(Handler handler, std::shared_ptr<net::ssl::context> tls)
    : handler_(std::move(handler)),
      tls_(std::move(tls)),
      acceptor_(io_, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0)) {
    port_ = acceptor_.local_endpoint().port();
    acceptor_thread_ = std::thread([this] { accept_loop(); });
}

StubHttpServer::~StubHttpServer() {
    stopping_ = true;
    // Wake the blocking accept with a connection of our own.
    try {
        tcp::socket poke(io_);
        poke.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port_));
    } catch (...) {
    }
    acceptor_thread_.join();
    {
        std::lock_guard lock(mutex_);
        for (auto& socket : sockets_) ::shutdown(socket->native_handle(), SHUT_RDWR);
    }
    for (auto& thread : threads_) thread.join();
}

std::string StubHttpServer::base_url(const std::string& host) const {
    return std::string(tls_ ? "https" : "http") + "://" + host + ":" + std::to_string(port_) +
           "/api/";
}

std::vector<StubRequest> StubHttpServer::requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
}

void StubHttpServer::accept_loop() {
    while (!stopping_) {
        auto socket = std::make_shared<tcp::socket>(io_);
        boost::system::error_code ec;
        acceptor_.accept(*socket, ec);
        if (ec || stopping_) break;
        std::size_t number = ++accepted_;
        std::lock_guard lock(mutex_);
        sockets_.push_back(socket);
        threads_.emplace_back([this, number, socket] {
            serve(*socket, number);
            // The client sees the connection end (a drop, or not keep-alive).
            ::shutdown(socket->native_handle(), SHUT_RDWR);
        });
    }
}

namespace {

template <class Stream>
void exchange(Stream& stream, const StubHttpServer::Handler& handler, std::size_t number,
              std::mutex& mutex, std::vector<StubRequest>& log) {
    boost::beast::flat_buffer buffer;
    for (;;) {
        http::request<http::string_body> request;
        boost::system::error_code ec;
        http::read(stream, buffer, request, ec);
        if (ec) return;
        StubRequest seen{std::string(request.target()),
                         request.body(),
                         std::string(request[http::field::authorization]),
                         std::string(request[http::field::content_type]),
                         number,
                         std::chrono::steady_clock::now()};
        {
            std::lock_guard lock(mutex);
            log.push_back(seen);
        }
        StubReply reply = handler(seen);
        if (reply.delay.count() > 0) std::this_thread::sleep_for(reply.delay);
        if (reply.drop) return;
        http::response<http::string_body> response{static_cast<http::status>(reply.status), 11};
        response.set(http::field::content_type, "application/json; charset=utf-8");
        for (auto& [name, value] : reply.headers) response.set(name, value);
        response.body() = reply.body;
        response.keep_alive(request.keep_alive());
        response.prepare_payload();
        http::write(stream, response, ec);
        if (ec || !request.keep_alive()) return;
    }
}

}  // namespace

void StubHttpServer::serve(tcp::socket& socket, std::size_t number) {
    if (!tls_) return exchange(socket, handler_, number, mutex_, requests_);
    net::ssl::stream<tcp::socket&> stream(socket, *tls_);
    boost::system::error_code ec;
    stream.handshake(net::ssl::stream_base::server, ec);
    if (ec) return;  // a client that refused our certificate
    exchange(stream, handler_, number, mutex_, requests_);
}

}  // namespace test_support
