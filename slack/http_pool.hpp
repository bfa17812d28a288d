#pragma once
// A few keep-alive connections per host. Reusing connections saves a TCP and
// TLS handshake per Web API call; the cap keeps a burst of calls from
// opening hundreds of sockets to Slack. Not thread-safe: used on one strand.
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "slack/http_connection.hpp"

namespace slack {

class HttpPool {
  public:
    using Lease = std::function<void(std::shared_ptr<HttpConnection>)>;

    // `tls` is asked for a context only when an https origin needs one.
    using TlsProvider = std::function<std::shared_ptr<TlsContext>()>;
    HttpPool(boost::asio::any_io_executor executor, TlsProvider tls, HttpTimeouts timeouts,
             std::size_t per_host);

    // lease runs with a connection (idle, new, or when one is given back);
    // it may run before acquire returns.
    void acquire(const Url& origin, Lease lease);
    // Every acquired connection comes back here, usable or not.
    void release(const Url& origin, std::shared_ptr<HttpConnection> connection);
    void close_all();

    std::size_t open_connections() const;

  private:
    struct Host {
        std::vector<std::shared_ptr<HttpConnection>> idle;
        std::size_t open = 0;  // idle + leased
        std::deque<Lease> waiting;
    };
    std::string key(const Url& origin) const;

    boost::asio::any_io_executor executor_;
    TlsProvider tls_;
    HttpTimeouts timeouts_;
    std::size_t per_host_;
    std::map<std::string, Host> hosts_;
};

}  // namespace slack
