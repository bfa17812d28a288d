#include "tests/support/tls_websocket_server.hpp"

#include <sys/socket.h>

#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <boost/beast/websocket/stream.hpp>

namespace test_support {

namespace net = boost::asio;
namespace websocket = boost::beast::websocket;
using tcp = net::ip::tcp;

TlsWebSocketServer::TlsWebSocketServer(std::shared_ptr<net::ssl::context> tls)
    : tls_(std::move(tls)), acceptor_(io_, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0)) {
    port_ = acceptor_.local_endpoint().port();
    acceptor_thread_ = std::thread([this] { accept_loop(); });
}

TlsWebSocketServer::~TlsWebSocketServer() {
    stopping_ = true;
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

std::string TlsWebSocketServer::url(const std::string& host) const {
    return "wss://" + host + ":" + std::to_string(port_) + "/link/?ticket=t";
}

std::vector<std::string> TlsWebSocketServer::received() const {
    std::lock_guard lock(mutex_);
    return received_;
}

void TlsWebSocketServer::accept_loop() {
    while (!stopping_) {
        auto socket = std::make_shared<tcp::socket>(io_);
        boost::system::error_code ec;
        acceptor_.accept(*socket, ec);
        if (ec || stopping_) break;
        std::lock_guard lock(mutex_);
        sockets_.push_back(socket);
        threads_.emplace_back([this, socket] {
            serve(*socket);
            ::shutdown(socket->native_handle(), SHUT_RDWR);
        });
    }
}

void TlsWebSocketServer::serve(tcp::socket& socket) {
    websocket::stream<net::ssl::stream<tcp::socket&>> ws(socket, *tls_);
    boost::system::error_code ec;
    ws.next_layer().handshake(net::ssl::stream_base::server, ec);
    if (ec) return;  // the client refused our certificate
    ws.accept(ec);
    if (ec) return;
    ++handshakes_;
    ws.text(true);
    ws.write(net::buffer(std::string(R"({"type":"hello","num_connections":1})")), ec);
    ws.write(net::buffer(std::string(
                 R"({"envelope_id":"tls-1","type":"slash_commands","payload":{"text":"hi"},)"
                 R"("accepts_response_payload":true})")),
             ec);
    for (;;) {
        boost::beast::flat_buffer buffer;
        ws.read(buffer, ec);
        if (ec) return;
        std::lock_guard lock(mutex_);
        received_.push_back(boost::beast::buffers_to_string(buffer.data()));
    }
}

}  // namespace test_support
