#pragma once
// What the transport reports for monitoring: envelopes, acks, connection
// state, Web API outcomes. The bot plugs in its Prometheus metrics
// (metrics/bot_metrics.hpp); the transport itself knows nothing of them, and
// the default reports nowhere. Called on the io_context's thread.
#include <chrono>
#include <string_view>

namespace slack {

class Telemetry {
  public:
    virtual ~Telemetry() = default;
    virtual void envelope_received(std::string_view /*type*/) {}
    // From the envelope's arrival to its ack frame being queued on the socket.
    virtual void ack_sent(std::string_view /*type*/, std::chrono::nanoseconds /*latency*/) {}
    virtual void socket_connected(bool /*connected*/) {}
    // refresh_requested, warning, too_many_websockets (Slack's disconnect
    // reasons), or dropped when the socket was lost without one.
    virtual void reconnect(std::string_view /*reason*/) {}
    // outcome: ok, Slack's error name, rate_limited, network or http_<status>.
    virtual void web_api_call(std::string_view /*method*/, std::string_view /*outcome*/) {}
    virtual void web_api_retry(std::string_view /*method*/) {}
};

}  // namespace slack
