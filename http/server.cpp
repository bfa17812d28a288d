#include "http/server.hpp"

#include <map>

#include <spdlog/spdlog.h>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <nlohmann/json.hpp>

#include "http/connection.hpp"

namespace ops_http {

namespace net = boost::asio;
using tcp = net::ip::tcp;

Response json_error(unsigned status, const std::string& reason) {
    return Response{status, "application/json", nlohmann::json{{"error", reason}}.dump() + "\n"};
}

class Server::Impl : public std::enable_shared_from_this<Impl> {
  public:
    Impl(net::io_context& io, Limits limits, Handler handler,
         std::shared_ptr<spdlog::logger> logger)
        : io_(io),
          acceptor_(io),
          retry_(io),
          limits_(limits),
          handler_(std::move(handler)),
          log_(std::move(logger)) {}

    core::Result<bool> listen(const tcp::endpoint& endpoint) {
        boost::system::error_code ec;
        acceptor_.open(endpoint.protocol(), ec);
        if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
        if (!ec) acceptor_.bind(endpoint, ec);
        if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
        if (ec)
            return core::make_error("http_listen",
                                    "cannot listen on " + endpoint.address().to_string() + ":" +
                                        std::to_string(endpoint.port()) + ": " + ec.message());
        accept();
        return true;
    }

    void accept() {
        acceptor_.async_accept(
            net::make_strand(io_),
            [self = shared_from_this()](boost::system::error_code ec, tcp::socket socket) {
                self->on_accept(ec, std::move(socket));
            });
    }

    void on_accept(boost::system::error_code ec, tcp::socket socket) {
        if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
        if (ec) {
            // Out of file descriptors, say: keep serving the connections
            // there are, and try again shortly rather than spin on the error.
            log_->warn("HTTP accept failed: {}; accepting again in 100 ms", ec.message());
            retry_.expires_after(std::chrono::milliseconds(100));
            retry_.async_wait([self = shared_from_this()](boost::system::error_code wait_ec) {
                if (!wait_ec && self->acceptor_.is_open()) self->accept();
            });
            return;
        }
        if (stats_.open >= limits_.max_connections) {
            ++stats_.refused;
            boost::system::error_code ignored;
            socket.close(ignored);
            return accept();
        }
        ++stats_.accepted;
        ++stats_.open;
        const auto id = ++next_id_;
        auto connection = std::make_shared<Connection>(
            std::move(socket), limits_, handler_, stats_, log_,
            // The connection keeps the limits, handler and stats it refers to alive.
            [self = shared_from_this(), id] {
                --self->stats_.open;
                self->connections_.erase(id);
            });
        connections_[id] = connection;
        connection->run();
        accept();
    }

    void stop() {
        boost::system::error_code ignored;
        acceptor_.close(ignored);
        retry_.cancel();
        auto open = connections_;
        for (auto& [id, weak] : open)
            if (auto connection = weak.lock()) connection->close();
    }

    net::io_context& io_;
    tcp::acceptor acceptor_;
    net::steady_timer retry_;
    Limits limits_;
    Handler handler_;
    std::shared_ptr<spdlog::logger> log_;
    ServerStats stats_;
    std::map<std::uint64_t, std::weak_ptr<Connection>> connections_;
    std::uint64_t next_id_ = 0;
};

Server::Server(net::io_context& io, Limits limits, Handler handler,
               std::shared_ptr<spdlog::logger> logger)
    : impl_(std::make_shared<Impl>(io, limits, std::move(handler), std::move(logger))) {}

Server::~Server() {
    impl_->stop();
}

core::Result<bool> Server::listen(const tcp::endpoint& endpoint) {
    return impl_->listen(endpoint);
}

void Server::stop() {
    impl_->stop();
}

unsigned short Server::port() const {
    boost::system::error_code ec;
    const auto endpoint = impl_->acceptor_.local_endpoint(ec);
    return ec ? 0 : endpoint.port();
}

const ServerStats& Server::stats() const {
    return impl_->stats_;
}

}  // namespace ops_http
