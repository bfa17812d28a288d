// Server: the Socket Mode side. Envelopes go out round-robin over the open
// connections; acks are matched by envelope_id; deadlines and re-deliveries
// run on asio timers (real time: they bound how long the bot may take).
#include <spdlog/logger.h>

#include "emulator/envelopes.hpp"
#include "emulator/request_body.hpp"
#include "emulator/server.hpp"
#include "emulator/socket_session.hpp"

namespace emulator {

using nlohmann::json;
using std::chrono::milliseconds;

bool Server::redeem_ticket(const std::string& target) {
    const auto q = target.find('?');
    const auto args = parse_form(q == std::string::npos ? "" : target.substr(q + 1));
    const auto ticket = arg_string(args, "ticket");
    std::lock_guard lock(mutex_);
    if (stopped_) return false;
    auto it = workspace_.tickets.find(ticket);
    if (it == workspace_.tickets.end() || it->second.used) return false;
    // One use only, and only for a short while after apps.connections.open.
    it->second.used = true;
    return workspace_.now() - it->second.issued <= options_.ticket_ttl;
}

void Server::on_socket_open(const std::shared_ptr<SocketSession>& socket) {
    std::vector<std::string> pending;
    {
        std::lock_guard lock(mutex_);
        if (stopped_) {
            socket->drop();
            return;
        }
        if (sockets_.size() >= options_.max_connections) {
            socket->send(json{{"type", "disconnect"},
                              {"reason", "too_many_websockets"},
                              {"debug_info", {{"host", "applink-emulated"}}}}
                             .dump());
            socket->close();
            return;
        }
        if (hold_hello_) {
            held_.push_back(socket);
            return;
        }
        sockets_.push_back(socket);
        ++connections_opened_;
        socket->send(json{{"type", "hello"},
                          {"num_connections", sockets_.size()},
                          {"debug_info",
                           {{"host", "applink-emulated"},
                            {"build_number", 1},
                            {"approximate_connection_time", options_.approximate_connection_time}}},
                          {"connection_info", {{"app_id", options_.app_id}}}}
                         .dump());
        pending.swap(pending_events_);
        for (const auto& event_id : pending) deliver_event(event_id, 0, "");
    }
    changed_.notify_all();
}

void Server::on_socket_closed(const SocketSession* socket) {
    {
        std::lock_guard lock(mutex_);
        std::erase_if(sockets_, [&](auto& s) { return s.get() == socket; });
    }
    changed_.notify_all();
}

std::shared_ptr<SocketSession> Server::pick_socket(const SocketSession* avoid) {
    if (sockets_.empty()) return nullptr;
    for (std::size_t i = 0; i < sockets_.size(); ++i) {
        auto& s = sockets_[next_socket_++ % sockets_.size()];
        if (s.get() != avoid || sockets_.size() == 1) return s;
    }
    return sockets_.front();
}

std::string Server::dispatch(json frame, Delivery delivery, milliseconds deadline) {
    auto socket = pick_socket(delivery.socket.lock().get());
    delivery.socket = socket;
    delivery.sent = std::chrono::steady_clock::now();
    const auto id = delivery.envelope_id;
    envelopes_.push_back(frame);
    if (!delivery.event_id.empty()) deliveries_of_event_[delivery.event_id].push_back(id);
    deliveries_[id] = std::move(delivery);
    socket->send(frame.dump());
    after(deadline, [self = shared_from_this(), id] { self->on_deadline(id); });
    return id;
}

std::string Server::send_slash_command(const std::string& user_id, const std::string& channel_id,
                                       const std::string& text) {
    std::string id;
    {
        std::lock_guard lock(mutex_);
        id = workspace_.uuid();
        if (sockets_.empty()) {
            // No app connection at all: the person sees dispatch_failed.
            failures_.push_back(Failure{id, "slash_commands", "dispatch_failed"});
        } else {
            json frame = {{"envelope_id", id},
                          {"type", "slash_commands"},
                          {"payload", slash_command_payload(workspace_, user_id, channel_id, text)},
                          {"accepts_response_payload", true}};
            Delivery d;
            d.envelope_id = id;
            d.type = "slash_commands";
            d.channel = channel_id;
            d.user = user_id;
            dispatch(std::move(frame), std::move(d), options_.ack_deadline);
        }
    }
    changed_.notify_all();
    return id;
}

std::string Server::send_interaction(const std::string& type, json payload) {
    (void)type;
    std::string id;
    {
        std::lock_guard lock(mutex_);
        id = workspace_.uuid();
        if (sockets_.empty()) {
            failures_.push_back(Failure{id, "interactive", "dispatch_failed"});
        } else {
            json frame = {{"envelope_id", id},
                          {"type", "interactive"},
                          {"payload", std::move(payload)},
                          {"accepts_response_payload", type == "view_submission"}};
            Delivery d;
            d.envelope_id = id;
            d.type = "interactive";
            dispatch(std::move(frame), std::move(d), options_.ack_deadline);
        }
    }
    changed_.notify_all();
    return id;
}

std::string Server::send_event(const json& event) {
    std::string event_id;
    {
        std::lock_guard lock(mutex_);
        event_id = queue_event(event);
    }
    changed_.notify_all();
    return event_id;
}

std::string Server::queue_event(const json& event) {
    const auto event_id = "Ev" + workspace_.random_chars(9);
    events_[event_id] = event_callback_payload(workspace_, event, event_id);
    if (sockets_.empty())
        pending_events_.push_back(event_id);  // Slack holds events and retries later
    else
        deliver_event(event_id, 0, "");
    return event_id;
}

void Server::deliver_event(const std::string& event_id, int attempt, const std::string& reason) {
    Delivery d;
    d.envelope_id = workspace_.uuid();
    d.type = "events_api";
    d.event_id = event_id;
    d.retry_attempt = attempt;
    // A re-delivery prefers another connection than the one that stayed silent.
    if (const auto* earlier = latest_delivery(event_id)) d.socket = earlier->socket;
    json frame = {{"envelope_id", d.envelope_id},    {"type", "events_api"},
                  {"payload", events_.at(event_id)}, {"accepts_response_payload", false},
                  {"retry_attempt", attempt},        {"retry_reason", reason}};
    if (sockets_.empty()) {
        pending_events_.push_back(event_id);
        return;
    }
    dispatch(std::move(frame), std::move(d), options_.redelivery_delay);
}

std::span<const std::string> Server::deliveries_of(const std::string& event_id) const {
    const auto it = deliveries_of_event_.find(event_id);
    if (it == deliveries_of_event_.end()) return {};
    return it->second;
}

const Delivery* Server::latest_delivery(const std::string& event_id) const {
    const auto ids = deliveries_of(event_id);
    return ids.empty() ? nullptr : &deliveries_.at(ids.back());
}

void Server::on_deadline(const std::string& envelope_id) {
    {
        std::lock_guard lock(mutex_);
        if (stopped_) return;
        auto it = deliveries_.find(envelope_id);
        if (it == deliveries_.end() || it->second.acked) return;
        auto& d = it->second;
        d.failed = true;
        if (d.type != "events_api") {
            // Not re-delivered: the person sees the command or click fail.
            failures_.push_back(Failure{d.envelope_id, d.type, "operation_timeout"});
            log_.info("envelope {} ({}) not acked in time", d.envelope_id, d.type);
        } else if (d.retry_attempt < options_.max_redeliveries) {
            deliver_event(d.event_id, d.retry_attempt + 1, "timeout");
        } else {
            failures_.push_back(Failure{d.envelope_id, d.type, "not_acked"});
        }
    }
    changed_.notify_all();
}

void Server::on_socket_frame(const std::shared_ptr<SocketSession>& socket,
                             const std::string& text) {
    (void)socket;
    auto frame = json::parse(text, nullptr, false);
    if (frame.is_discarded() || !frame.is_object() || !frame.contains("envelope_id") ||
        !frame.at("envelope_id").is_string()) {
        log_.warn("ignoring a frame that is not an ack: {}", text.substr(0, 200));
        return;
    }
    const auto id = frame.at("envelope_id").get<std::string>();
    {
        std::lock_guard lock(mutex_);
        auto it = deliveries_.find(id);
        if (it == deliveries_.end() || it->second.acked) {
            log_.warn("ack for unknown or already acked envelope {}", id);
            return;
        }
        auto& d = it->second;
        d.acked = true;
        AckRecord record;
        record.envelope_id = id;
        record.type = d.type;
        record.latency = std::chrono::steady_clock::now() - d.sent;
        record.late = d.failed;
        if (frame.contains("payload")) record.payload = frame.at("payload");
        // A late reply is dropped: the person already saw the failure.
        if (record.payload && !record.late && d.type == "slash_commands") {
            try {
                apply_ack_reply(d, *record.payload);
            } catch (const json::exception& e) {
                // Slack shows nothing for a reply it cannot read; the ack still counts.
                log_.warn("unreadable ack payload for {}: {}", id, e.what());
            }
        }
        ack_index_[id] = acks_.size();
        acks_.push_back(std::move(record));
    }
    changed_.notify_all();
}

void Server::apply_ack_reply(const Delivery& d, const json& payload) {
    if (!payload.is_object()) return;
    const auto text = arg_string(payload, "text");
    const auto blocks = payload.value("blocks", json{});
    if (text.empty() && !(blocks.is_array() && !blocks.empty())) return;
    if (payload.value("response_type", std::string{}) == "in_channel") {
        if (auto* c = workspace_.channel(d.channel))
            workspace_.post(*c, workspace_.bot().id, text, blocks, "");
    } else {
        workspace_.ephemerals.push_back(
            Ephemeral{d.channel, d.user, text, blocks, "ack", workspace_.next_ts()});
    }
}

std::string Server::send_raw_frame(const std::string& text) {
    std::lock_guard lock(mutex_);
    for (auto& s : sockets_) s->send(text);
    return text;
}

std::optional<AckRecord> Server::wait_for_ack(const std::string& envelope_id,
                                              milliseconds timeout) const {
    std::unique_lock lock(mutex_);
    std::optional<AckRecord> found;
    changed_.wait_for(lock, timeout, [&] {
        if (const auto it = ack_index_.find(envelope_id); it != ack_index_.end())
            found = acks_[it->second];
        return found.has_value() || stopped_;
    });
    return found;
}

std::string Server::redeliver_event(const std::string& event_id) {
    std::string envelope_id;
    {
        std::lock_guard lock(mutex_);
        if (!events_.count(event_id)) return "";
        int attempt = 0;
        for (const auto& id : deliveries_of(event_id))
            attempt = std::max(attempt, deliveries_.at(id).retry_attempt + 1);
        deliver_event(event_id, attempt, "timeout");
        for (const auto& id : deliveries_of(event_id))
            if (deliveries_.at(id).retry_attempt == attempt) envelope_id = id;
    }
    changed_.notify_all();
    return envelope_id;
}

bool Server::wait_for_event_acks(const std::string& event_id, std::size_t acks,
                                 milliseconds timeout) const {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] {
        std::size_t n = 0;
        for (const auto& id : deliveries_of(event_id)) n += deliveries_.at(id).acked ? 1 : 0;
        return n >= acks || stopped_;
    }) && !stopped_;
}

std::vector<AckRecord> Server::acks() const {
    std::lock_guard lock(mutex_);
    return acks_;
}

std::vector<json> Server::envelopes() const {
    std::lock_guard lock(mutex_);
    return envelopes_;
}

std::vector<Failure> Server::failures() const {
    std::lock_guard lock(mutex_);
    return failures_;
}

void Server::send_disconnect(const std::string& reason) {
    std::lock_guard lock(mutex_);
    const json frame = {
        {"type", "disconnect"}, {"reason", reason}, {"debug_info", {{"host", "applink-emulated"}}}};
    for (auto& s : sockets_) {
        s->send(frame.dump());
        if (reason == "link_disabled" || reason == "too_many_websockets") {
            s->close();
        } else {
            // Slack closes the socket itself a little later if the client has not.
            std::weak_ptr<SocketSession> weak = s;
            after(options_.disconnect_close_after, [weak] {
                if (auto alive = weak.lock()) alive->close();
            });
        }
    }
}

void Server::drop_connections() {
    std::lock_guard lock(mutex_);
    for (auto& s : sockets_) s->drop();
}

void Server::silence_connections() {
    std::lock_guard lock(mutex_);
    for (auto& s : sockets_) s->silence();
}

void Server::stop_pinging() {
    std::lock_guard lock(mutex_);
    for (auto& s : sockets_) s->stop_pinging();
}

void Server::hold_hello(bool hold) {
    std::lock_guard lock(mutex_);
    hold_hello_ = hold;
}

std::size_t Server::open_connections() const {
    std::lock_guard lock(mutex_);
    return sockets_.size();
}

std::size_t Server::connections_opened() const {
    std::lock_guard lock(mutex_);
    return connections_opened_;
}

}  // namespace emulator
