#include "emulator/socket_session.hpp"

#include <utility>

#include <spdlog/logger.h>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/websocket.hpp>

namespace emulator {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;

SocketSession::SocketSession(beast::tcp_stream&& stream, std::shared_ptr<Server> server)
    : ws_(std::move(stream)), server_(std::move(server)), ping_timer_(ws_.get_executor()) {}

void SocketSession::run(HttpRequest upgrade) {
    beast::get_lowest_layer(ws_).expires_never();
    // Liveness is ours (periodic pings); Beast's own idle pings stay off.
    websocket::stream_base::timeout timeout{};
    timeout.handshake_timeout = std::chrono::seconds(10);
    timeout.idle_timeout = websocket::stream_base::none();
    timeout.keep_alive_pings = false;
    ws_.set_option(timeout);
    ws_.set_option(websocket::stream_base::decorator([](websocket::response_type& res) {
        res.set(beast::http::field::server, "slack-emulator");
    }));
    auto req = std::make_shared<HttpRequest>(std::move(upgrade));
    net::dispatch(ws_.get_executor(), [self = shared_from_this(), req] {
        self->ws_.async_accept(*req, [self, req](beast::error_code ec) { self->on_accept(ec); });
    });
}

void SocketSession::on_accept(beast::error_code ec) {
    if (ec) return finish();
    ws_.text(true);
    server_->on_socket_open(shared_from_this());
    do_read();
    schedule_ping();
}

void SocketSession::do_read() {
    ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
        // A silenced link still counts as open: Slack cannot tell it is dead.
        if (self->silenced_) return;
        if (ec) return self->finish();
        auto text = beast::buffers_to_string(self->buffer_.data());
        self->buffer_.consume(self->buffer_.size());
        self->server_->on_socket_frame(self, text);
        self->do_read();
    });
}

void SocketSession::send(std::string text) {
    hand_over(Outgoing{Outgoing::Kind::Text, std::move(text)});
}

void SocketSession::close() {
    hand_over(Outgoing{Outgoing::Kind::Close, {}});
}

void SocketSession::hand_over(Outgoing item) {
    {
        std::lock_guard lock(inbox_mutex_);
        inbox_.push_back(std::move(item));
        if (std::exchange(drain_posted_, true)) return;
    }
    net::post(ws_.get_executor(), [self = shared_from_this()] { self->drain_inbox(); });
}

void SocketSession::drain_inbox() {
    std::vector<Outgoing> items;
    {
        std::lock_guard lock(inbox_mutex_);
        items.swap(inbox_);
        drain_posted_ = false;
    }
    for (auto& item : items) enqueue(std::move(item));
}

void SocketSession::drop() {
    net::post(ws_.get_executor(), [self = shared_from_this()] {
        beast::error_code ec;
        self->ping_timer_.cancel();
        auto& socket = beast::get_lowest_layer(self->ws_).socket();
        socket.shutdown(net::ip::tcp::socket::shutdown_both, ec);
        socket.close(ec);
        self->finish();
    });
}

void SocketSession::silence() {
    silenced_ = true;
    net::post(ws_.get_executor(), [self = shared_from_this()] {
        self->ping_timer_.cancel();
        self->queue_.clear();
        // Cancelling the pending read stops Beast answering pings; the TCP
        // connection stays up, as with a link that died silently.
        beast::error_code ec;
        beast::get_lowest_layer(self->ws_).socket().cancel(ec);
    });
}

void SocketSession::stop_pinging() {
    pings_stopped_ = true;
    net::post(ws_.get_executor(), [self = shared_from_this()] { self->ping_timer_.cancel(); });
}

void SocketSession::enqueue(Outgoing item) {
    if (finished_ || silenced_) return;  // a silent link swallows what Slack sends
    queue_.push_back(std::move(item));
    if (!writing_) do_write();
}

void SocketSession::do_write() {
    if (queue_.empty() || finished_) {
        writing_ = false;
        return;
    }
    writing_ = true;
    auto& item = queue_.front();
    auto done = [self = shared_from_this()](beast::error_code ec, std::size_t = 0) {
        if (ec) {
            self->writing_ = false;
            return self->finish();
        }
        if (!self->queue_.empty()) self->queue_.pop_front();
        self->do_write();
    };
    switch (item.kind) {
        case Outgoing::Kind::Text:
            ws_.async_write(net::buffer(item.text), std::move(done));
            break;
        case Outgoing::Kind::Ping:
            ws_.async_ping({}, [done](beast::error_code ec) mutable { done(ec); });
            break;
        case Outgoing::Kind::Close:
            ws_.async_close(websocket::close_code::normal,
                            [done](beast::error_code ec) mutable { done(ec); });
            break;
    }
}

void SocketSession::schedule_ping() {
    if (server_->options().ping_interval.count() <= 0) return;
    ping_timer_.expires_after(server_->options().ping_interval);
    ping_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
        if (ec || self->finished_ || self->silenced_ || self->pings_stopped_) return;
        self->enqueue(Outgoing{Outgoing::Kind::Ping, {}});
        self->schedule_ping();
    });
}

void SocketSession::finish() {
    if (finished_) return;
    finished_ = true;
    ping_timer_.cancel();
    server_->on_socket_closed(this);
}

}  // namespace emulator
