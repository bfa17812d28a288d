#include "slack/socket_connection.hpp"

#include <deque>
#include <type_traits>

#include <spdlog/spdlog.h>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/websocket/stream.hpp>

namespace slack {

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;
using error_code = boost::system::error_code;

template <class Next>
class BasicSocketConnection final : public SocketConnection {
    static constexpr bool kTls = !std::is_same_v<Next, beast::tcp_stream>;

  public:
    BasicSocketConnection(net::any_io_executor executor, std::shared_ptr<TlsContext> tls, Url url,
                          SocketTimeouts timeouts, std::shared_ptr<spdlog::logger> logger,
                          Events events, std::uint64_t id)
        : SocketConnection(id),
          tls_(std::move(tls)),
          url_(std::move(url)),
          timeouts_(timeouts),
          logger_(std::move(logger)),
          events_(std::move(events)),
          resolver_(executor),
          connect_timer_(executor),
          ping_timer_(executor),
          pong_timer_(executor),
          idle_timer_(executor),
          ws_(make_stream(executor)) {}

    void run() override {
        connect_timer_.expires_after(timeouts_.connect);
        connect_timer_.async_wait([self = self()](error_code ec) {
            if (!ec) self->resolver_.cancel();
        });
        resolver_.async_resolve(
            url_.host, url_.port,
            [self = self()](error_code ec, tcp::resolver::results_type results) {
                self->on_resolve(ec, std::move(results));
            });
    }

    void send(std::string text) override {
        if (closed_ || close_sent_) return;
        queue_.push_back(Item{false, std::move(text)});
        if (open_ && queue_.size() == 1) do_write();
    }

    void expect_ack() override { ++owed_acks_; }

    bool send_ack(std::string text) override {
        if (owed_acks_ > 0) --owed_acks_;
        if (closed_ || close_sent_) return false;
        send(std::move(text));
        maybe_close();
        return true;
    }

    void release_ack() override {
        if (owed_acks_ > 0) --owed_acks_;
        maybe_close();
    }

    void close() override {
        if (!open_) return abort("closed before it was up");
        close_requested_ = true;
        maybe_close();
    }

    void abort(std::string why) override {
        if (closed_) return;
        if (abort_reason_.empty()) abort_reason_ = std::move(why);
        error_code ignored;
        resolver_.cancel();
        beast::get_lowest_layer(ws_).socket().close(ignored);
        // Operations in flight complete with errors and report; with none in
        // flight (before run, or after a clean close) report here.
        if (!reading_) closed(abort_reason_);
    }

    bool is_open() const override { return open_ && !closed_ && !close_requested_; }

    bool has_unread() override {
        if (!open_ || closed_) return false;
        error_code ec;
        const auto bytes = beast::get_lowest_layer(ws_).socket().available(ec);
        return !ec && bytes > 0;
    }

  private:
    struct Item {
        bool ping;
        std::string text;
    };

    std::shared_ptr<BasicSocketConnection> self() {
        return std::static_pointer_cast<BasicSocketConnection>(shared_from_this());
    }

    websocket::stream<Next> make_stream(net::any_io_executor executor) {
        if constexpr (kTls) {
            return websocket::stream<Next>(executor, *tls_);
        } else {
            return websocket::stream<Next>(executor);
        }
    }

    void fail(error_code ec, const char* step) {
        std::string why =
            !abort_reason_.empty() ? abort_reason_ : std::string(step) + ": " + ec.message();
        if constexpr (kTls) {
            if (std::string(step) == "tls") {
                auto reason = describe_tls_failure(ws_.next_layer().native_handle());
                if (!reason.empty()) why += " (" + reason + ")";
            }
        }
        abort(why);
        closed(why);
    }

    void on_resolve(error_code ec, tcp::resolver::results_type results) {
        if (ec) return fail(ec, "resolve");
        beast::get_lowest_layer(ws_).expires_at(connect_timer_.expiry());
        beast::get_lowest_layer(ws_).async_connect(
            results,
            [self = self()](error_code ec, const tcp::endpoint&) { self->on_connect(ec); });
    }

    void on_connect(error_code ec) {
        connect_timer_.cancel();
        if (ec) return fail(ec, "connect");
        beast::get_lowest_layer(ws_).socket().set_option(tcp::no_delay(true), ec);
        beast::get_lowest_layer(ws_).expires_after(timeouts_.handshake);
        if constexpr (kTls) {
            auto prepared = prepare_client_tls(ws_.next_layer().native_handle(), url_.host);
            if (!prepared) {
                abort_reason_ = prepared.error().message;
                return fail(net::error::invalid_argument, "tls");
            }
            ws_.next_layer().async_handshake(
                net::ssl::stream_base::client,
                [self = self()](error_code ec) { self->on_tls_handshake(ec); });
        } else {
            on_tls_handshake({});
        }
    }

    void on_tls_handshake(error_code ec) {
        if (ec) return fail(ec, "tls");
        // The WebSocket layer keeps its own deadlines from here on.
        beast::get_lowest_layer(ws_).expires_never();
        websocket::stream_base::timeout timeout{};
        timeout.handshake_timeout = timeouts_.handshake;
        timeout.idle_timeout = websocket::stream_base::none();
        timeout.keep_alive_pings = false;
        ws_.set_option(timeout);
        ws_.set_option(websocket::stream_base::decorator([](websocket::request_type& req) {
            req.set(beast::http::field::user_agent, "incident-bot");
        }));
        ws_.control_callback([this](websocket::frame_type kind, beast::string_view) {
            if (kind != websocket::frame_type::pong) activity_ = true;  // Slack's own ping
            if (kind == websocket::frame_type::pong) {
                awaiting_pong_ = false;
                pong_timer_.cancel();
            }
        });
        bool default_port = url_.port == (url_.secure() ? "443" : "80");
        ws_.async_handshake(default_port ? url_.host : url_.authority(), url_.target,
                            [self = self()](error_code ec) { self->on_handshake(ec); });
    }

    void on_handshake(error_code ec) {
        if (ec) return fail(ec, "websocket handshake");
        open_ = true;
        ws_.text(true);
        reading_ = true;
        do_read();
        if (timeouts_.ping_interval.count() > 0) arm_ping();
        if (timeouts_.idle_timeout.count() > 0) arm_idle();
        if (!queue_.empty()) do_write();
        maybe_close();
    }

    void do_read() {
        ws_.async_read(buffer_, [self = self()](error_code ec, std::size_t) { self->on_read(ec); });
    }

    void on_read(error_code ec) {
        if (ec) {
            reading_ = false;
            std::string why = abort_reason_;
            if (why.empty() && ec == websocket::error::closed) {
                std::string reason = ws_.reason().reason.c_str();
                why = "closed by Slack (code " + std::to_string(ws_.reason().code) +
                      (reason.empty() ? "" : ", " + reason) + ")";
            } else if (why.empty()) {
                why = "read: " + ec.message();
            }
            return closed(why);
        }
        activity_ = true;
        // Any frame proves the link alive: under a backlog Slack's pong sits
        // behind the envelopes still to read, and dropping the socket then
        // would lose every command in its buffer.
        awaiting_pong_ = false;
        pong_timer_.cancel();
        auto data = buffer_.cdata();
        if (events_.on_text) {
            events_.on_text(*this,
                            std::string_view(static_cast<const char*>(data.data()), data.size()));
        }
        buffer_.consume(buffer_.size());
        if (!closed_) do_read();
    }

    void do_write() {
        if (closed_) return;
        Item& item = queue_.front();
        auto done = [self = self()](error_code ec, std::size_t = 0) { self->on_write(ec); };
        if (item.ping) {
            ws_.async_ping({}, done);
        } else {
            ws_.async_write(net::buffer(item.text), done);
        }
    }

    void on_write(error_code ec) {
        if (ec) return abort("write: " + ec.message());
        queue_.pop_front();
        if (!queue_.empty()) return do_write();
        maybe_close();
    }

    void maybe_close() {
        if (!close_requested_ || close_sent_ || !open_ || closed_) return;
        if (!queue_.empty() || owed_acks_ > 0) return;
        close_sent_ = true;
        ws_.async_close(websocket::close_code::normal, [self = self()](error_code ec) {
            if (ec) self->abort("close: " + ec.message());
        });
    }

    void arm_ping() {
        ping_timer_.expires_after(timeouts_.ping_interval);
        ping_timer_.async_wait([self = self()](error_code ec) {
            if (ec || self->closed_ || self->close_sent_) return;
            self->queue_.push_back(Item{true, {}});
            if (self->queue_.size() == 1) self->do_write();
            if (!self->awaiting_pong_) {
                self->awaiting_pong_ = true;
                self->pong_timer_.expires_after(self->timeouts_.pong_timeout);
                self->pong_timer_.async_wait([self](error_code ec) {
                    if (!ec && self->awaiting_pong_) self->abort("no pong from Slack in time");
                });
            }
            self->arm_ping();
        });
    }

    void arm_idle() {
        idle_timer_.expires_after(timeouts_.idle_timeout);
        idle_timer_.async_wait([self = self()](error_code ec) {
            if (ec || self->closed_) return;
            if (!self->activity_) {
                if (!self->events_.on_stale) return self->abort("nothing from Slack in time");
                return self->events_.on_stale(*self);
            }
            self->activity_ = false;
            self->arm_idle();
        });
    }

    void closed(const std::string& why) {
        if (closed_) return;
        closed_ = true;
        open_ = false;
        connect_timer_.cancel();
        ping_timer_.cancel();
        pong_timer_.cancel();
        idle_timer_.cancel();
        queue_.clear();
        if (events_.on_closed) events_.on_closed(*this, why);
        events_ = {};  // the client's callbacks hold it; break the cycle
    }

    std::shared_ptr<TlsContext> tls_;
    Url url_;
    SocketTimeouts timeouts_;
    std::shared_ptr<spdlog::logger> logger_;
    Events events_;
    tcp::resolver resolver_;
    net::steady_timer connect_timer_;
    net::steady_timer ping_timer_;
    net::steady_timer pong_timer_;
    net::steady_timer idle_timer_;
    websocket::stream<Next> ws_;
    beast::flat_buffer buffer_;
    std::deque<Item> queue_;
    std::string abort_reason_;
    int owed_acks_ = 0;
    bool open_ = false;
    bool reading_ = false;
    bool closed_ = false;
    bool close_requested_ = false;
    bool close_sent_ = false;
    bool awaiting_pong_ = false;
    bool activity_ = false;
};

}  // namespace

std::shared_ptr<SocketConnection> make_socket_connection(boost::asio::any_io_executor executor,
                                                         std::shared_ptr<TlsContext> tls, Url url,
                                                         SocketTimeouts timeouts,
                                                         std::shared_ptr<spdlog::logger> logger,
                                                         SocketConnection::Events events,
                                                         std::uint64_t id) {
    if (url.secure()) {
        return std::make_shared<BasicSocketConnection<beast::ssl_stream<beast::tcp_stream>>>(
            std::move(executor), std::move(tls), std::move(url), timeouts, std::move(logger),
            std::move(events), id);
    }
    return std::make_shared<BasicSocketConnection<beast::tcp_stream>>(
        std::move(executor), nullptr, std::move(url), timeouts, std::move(logger),
        std::move(events), id);
}

}  // namespace slack
