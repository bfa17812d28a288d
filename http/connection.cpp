#include "http/connection.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/dispatch.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

namespace ops_http {

namespace beast = boost::beast;
namespace http = boost::beast::http;

Connection::Connection(boost::asio::ip::tcp::socket socket, const Limits& limits,
                       const Handler& handler, ServerStats& stats,
                       std::shared_ptr<spdlog::logger> logger, std::function<void()> on_destroyed)
    : stream_(std::move(socket)),
      // The headers are parsed out of this buffer: it never needs to hold more.
      buffer_(limits.header_bytes + 4096),
      handler_timer_(stream_.get_executor()),
      limits_(limits),
      handler_(handler),
      stats_(stats),
      log_(std::move(logger)),
      on_destroyed_(std::move(on_destroyed)) {}

Connection::~Connection() {
    if (on_destroyed_) on_destroyed_();
}

void Connection::run() {
    read_request();
}

void Connection::close() {
    beast::error_code ignored;
    handler_timer_.cancel();
    stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
    stream_.close();
}

void Connection::read_request() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(limits_.header_bytes));
    parser_->body_limit(limits_.body_bytes);
    // One deadline for the whole request: trickling bytes does not extend it.
    stream_.expires_after(limits_.read_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Connection::on_read, shared_from_this()));
}

void Connection::on_read(beast::error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream) return close();
    if (ec == beast::error::timeout) {
        ++stats_.timed_out;
        return close();
    }
    if (ec == http::error::body_limit) {
        ++stats_.too_large;
        return respond(json_error(413, "the body is larger than " +
                                           std::to_string(limits_.body_bytes) + " bytes"),
                       false);
    }
    if (ec == http::error::header_limit || ec == http::error::buffer_overflow) {
        ++stats_.too_large;
        return respond(json_error(431, "the request headers are larger than " +
                                           std::to_string(limits_.header_bytes) + " bytes"),
                       false);
    }
    if (ec) {
        if (ec.category() == http::make_error_code(http::error::bad_target).category())
            return respond(json_error(400, "malformed HTTP request"), false);
        return fail(ec, "read");
    }
    stream_.expires_never();
    auto message = parser_->release();
    Request request;
    request.method = std::string(message.method_string());
    // HEAD is GET without the body (RFC 9110 9.3.2): handlers see a GET.
    const bool head = message.method() == http::verb::head;
    if (head) request.method = "GET";
    const auto target = std::string(message.target());
    const auto question = target.find('?');
    request.path = target.substr(0, question);
    if (question != std::string::npos) request.query = target.substr(question + 1);
    request.cookie = std::string(message[http::field::cookie]);
    request.authorization = std::string(message[http::field::authorization]);
    request.body = std::move(message.body());
    const bool keep_alive = message.keep_alive();

    const auto serial = ++request_serial_;
    answered_ = false;
    handler_timer_.expires_after(limits_.handler_timeout);
    handler_timer_.async_wait(
        beast::bind_front_handler(&Connection::on_handler_timeout, shared_from_this()));
    Responder responder = [weak = weak_from_this(), serial, keep_alive, head](Response response) {
        auto self = weak.lock();
        if (!self) return;
        auto executor = self->stream_.get_executor();
        boost::asio::dispatch(
            executor, [self, serial, keep_alive, head, response = std::move(response)]() mutable {
                if (self->answered_ || serial != self->request_serial_) return;
                self->respond(std::move(response), keep_alive, head);
            });
    };
    try {
        handler_(request, std::move(responder));
    } catch (const std::exception& e) {
        log_->error("HTTP {} {} failed: {}", request.method, request.path, e.what());
        if (!answered_) respond(json_error(500, "internal error; see the bot's log"), false);
    }
}

void Connection::on_handler_timeout(beast::error_code ec) {
    if (ec || answered_) return;
    ++stats_.timed_out;
    respond(json_error(503, "no answer in time; retry later"), false);
}

void Connection::respond(Response response, bool keep_alive, bool head) {
    answered_ = true;
    handler_timer_.cancel();
    response_ = {};
    response_.version(11);
    response_.result(response.status);
    response_.set(http::field::server, "incident-bot");
    response_.set(http::field::content_type, response.content_type);
    for (const auto& [name, value] : response.headers) response_.set(name, value);
    response_.keep_alive(keep_alive);
    response_.body() = std::move(response.body);
    response_.prepare_payload();
    if (head) response_.body().clear();  // Content-Length stays the GET answer's
    stream_.expires_after(limits_.write_timeout);
    http::async_write(
        stream_, response_,
        beast::bind_front_handler(&Connection::on_write, shared_from_this(), keep_alive));
}

void Connection::on_write(bool keep_alive, beast::error_code ec, std::size_t) {
    if (ec == beast::error::timeout) ++stats_.timed_out;
    if (ec) return fail(ec, "write");
    if (!keep_alive) return close();
    read_request();
}

void Connection::fail(beast::error_code ec, const char* step) {
    log_->debug("HTTP client dropped at {}: {}", step, ec.message());
    close();
}

}  // namespace ops_http
