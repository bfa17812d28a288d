#include "slack/ack.hpp"

#include <atomic>

#include <spdlog/spdlog.h>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/steady_timer.hpp>

#include "slack/envelope.hpp"

namespace slack {

struct Ack::State {
    State(boost::asio::any_io_executor executor, std::weak_ptr<SocketConnection> connection,
          std::string envelope_id, std::string type, std::shared_ptr<spdlog::logger> logger,
          std::shared_ptr<AckCounters> counters, std::shared_ptr<Telemetry> telemetry)
        : executor(executor),
          connection(std::move(connection)),
          envelope_id(std::move(envelope_id)),
          type(std::move(type)),
          logger(std::move(logger)),
          counters(std::move(counters)),
          telemetry(std::move(telemetry)),
          deadline(executor) {}

    // Exactly one of: the handler's call, the deadline, the destructor.
    bool claim() { return !done.exchange(true); }

    void send(const std::shared_ptr<State>& self, std::optional<nlohmann::json> payload) {
        std::string frame = ack_frame(envelope_id, payload);
        boost::asio::dispatch(executor, [self, frame = std::move(frame)]() mutable {
            self->deadline.cancel();
            auto socket = self->connection.lock();
            if (socket && socket->send_ack(std::move(frame))) {
                ++self->counters->sent;
                if (self->telemetry)
                    self->telemetry->ack_sent(self->type,
                                              std::chrono::steady_clock::now() - self->received);
            } else {
                ++self->counters->lost;
                self->logger->warn(
                    "socket closed before the ack of envelope {} ({}) went out; Slack "
                    "re-delivers events, a slash command or click may have failed",
                    self->envelope_id, self->type);
            }
        });
    }

    boost::asio::any_io_executor executor;
    std::weak_ptr<SocketConnection> connection;
    std::string envelope_id;
    std::string type;
    std::shared_ptr<spdlog::logger> logger;
    std::shared_ptr<AckCounters> counters;
    std::shared_ptr<Telemetry> telemetry;
    std::function<void()> forget;
    // A measurement, not a decision: the injected clock has no part in it.
    std::chrono::steady_clock::time_point received = std::chrono::steady_clock::now();
    std::chrono::milliseconds limit{0};
    boost::asio::steady_timer deadline;
    std::atomic<bool> done{false};
};

Ack& Ack::operator=(Ack&& other) noexcept {
    if (this != &other) {
        Ack dropped(std::move(*this));  // acks what this one owed
        state_ = std::move(other.state_);
    }
    return *this;
}

Ack::~Ack() {
    if (!state_ || !state_->claim()) return;
    state_->logger->error(
        "handler for envelope {} ({}) dropped its ack without calling it; "
        "acked empty",
        state_->envelope_id, state_->type);
    state_->send(state_, std::nullopt);
}

bool Ack::offer(std::optional<nlohmann::json> response_payload) {
    if (!state_ || !state_->claim()) return false;
    state_->send(state_, std::move(response_payload));
    return true;
}

void Ack::withhold() {
    if (!state_ || !state_->claim()) return;
    if (state_->type != "events_api") {
        // Sent once only: unacked, the person would see their command fail.
        state_->logger->error("envelope {} ({}) is not re-delivered by Slack: acked empty",
                              state_->envelope_id, state_->type);
        return state_->send(state_, std::nullopt);
    }
    ++state_->counters->withheld;
    state_->logger->warn("envelope {} ({}) left unacked: Slack sends it again", state_->envelope_id,
                         state_->type);
    boost::asio::dispatch(state_->executor, [self = state_] {
        self->deadline.cancel();
        if (auto socket = self->connection.lock()) socket->release_ack();
        if (self->forget) self->forget();
    });
}

bool Ack::pending() const {
    return state_ && !state_->done;
}

Ack make_ack(boost::asio::any_io_executor executor, std::weak_ptr<SocketConnection> connection,
             std::string envelope_id, std::string type, std::chrono::milliseconds deadline,
             std::shared_ptr<spdlog::logger> logger, std::shared_ptr<AckCounters> counters,
             std::shared_ptr<Telemetry> telemetry, std::function<void()> forget) {
    auto state = std::make_shared<Ack::State>(
        executor, std::move(connection), std::move(envelope_id), std::move(type), std::move(logger),
        std::move(counters), std::move(telemetry));
    state->limit = deadline;
    state->forget = std::move(forget);
    state->deadline.expires_after(deadline);
    state->deadline.async_wait([state](boost::system::error_code ec) {
        if (ec || !state->claim()) return;
        ++state->counters->by_deadline;
        state->logger->error("handler did not ack envelope {} ({}) within {}ms; acked empty",
                             state->envelope_id, state->type, state->limit.count());
        state->send(state, std::nullopt);
    });
    return Ack(std::move(state));
}

}  // namespace slack
