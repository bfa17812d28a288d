#include "slack/http_pool.hpp"

#include <algorithm>

#include <boost/asio/post.hpp>

namespace slack {

HttpPool::HttpPool(boost::asio::any_io_executor executor, TlsProvider tls, HttpTimeouts timeouts,
                   std::size_t per_host)
    : executor_(std::move(executor)),
      tls_(std::move(tls)),
      timeouts_(timeouts),
      per_host_(std::max<std::size_t>(per_host, 1)) {}

std::string HttpPool::key(const Url& origin) const {
    return origin.scheme + "://" + origin.authority();
}

void HttpPool::acquire(const Url& origin, Lease lease) {
    Host& host = hosts_[key(origin)];
    if (!host.idle.empty()) {
        auto connection = std::move(host.idle.back());
        host.idle.pop_back();
        return lease(std::move(connection));
    }
    if (host.open < per_host_) {
        ++host.open;
        return lease(
            make_http_connection(executor_, origin.secure() ? tls_() : nullptr, origin, timeouts_));
    }
    host.waiting.push_back(std::move(lease));
}

void HttpPool::release(const Url& origin, std::shared_ptr<HttpConnection> connection) {
    Host& host = hosts_[key(origin)];
    if (!connection->reusable()) {
        connection->close();
        connection = nullptr;
        --host.open;
    }
    if (host.waiting.empty()) {
        if (connection) host.idle.push_back(std::move(connection));
        return;
    }
    if (!connection) {
        ++host.open;
        connection =
            make_http_connection(executor_, origin.secure() ? tls_() : nullptr, origin, timeouts_);
    }
    // Posted: release runs inside another call's completion, and the next
    // request should not grow that call stack.
    boost::asio::post(executor_, [lease = std::move(host.waiting.front()),
                                  connection = std::move(connection)]() mutable {
        lease(std::move(connection));
    });
    host.waiting.pop_front();
}

void HttpPool::close_all() {
    for (auto& [name, host] : hosts_) {
        for (auto& connection : host.idle) connection->close();
        host.idle.clear();
        host.waiting.clear();
    }
}

std::size_t HttpPool::open_connections() const {
    std::size_t open = 0;
    for (const auto& [name, host] : hosts_) open += host.open;
    return open;
}

}  // namespace slack
