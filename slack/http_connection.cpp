#include "slack/http_connection.hpp"

#include <optional>
#include <type_traits>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

namespace slack {

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using error_code = boost::system::error_code;

// users.list pages and conversation histories can be large; anything bigger
// is not a Slack answer we want to hold in memory.
constexpr std::uint64_t kBodyLimit = 16 * 1024 * 1024;

template <class Stream>
class BasicHttpConnection final : public HttpConnection,
                                  public std::enable_shared_from_this<BasicHttpConnection<Stream>> {
    static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

  public:
    BasicHttpConnection(net::any_io_executor executor, std::shared_ptr<TlsContext> tls, Url origin,
                        HttpTimeouts timeouts)
        : tls_(std::move(tls)),
          origin_(std::move(origin)),
          timeouts_(timeouts),
          resolver_(executor),
          resolve_timer_(executor),
          stream_(make_stream(executor)) {}

    void send(HttpRequest request, Handler handler) override {
        request_ = std::move(request);
        handler_ = std::move(handler);
        reused_ = connected_;
        if (connected_) return do_write();
        resolve_timer_.expires_after(timeouts_.connect);
        resolve_timer_.async_wait([self = this->shared_from_this()](error_code ec) {
            if (!ec) self->resolver_.cancel();
        });
        resolver_.async_resolve(
            origin_.host, origin_.port,
            [self = this->shared_from_this()](error_code ec, tcp::resolver::results_type results) {
                self->on_resolve(ec, std::move(results));
            });
    }

    bool reusable() const override { return connected_ && keep_alive_; }

    void close() override {
        connected_ = false;
        error_code ignored;
        resolver_.cancel();
        resolve_timer_.cancel();
        beast::get_lowest_layer(stream_).socket().close(ignored);
    }

  private:
    Stream make_stream(net::any_io_executor executor) {
        if constexpr (kTls) {
            return Stream(executor, *tls_);
        } else {
            return Stream(executor);
        }
    }

    void on_resolve(error_code ec, tcp::resolver::results_type results) {
        resolve_timer_.cancel();
        if (ec) return fail(ec, "resolve");
        beast::get_lowest_layer(stream_).expires_after(timeouts_.connect);
        beast::get_lowest_layer(stream_).async_connect(
            results, [self = this->shared_from_this()](error_code ec, const tcp::endpoint&) {
                self->on_connect(ec);
            });
    }

    void on_connect(error_code ec) {
        if (ec) return fail(ec, "connect");
        beast::get_lowest_layer(stream_).socket().set_option(tcp::no_delay(true), ec);
        if constexpr (kTls) {
            auto prepared = prepare_client_tls(stream_.native_handle(), origin_.host);
            if (!prepared) {
                detail_ = prepared.error().message;
                return fail(net::error::invalid_argument, "tls");
            }
            beast::get_lowest_layer(stream_).expires_after(timeouts_.handshake);
            stream_.async_handshake(
                net::ssl::stream_base::client,
                [self = this->shared_from_this()](error_code ec) { self->on_handshake(ec); });
        } else {
            on_handshake({});
        }
    }

    void on_handshake(error_code ec) {
        if constexpr (kTls) {
            if (ec) detail_ = describe_tls_failure(stream_.native_handle());
        }
        if (ec) return fail(ec, "tls");
        connected_ = true;
        do_write();
    }

    void do_write() {
        beast::get_lowest_layer(stream_).expires_after(timeouts_.exchange);
        http::async_write(
            stream_, request_,
            [self = this->shared_from_this()](error_code ec, std::size_t) { self->on_write(ec); });
    }

    void on_write(error_code ec) {
        if (ec) return fail(ec, "write");
        parser_.emplace();
        parser_->body_limit(kBodyLimit);
        http::async_read(
            stream_, buffer_, *parser_,
            [self = this->shared_from_this()](error_code ec, std::size_t) { self->on_read(ec); });
    }

    void on_read(error_code ec) {
        if (ec) return fail(ec, "read");
        beast::get_lowest_layer(stream_).expires_never();
        HttpOutcome outcome;
        outcome.reused = reused_;
        outcome.response = parser_->release();
        keep_alive_ = outcome.response.keep_alive();
        if (!keep_alive_) close();
        finish(std::move(outcome));
    }

    void fail(error_code ec, const char* step) {
        close();
        HttpOutcome outcome;
        outcome.ec = ec;
        outcome.step = step;
        outcome.detail = std::move(detail_);
        outcome.reused = reused_;
        finish(std::move(outcome));
    }

    void finish(HttpOutcome outcome) {
        // The handler may send the next request on this connection at once.
        auto handler = std::move(handler_);
        handler_ = nullptr;
        if (handler) handler(std::move(outcome));
    }

    std::shared_ptr<TlsContext> tls_;
    Url origin_;
    HttpTimeouts timeouts_;
    tcp::resolver resolver_;
    net::steady_timer resolve_timer_;
    Stream stream_;
    beast::flat_buffer buffer_;
    HttpRequest request_;
    std::optional<http::response_parser<http::string_body>> parser_;
    Handler handler_;
    std::string detail_;
    bool connected_ = false;
    bool reused_ = false;
    bool keep_alive_ = false;
};

}  // namespace

std::shared_ptr<HttpConnection> make_http_connection(boost::asio::any_io_executor executor,
                                                     std::shared_ptr<TlsContext> tls,
                                                     const Url& origin, HttpTimeouts timeouts) {
    if (origin.secure()) {
        return std::make_shared<BasicHttpConnection<beast::ssl_stream<beast::tcp_stream>>>(
            std::move(executor), std::move(tls), origin, timeouts);
    }
    return std::make_shared<BasicHttpConnection<beast::tcp_stream>>(std::move(executor), nullptr,
                                                                    origin, timeouts);
}

}  // namespace slack
