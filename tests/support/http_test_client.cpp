#include "tests/support/http_test_client.hpp"

#include "core/url_encoding.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace test {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

struct HttpTestClient::Impl {
    std::string host;
    unsigned short port;
    net::io_context io;
    std::optional<beast::tcp_stream> stream;
    beast::flat_buffer buffer;
    std::size_t connects = 0;

    bool ensure_connected() {
        if (stream && stream->socket().is_open()) return true;
        stream.emplace(io);
        beast::error_code ec;
        stream->socket().connect({net::ip::make_address(host), port}, ec);
        if (ec) {
            stream.reset();
            return false;
        }
        buffer.clear();
        ++connects;
        return true;
    }

    // Runs one async operation to completion or timeout (sync Beast calls
    // ignore tcp_stream timeouts).
    template <class Start>
    beast::error_code run(Start start, std::chrono::milliseconds timeout) {
        beast::error_code result = net::error::would_block;
        stream->expires_after(timeout);
        start([&result](beast::error_code ec, std::size_t) { result = ec; });
        io.restart();
        io.run();
        return result;
    }

    HttpReply send(http::request<http::string_body>& req, std::chrono::milliseconds timeout) {
        HttpReply reply;
        if (!ensure_connected()) return reply;
        auto ec = run([&](auto h) { http::async_write(*stream, req, h); }, timeout);
        http::response<http::string_body> res;
        if (!ec) ec = run([&](auto h) { http::async_read(*stream, buffer, res, h); }, timeout);
        if (ec) {
            beast::error_code ignored;
            stream->socket().close(ignored);
            stream.reset();
            return reply;
        }
        reply.status = res.result_int();
        for (const auto& field : res) {
            std::string name(field.name_string().data(), field.name_string().size());
            for (auto& ch : name)
                ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            reply.headers[name] = std::string(field.value().data(), field.value().size());
        }
        reply.body = res.body();
        if (!res.keep_alive()) {
            beast::error_code ignored;
            stream->socket().close(ignored);
            stream.reset();
        }
        return reply;
    }
};

HttpTestClient::HttpTestClient(std::string host, unsigned short port)
    : impl_(std::make_unique<Impl>()) {
    impl_->host = std::move(host);
    impl_->port = port;
}

HttpTestClient::~HttpTestClient() = default;
HttpTestClient::HttpTestClient(HttpTestClient&&) noexcept = default;

HttpReply HttpTestClient::request(const std::string& verb, const std::string& target,
                                  const std::string& body,
                                  const std::map<std::string, std::string>& headers,
                                  std::chrono::milliseconds timeout) {
    http::request<http::string_body> req{http::string_to_verb(verb), target, 11};
    req.set(http::field::host, impl_->host);
    req.keep_alive(true);
    for (const auto& [k, v] : headers) req.set(k, v);
    req.body() = body;
    req.prepare_payload();
    return impl_->send(req, timeout);
}

HttpReply HttpTestClient::post(const std::string& target, const std::string& body,
                               const std::string& content_type,
                               const std::map<std::string, std::string>& headers) {
    auto all = headers;
    all["Content-Type"] = content_type;
    return request("POST", target, body, all);
}

HttpReply HttpTestClient::get(const std::string& target) {
    return request("GET", target, "");
}

HttpReply HttpTestClient::api(const std::string& method, const nlohmann::json& args,
                              const std::string& token, bool json_body) {
    std::map<std::string, std::string> headers;
    if (!token.empty()) headers["Authorization"] = "Bearer " + token;
    if (json_body) {
        headers["Content-Type"] = "application/json; charset=utf-8";
        return request("POST", "/api/" + method, args.dump(), headers);
    }
    std::string body;
    for (const auto& [k, v] : args.items()) {
        if (!body.empty()) body += '&';
        body += core::url_encode(k) + '=' +
                core::url_encode(v.is_string() ? v.get<std::string>() : v.dump());
    }
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    return request("POST", "/api/" + method, body, headers);
}

std::size_t HttpTestClient::connections_opened() const {
    return impl_->connects;
}

}  // namespace test
