#pragma once
// One keep-alive HTTP(S) connection to one host, Beast's async client shape:
// resolve -> connect -> TLS handshake -> (write -> read)*, a deadline on every
// step. WebApi keeps a few of these per host and retries on top of them.
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/system/error_code.hpp>

#include "slack/tls.hpp"
#include "slack/url.hpp"

namespace slack {

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;
using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;

struct HttpTimeouts {
    std::chrono::milliseconds connect{10'000};    // resolve + TCP connect
    std::chrono::milliseconds handshake{10'000};  // TLS
    std::chrono::milliseconds exchange{30'000};   // write the request, read the answer
};

struct HttpOutcome {
    boost::system::error_code ec;  // set when no complete response arrived
    std::string step;              // the step that failed: resolve, connect, tls, write, read
    std::string detail;            // e.g. OpenSSL's verify failure reason
    bool reused = false;           // the connection had served an earlier request
    HttpResponse response;
};

class HttpConnection {
  public:
    using Handler = std::function<void(HttpOutcome)>;
    virtual ~HttpConnection() = default;

    // One request at a time; connects first when needed.
    virtual void send(HttpRequest request, Handler handler) = 0;
    // After a completed exchange: may this connection carry the next request?
    virtual bool reusable() const = 0;
    virtual void close() = 0;
};

// tls may be null only for plain http origins (loopback).
std::shared_ptr<HttpConnection> make_http_connection(boost::asio::any_io_executor executor,
                                                     std::shared_ptr<TlsContext> tls,
                                                     const Url& origin, HttpTimeouts timeouts);

}  // namespace slack
