#pragma once
// The acknowledgement owed for one envelope. Slack wants it within 3 s or the
// user's command fails, so an Ack cannot be forgotten: one that is dropped
// uncalled, or held past its deadline, acks empty by itself and logs an
// error. It goes out on the socket the envelope came on, as Slack requires.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <spdlog/logger.h>
#include <boost/asio/any_io_executor.hpp>
#include <nlohmann/json.hpp>

#include "slack/socket_connection.hpp"
#include "slack/telemetry.hpp"

namespace slack {

// Counted as acks go out (or cannot): figures for logs and benchmarks.
struct AckCounters {
    std::atomic<std::uint64_t> sent{0};
    std::atomic<std::uint64_t> by_deadline{0};  // the handler never acked in time
    std::atomic<std::uint64_t> lost{0};         // the socket was gone
    std::atomic<std::uint64_t> withheld{0};     // left unacked so that Slack sends it again
};

class Ack {
  public:
    struct State;

    Ack() = default;  // owes nothing: calling it does nothing
    explicit Ack(std::shared_ptr<State> state) : state_(std::move(state)) {}
    Ack(Ack&&) noexcept = default;
    Ack& operator=(Ack&& other) noexcept;
    Ack(const Ack&) = delete;
    Ack& operator=(const Ack&) = delete;
    ~Ack();

    // Call exactly once, from any thread; later calls are ignored. For a
    // slash command the payload is the reply the user sees (text/blocks,
    // response_type); most envelopes need none.
    void operator()(std::optional<nlohmann::json> response_payload = std::nullopt) {
        offer(std::move(response_payload));
    }
    // The same, telling whether this call acked. False when it did not: the
    // deadline (or an earlier call) had, so a reply it carries must reach
    // the person another way (a slash command's response_url).
    bool offer(std::optional<nlohmann::json> response_payload);

    // Leaves an Events API envelope unacknowledged on purpose, for an event
    // that could not be stored: Slack delivers it again (a new envelope id,
    // the same event id) and it is tried again. Nothing acks it later, and
    // its ids are forgotten so that the re-delivery is handled, not dropped
    // as a duplicate. A slash command or a click, which Slack does not send
    // twice, is acked empty instead.
    void withhold();

    // Still owed (not called, not timed out).
    bool pending() const;

  private:
    std::shared_ptr<State> state_;
};

// Arms the deadline; the ack frame is written on `executor` (the socket's),
// where `forget` also runs if the ack is withheld.
Ack make_ack(boost::asio::any_io_executor executor, std::weak_ptr<SocketConnection> connection,
             std::string envelope_id, std::string type, std::chrono::milliseconds deadline,
             std::shared_ptr<spdlog::logger> logger, std::shared_ptr<AckCounters> counters,
             std::shared_ptr<Telemetry> telemetry = nullptr,
             std::function<void()> forget = nullptr);

}  // namespace slack
