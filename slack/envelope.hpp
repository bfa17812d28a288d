#pragma once
// Socket Mode frames as typed values. Frames come from the network and are
// untrusted: parsing never throws, a malformed frame is an error value that
// the client logs and ignores.
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json.hpp>

#include "core/result.hpp"

namespace slack {

struct Hello {
    int num_connections = 0;
    // Seconds Slack expects to keep this socket before refreshing it (0: unknown).
    long approximate_connection_time = 0;
};

struct Disconnect {
    std::string reason;  // warning, refresh_requested, link_disabled, too_many_websockets, …
};

struct Envelope {
    std::string envelope_id;
    std::string type;  // slash_commands, interactive, events_api, or one Slack adds later
    nlohmann::json payload = nlohmann::json::object();
    bool accepts_response_payload = false;
    int retry_attempt = 0;
    std::string retry_reason;
    // Set when the envelope cannot be handled (no type, a payload that is not
    // an object): it is acked and ignored.
    std::string problem;

    // events_api only: the id Slack keeps across re-deliveries ("" otherwise).
    std::string event_id() const;
};

using Frame = std::variant<Hello, Disconnect, Envelope>;

core::Result<Frame> parse_frame(std::string_view text);

// `{"envelope_id":"…"}` plus the response payload when there is one.
std::string ack_frame(std::string_view envelope_id, const std::optional<nlohmann::json>& payload);

}  // namespace slack
