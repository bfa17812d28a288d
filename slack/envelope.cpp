#include "slack/envelope.hpp"

namespace slack {

namespace {

using nlohmann::json;

core::Error malformed(std::string what) {
    return core::make_error("malformed_frame", std::move(what));
}

std::string string_field(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

long integer_field(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_number_integer() ? it->get<long>() : 0;
}

}  // namespace

std::string Envelope::event_id() const {
    if (type != "events_api" || !payload.is_object()) return {};
    return string_field(payload, "event_id");
}

core::Result<Frame> parse_frame(std::string_view text) {
    json j = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) return malformed("frame is not JSON");
    if (!j.is_object()) return malformed("frame is not a JSON object");
    std::string type = string_field(j, "type");
    if (type == "hello") {
        Hello hello;
        hello.num_connections = static_cast<int>(integer_field(j, "num_connections"));
        if (auto info = j.find("debug_info"); info != j.end() && info->is_object()) {
            hello.approximate_connection_time = integer_field(*info, "approximate_connection_time");
        }
        return Frame{hello};
    }
    if (type == "disconnect") return Frame{Disconnect{string_field(j, "reason")}};

    Envelope envelope;
    envelope.envelope_id = string_field(j, "envelope_id");
    if (envelope.envelope_id.empty()) return malformed("frame has no envelope_id");
    // With its id known, a broken envelope can still be acked: Slack would
    // otherwise re-deliver an event over and over, or show a command failing.
    if (type.empty()) envelope.problem = "envelope has no type";
    envelope.type = std::move(type);
    if (auto payload = j.find("payload"); payload != j.end()) {
        if (payload->is_object())
            envelope.payload = std::move(*payload);
        else if (envelope.problem.empty())
            envelope.problem = "envelope payload is not an object";
    }
    if (auto accepts = j.find("accepts_response_payload"); accepts != j.end()) {
        envelope.accepts_response_payload = accepts->is_boolean() && accepts->get<bool>();
    }
    envelope.retry_attempt = static_cast<int>(integer_field(j, "retry_attempt"));
    envelope.retry_reason = string_field(j, "retry_reason");
    return Frame{std::move(envelope)};
}

std::string ack_frame(std::string_view envelope_id, const std::optional<nlohmann::json>& payload) {
    json ack = {{"envelope_id", envelope_id}};
    if (payload && !payload->is_null()) ack["payload"] = *payload;
    // A handler's reply may echo user text with broken UTF-8; replacing it
    // keeps the ack (and the user's command) alive instead of throwing.
    return ack.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace slack
