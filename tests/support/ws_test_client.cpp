#include "tests/support/ws_test_client.hpp"

#include <deque>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

namespace test {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using nlohmann::json;

struct WsTestClient::Impl {
    net::io_context io;
    std::optional<websocket::stream<beast::tcp_stream>> ws;
    beast::flat_buffer buffer;
    std::deque<std::string> frames;
    bool is_closed = true;
    bool close_frame = false;
    int pings = 0;
    int pongs = 0;

    void start_reading() {
        ws->async_read(buffer, [this](beast::error_code ec, std::size_t) {
            if (ec) {
                close_frame = ec == websocket::error::closed;
                is_closed = true;
                return;
            }
            frames.push_back(beast::buffers_to_string(buffer.data()));
            buffer.consume(buffer.size());
            start_reading();
        });
    }

    template <class Done>
    void run_until(Done done, std::chrono::milliseconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (!done()) {
            const auto now = std::chrono::steady_clock::now();
            if (now >= deadline) break;
            io.restart();
            io.run_one_for(deadline - now);
        }
    }
};

WsTestClient::WsTestClient() : impl_(std::make_unique<Impl>()) {}
WsTestClient::~WsTestClient() {
    if (impl_ && impl_->ws) {
        beast::error_code ec;
        beast::get_lowest_layer(*impl_->ws).socket().close(ec);
    }
}
WsTestClient::WsTestClient(WsTestClient&&) noexcept = default;

int WsTestClient::connect(const std::string& url) {
    // ws://host:port/target
    const auto rest = url.substr(url.find("://") + 3);
    const auto slash = rest.find('/');
    const auto hostport = rest.substr(0, slash);
    const auto target = slash == std::string::npos ? "/" : rest.substr(slash);
    const auto colon = hostport.find(':');
    const auto host = hostport.substr(0, colon);
    const auto port = static_cast<unsigned short>(std::stoi(hostport.substr(colon + 1)));

    impl_->ws.emplace(impl_->io);
    beast::error_code ec;
    beast::get_lowest_layer(*impl_->ws).socket().connect({net::ip::make_address(host), port}, ec);
    if (ec) return 0;
    impl_->ws->control_callback([this](websocket::frame_type kind, beast::string_view) {
        if (kind == websocket::frame_type::ping) ++impl_->pings;
        if (kind == websocket::frame_type::pong) ++impl_->pongs;
    });
    // The async handshake hands back a declined answer (the sync one in
    // Boost 1.74 drops it), so a refused ticket shows its HTTP status.
    websocket::response_type res;
    bool done = false;
    impl_->ws->async_handshake(res, hostport, target, [&](beast::error_code e) {
        ec = e;
        done = true;
    });
    impl_->run_until([&] { return done; }, std::chrono::seconds(5));
    if (!done || ec) return done ? res.result_int() : 0;
    impl_->is_closed = false;
    impl_->start_reading();
    return 101;
}

std::optional<std::string> WsTestClient::read_text(std::chrono::milliseconds timeout) {
    impl_->run_until([&] { return !impl_->frames.empty() || impl_->is_closed; }, timeout);
    if (impl_->frames.empty()) return std::nullopt;
    auto text = std::move(impl_->frames.front());
    impl_->frames.pop_front();
    return text;
}

std::optional<json> WsTestClient::read_json(std::chrono::milliseconds timeout) {
    auto text = read_text(timeout);
    if (!text) return std::nullopt;
    return json::parse(*text, nullptr, false);
}

std::optional<json> WsTestClient::read_type(const std::string& type,
                                            std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return std::nullopt;
        auto frame = read_json(left);
        if (!frame) return std::nullopt;
        if (frame->is_object() && frame->value("type", std::string{}) == type) return frame;
    }
}

bool WsTestClient::send_text(const std::string& text) {
    if (impl_->is_closed) return false;
    bool done = false;
    beast::error_code result;
    auto buffer = std::make_shared<std::string>(text);
    impl_->ws->async_write(net::buffer(*buffer), [&, buffer](beast::error_code ec, std::size_t) {
        result = ec;
        done = true;
    });
    impl_->run_until([&] { return done; }, std::chrono::seconds(5));
    return done && !result;
}

bool WsTestClient::ack(const std::string& envelope_id, const std::optional<json>& payload) {
    json frame = {{"envelope_id", envelope_id}};
    if (payload) frame["payload"] = *payload;
    return send_text(frame.dump());
}

bool WsTestClient::ping(std::chrono::milliseconds timeout) {
    if (impl_->is_closed) return false;
    const int before = impl_->pongs;
    bool sent = false;
    impl_->ws->async_ping({}, [&](beast::error_code) { sent = true; });
    impl_->run_until([&] { return (sent && impl_->pongs > before) || impl_->is_closed; }, timeout);
    return impl_->pongs > before;
}

bool WsTestClient::wait_closed(std::chrono::milliseconds timeout) {
    impl_->run_until([&] { return impl_->is_closed; }, timeout);
    return impl_->is_closed;
}

bool WsTestClient::closed() const {
    return impl_->is_closed;
}
bool WsTestClient::got_close_frame() const {
    return impl_->close_frame;
}
int WsTestClient::pings_received() const {
    return impl_->pings;
}

void WsTestClient::close() {
    if (impl_->is_closed) return;
    bool done = false;
    impl_->ws->async_close(websocket::close_code::normal, [&](beast::error_code) { done = true; });
    impl_->run_until([&] { return done && impl_->is_closed; }, std::chrono::seconds(2));
}

}  // namespace test
