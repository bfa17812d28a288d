#include "slack/socket_mode_client.hpp"

#include <map>
#include <unordered_map>

#include <spdlog/spdlog.h>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "slack/backoff.hpp"
#include "slack/recent_ids.hpp"

namespace slack {

namespace net = boost::asio;
using error_code = boost::system::error_code;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

// apps.connections.open errors that no amount of reconnecting will fix.
bool is_fatal_open_error(const std::string& code) {
    return code == "invalid_auth" || code == "not_authed" || code == "account_inactive" ||
           code == "token_revoked" || code == "not_allowed_token_type" || code == "missing_scope" ||
           code == "invalid_token" || code == "bad_url";
}

}  // namespace

class SocketModeClient::Impl : public std::enable_shared_from_this<Impl> {
  public:
    struct Socket {
        std::shared_ptr<SocketConnection> connection;
        bool hello = false;
        bool retiring = false;  // Slack asked us to move off it
        std::unique_ptr<net::steady_timer> grace;
        std::unique_ptr<net::steady_timer> hello_timer;
        std::chrono::steady_clock::time_point hello_at{};
    };

    Impl(net::io_context& io, WebApi& web, const core::Clock& clock,
         std::shared_ptr<spdlog::logger> logger, SocketModeOptions options)
        : strand_(net::make_strand(io)),
          web_(web),
          clock_(clock),
          logger_(logger ? std::move(logger) : std::make_shared<spdlog::logger>("socket_mode")),
          options_(options),
          backoff_(options.reconnect_initial, options.reconnect_max),
          reconnect_timer_(strand_),
          stop_timer_(strand_),
          seen_envelopes_(options.remembered_ids),
          seen_events_(options.remembered_ids) {
        if (!options_.telemetry) options_.telemetry = std::make_shared<Telemetry>();
    }

    std::weak_ptr<Impl> weak() { return weak_from_this(); }

    void open_connection() {
        if (opening_ || stopping_ || fatal_) return;
        opening_ = true;
        web_.call(
            "apps.connections.open", json::object(),
            [weak = weak(), strand = strand_](core::Result<json> result) {
                net::dispatch(strand, [weak, result = std::move(result)]() mutable {
                    if (auto self = weak.lock()) self->on_opened(std::move(result));
                });
            },
            CallOptions{"", Token::App});
    }

    void on_opened(core::Result<json> result) {
        if (stopping_ || fatal_) {
            opening_ = false;
            return check_stopped();
        }
        if (!result) {
            opening_ = false;
            const core::Error& error = result.error();
            if (is_fatal_open_error(error.code)) {
                return fail(core::make_error(
                    error.code, "apps.connections.open refused the app token (" + error.code +
                                    "): set SLACK_APP_TOKEN to an xapp- token with "
                                    "connections:write"));
            }
            logger_->warn("apps.connections.open failed: {}", error.message);
            return schedule_reconnect();
        }
        auto it = result->find("url");
        auto url = parse_url(it != result->end() && it->is_string() ? it->get<std::string>() : "");
        if (!url) {
            opening_ = false;
            logger_->error("apps.connections.open gave an unusable URL: {}", url.error().message);
            return schedule_reconnect();
        }
        auto tls = web_.tls_context();
        if (url->secure() && !tls) {
            return fail(core::make_error("tls_setup", "no TLS context: check SSL_CERT_FILE"));
        }
        std::uint64_t id = ++next_id_;
        logger_->debug("connecting socket {} to {}", id, url->redacted());
        SocketConnection::Events events;
        events.on_text = [weak = weak()](SocketConnection& socket, std::string_view text) {
            if (auto self = weak.lock()) self->on_text(socket, text);
        };
        events.on_stale = [weak = weak()](SocketConnection& socket) {
            if (auto self = weak.lock()) self->on_stale(socket);
        };
        events.on_closed = [weak = weak()](SocketConnection& socket, const std::string& why) {
            if (auto self = weak.lock()) self->on_closed(socket, why);
        };
        auto connection = make_socket_connection(strand_, tls, std::move(url.value()),
                                                 options_.socket, logger_, std::move(events), id);
        auto& socket = sockets_[id];
        socket.connection = connection;
        socket.hello_timer = std::make_unique<net::steady_timer>(strand_, options_.hello_timeout);
        socket.hello_timer->async_wait([weak = weak(), id](error_code ec) {
            auto self = weak.lock();
            if (ec || !self) return;
            auto it = self->sockets_.find(id);
            if (it == self->sockets_.end() || it->second.hello) return;
            self->logger_->warn(
                "Socket Mode socket {}: no hello from Slack within {} ms; "
                "opening another",
                id, self->options_.hello_timeout.count());
            it->second.connection->abort("no hello");
        });
        connection->run();
    }

    // The socket has worked: the next drop reconnects at once, with the
    // backoff from its start.
    void socket_worked() {
        failures_ = 0;
        backoff_.reset();
    }

    void on_text(SocketConnection& socket, std::string_view text) {
        if (!options_.reading) return read_frame(socket, text);
        options_.reading->store(true, std::memory_order_relaxed);
        read_frame(socket, text);
        options_.reading->store(envelopes_waiting(), std::memory_order_relaxed);
    }

    bool envelopes_waiting() const {
        for (const auto& [id, socket] : sockets_)
            if (socket.connection && socket.connection->has_unread()) return true;
        return false;
    }

    void read_frame(SocketConnection& socket, std::string_view text) {
        auto frame = parse_frame(text);
        if (!frame) {
            ++stats_->malformed;
            // The frame itself may carry user text or secrets: log its size only.
            logger_->warn("ignored a frame on socket {} ({} bytes): {}", socket.id(), text.size(),
                          frame.error().message);
            return;
        }
        std::visit([&](auto& value) { handle(socket, value); }, frame.value());
    }

    void handle(SocketConnection& socket, const Hello& hello) {
        auto it = sockets_.find(socket.id());
        if (it == sockets_.end()) return;
        it->second.hello = true;
        it->second.hello_at = std::chrono::steady_clock::now();
        if (it->second.hello_timer) it->second.hello_timer->cancel();
        opening_ = false;
        connected_ = true;
        ++stats_->connections;
        options_.telemetry->socket_connected(true);
        // Only one socket is opened at a time, so every other one is on its
        // way out: read it until Slack closes it, then a grace period.
        for (auto& [id, other] : sockets_) {
            if (id != socket.id()) retire(id, other);
        }
        Connected connected{clock_.now(), socket.id(), hello.num_connections, ever_connected_};
        ever_connected_ = true;
        logger_->info("Socket Mode connected (socket {}, {} open at Slack)", socket.id(),
                      hello.num_connections);
        if (on_connected_) on_connected_(connected);
    }

    void handle(SocketConnection& socket, const Disconnect& disconnect) {
        logger_->info("Slack sent disconnect ({}) on socket {}", disconnect.reason, socket.id());
        if (disconnect.reason == "link_disabled") {
            return fail(core::make_error(
                "link_disabled",
                "Slack disabled Socket Mode for this app (link_disabled): turn Socket Mode "
                "on in the app's settings, then restart"));
        }
        auto it = sockets_.find(socket.id());
        if (it == sockets_.end()) return;
        it->second.retiring = true;
        options_.telemetry->reconnect(disconnect.reason);
        if (disconnect.reason == "too_many_websockets") {
            // Slack holds more of this app's sockets than it allows: this one
            // goes, and another is tried only after the backoff.
            socket.close();
            if (!has_live_socket() && !opening_) schedule_reconnect();
            return;
        }
        if (!has_live_socket()) open_connection();
    }

    void handle(SocketConnection& socket, Envelope& envelope) {
        ++stats_->envelopes;
        options_.telemetry->envelope_received(envelope.type);
        if (failures_ > 0) socket_worked();
        socket.expect_ack();
        std::string event_id = envelope.event_id();
        // A withheld ack (an event that could not be stored) forgets the
        // ids, so that Slack's re-delivery is handled.
        auto forget = [weak = weak(), envelope_id = envelope.envelope_id, event_id] {
            auto self = weak.lock();
            if (!self) return;
            self->seen_envelopes_.erase(envelope_id);
            if (!event_id.empty()) self->seen_events_.erase(event_id);
        };
        Ack ack = make_ack(strand_, socket.weak_from_this(), envelope.envelope_id, envelope.type,
                           options_.ack_deadline, logger_,
                           std::shared_ptr<AckCounters>(stats_, &stats_->acks), options_.telemetry,
                           std::move(forget));
        if (!envelope.problem.empty()) {
            ++stats_->malformed;
            logger_->warn("envelope {} ({}) on socket {}: {}: acked, not handled",
                          envelope.envelope_id, envelope.type.empty() ? "no type" : envelope.type,
                          socket.id(), envelope.problem);
            return ack();
        }
        bool fresh = seen_envelopes_.insert(envelope.envelope_id);
        if (!event_id.empty()) fresh = seen_events_.insert(event_id) && fresh;
        if (!fresh) {
            ++stats_->duplicates;
            logger_->debug("envelope {} ({}) re-delivered (retry {}): acked, not handled again",
                           envelope.envelope_id, envelope.type, envelope.retry_attempt);
            return ack();
        }
        auto handler = handlers_.find(envelope.type);
        if (handler == handlers_.end()) {
            logger_->info("no handler for envelope type {}: acked", envelope.type);
            return ack();
        }
        try {
            handler->second(envelope, std::move(ack));
        } catch (const std::exception& e) {
            // The Ack, if still owed, acks empty as it is destroyed.
            logger_->error("handler for {} envelope {} threw: {}", envelope.type,
                           envelope.envelope_id, e.what());
        }
    }

    // Slack has sent nothing, not even a ping, for a while: its end may be
    // gone while something in between still answers our pings. A new socket
    // is opened as for a `warning`; this one is read until that one says
    // hello, then closed after the grace period.
    void on_stale(SocketConnection& socket) {
        auto it = sockets_.find(socket.id());
        if (it == sockets_.end() || it->second.retiring || stopping_ || fatal_) return;
        if (!it->second.hello) return socket.abort("no hello and nothing else from Slack");
        logger_->warn(
            "Socket Mode socket {}: no ping or envelope from Slack for {} s; opening "
            "a new one",
            socket.id(), options_.socket.idle_timeout.count() / 1000);
        it->second.retiring = true;
        options_.telemetry->reconnect("stale");
        if (!has_live_socket()) open_connection();
    }

    void on_closed(SocketConnection& socket, const std::string& why) {
        auto it = sockets_.find(socket.id());
        if (it == sockets_.end()) return;
        bool was_live = it->second.hello && !it->second.retiring;
        if (!it->second.hello) opening_ = false;
        if (it->second.hello &&
            std::chrono::steady_clock::now() - it->second.hello_at >= options_.stable_after)
            socket_worked();
        if (it->second.grace) it->second.grace->cancel();
        if (it->second.hello_timer) it->second.hello_timer->cancel();
        sockets_.erase(it);
        // What waited unread on it is gone with it.
        if (options_.reading)
            options_.reading->store(envelopes_waiting(), std::memory_order_relaxed);
        connected_ = has_live_socket();
        options_.telemetry->socket_connected(connected_);
        if (stopping_ || fatal_) return check_stopped();
        if (was_live) {
            options_.telemetry->reconnect("dropped");
            logger_->warn("Socket Mode socket {} lost: {}", socket.id(), why);
        } else {
            logger_->info("Socket Mode socket {} closed: {}", socket.id(), why);
        }
        if (!has_live_socket() && !opening_) schedule_reconnect();
    }

    void retire(std::uint64_t id, Socket& socket) {
        socket.retiring = true;
        if (socket.grace) return;
        socket.grace = std::make_unique<net::steady_timer>(strand_, options_.old_connection_grace);
        socket.grace->async_wait([weak = weak(), id](error_code ec) {
            auto self = weak.lock();
            if (ec || !self) return;
            if (auto it = self->sockets_.find(id); it != self->sockets_.end()) {
                it->second.connection->close();
            }
        });
    }

    bool has_live_socket() const {
        for (const auto& [id, socket] : sockets_) {
            if (socket.hello && !socket.retiring) return true;
        }
        return false;
    }

    void schedule_reconnect() {
        if (stopping_ || fatal_ || reconnect_pending_) return;
        // The first reconnect after a working socket is immediate: a drop is
        // usually a one-off and every millisecond offline loses commands.
        // Later ones back off until a socket works again (socket_worked).
        auto delay = failures_++ == 0 ? 0ms : backoff_.next();
        reconnect_pending_ = true;
        if (delay > 0ms) logger_->warn("reconnecting to Slack in {}ms", delay.count());
        reconnect_timer_.expires_after(delay);
        reconnect_timer_.async_wait([weak = weak()](error_code ec) {
            auto self = weak.lock();
            if (!self) return;
            self->reconnect_pending_ = false;
            if (!ec) self->open_connection();
        });
    }

    void fail(core::Error error) {
        if (fatal_) return;
        fatal_ = true;
        logger_->error("Socket Mode stopped: {}", error.message);
        reconnect_timer_.cancel();
        close_all();
        if (on_fatal_) on_fatal_(error);
    }

    // A copy: closing a socket that is not up yet reports on_closed at once,
    // which erases it from sockets_.
    std::vector<std::shared_ptr<SocketConnection>> connections() {
        std::vector<std::shared_ptr<SocketConnection>> all;
        for (auto& [id, socket] : sockets_) {
            if (socket.grace) socket.grace->cancel();
            all.push_back(socket.connection);
        }
        return all;
    }

    void close_all() {
        for (auto& connection : connections()) connection->close();
    }

    void stop(std::function<void()> done) {
        if (stopping_) {
            // A second stop (a second SIGINT, say) just waits for the first.
            stop_waiters_.push_back(std::move(done));
            return;
        }
        stopping_ = true;
        stop_waiters_.push_back(std::move(done));
        reconnect_timer_.cancel();
        stop_timer_.expires_after(options_.stop_timeout);
        stop_timer_.async_wait([weak = weak()](error_code ec) {
            auto self = weak.lock();
            if (ec || !self) return;
            self->logger_->warn("stop: sockets did not close in time; dropping them");
            for (auto& connection : self->connections()) connection->abort("stop timed out");
        });
        close_all();
        check_stopped();
    }

    void check_stopped() {
        if (!stopping_ || !sockets_.empty() || stop_waiters_.empty() || draining_) return;
        draining_ = true;
        stop_timer_.cancel();
        web_.when_idle(options_.stop_timeout, [weak = weak(), strand = strand_](bool idle) {
            net::dispatch(strand, [weak, idle] {
                auto self = weak.lock();
                if (!self) return;
                if (!idle) self->logger_->warn("stop: Web API calls still pending, leaving them");
                self->logger_->info("Socket Mode stopped");
                auto waiters = std::move(self->stop_waiters_);
                self->stop_waiters_.clear();
                for (auto& waiter : waiters) {
                    if (waiter) waiter();
                }
            });
        });
    }

    void shutdown() {
        stopping_ = true;
        reconnect_timer_.cancel();
        stop_timer_.cancel();
        for (auto& connection : connections()) connection->abort("client destroyed");
    }

    net::strand<net::io_context::executor_type> strand_;
    WebApi& web_;
    const core::Clock& clock_;
    std::shared_ptr<spdlog::logger> logger_;
    SocketModeOptions options_;
    Backoff backoff_;
    net::steady_timer reconnect_timer_;
    net::steady_timer stop_timer_;
    RecentIds seen_envelopes_;
    RecentIds seen_events_;
    std::unordered_map<std::string, Handler> handlers_;
    std::function<void(const Connected&)> on_connected_;
    std::function<void(const core::Error&)> on_fatal_;
    std::map<std::uint64_t, Socket> sockets_;
    std::vector<std::function<void()>> stop_waiters_;
    std::shared_ptr<SocketModeStats> stats_ = std::make_shared<SocketModeStats>();
    std::atomic<bool> connected_{false};
    std::uint64_t next_id_ = 0;
    int failures_ = 0;
    bool opening_ = false;
    bool reconnect_pending_ = false;
    bool stopping_ = false;
    bool draining_ = false;
    bool fatal_ = false;
    bool ever_connected_ = false;
};

SocketModeClient::SocketModeClient(net::io_context& io, WebApi& web, const core::Clock& clock,
                                   std::shared_ptr<spdlog::logger> logger,
                                   SocketModeOptions options)
    : impl_(std::make_shared<Impl>(io, web, clock, std::move(logger), options)) {}

SocketModeClient::~SocketModeClient() {
    impl_->shutdown();
}

void SocketModeClient::on(std::string envelope_type, Handler handler) {
    impl_->handlers_[std::move(envelope_type)] = std::move(handler);
}

void SocketModeClient::on_connected(std::function<void(const Connected&)> callback) {
    impl_->on_connected_ = std::move(callback);
}

void SocketModeClient::on_fatal(std::function<void(const core::Error&)> callback) {
    impl_->on_fatal_ = std::move(callback);
}

void SocketModeClient::start() {
    net::dispatch(impl_->strand_, [impl = impl_] { impl->open_connection(); });
}

void SocketModeClient::stop(std::function<void()> done) {
    net::dispatch(impl_->strand_, [impl = impl_, done = std::move(done)]() mutable {
        impl->stop(std::move(done));
    });
}

bool SocketModeClient::connected() const {
    return impl_->connected_;
}

bool SocketModeClient::envelopes_waiting() const {
    return impl_->envelopes_waiting();
}

const SocketModeStats& SocketModeClient::stats() const {
    return *impl_->stats_;
}

}  // namespace slack
