#include "emulator/slack_emulator.hpp"

#include "emulator/envelopes.hpp"
#include "emulator/server.hpp"

namespace emulator {

namespace {

Channel public_view(const ChannelState& c) {
    return c.channel;
}

}  // namespace

SlackEmulator::SlackEmulator(boost::asio::io_context& io, core::Clock& clock, Options options)
    : server_(std::make_shared<Server>(io, clock, std::move(options), nullptr)) {}

SlackEmulator::SlackEmulator(boost::asio::io_context& io, core::Clock& clock, Options options,
                             spdlog::logger& logger)
    : server_(std::make_shared<Server>(io, clock, std::move(options), &logger)) {}

SlackEmulator::~SlackEmulator() {
    server_->stop();
}

unsigned short SlackEmulator::listen(unsigned short port) {
    return server_->listen(port);
}
std::string SlackEmulator::api_url() const {
    return server_->api_url();
}
const Options& SlackEmulator::options() const {
    return server_->options();
}
void SlackEmulator::stop() {
    server_->stop();
}

std::string SlackEmulator::bot_user_id() const {
    return server_->with_state([](const Workspace& ws) { return ws.bot().id; });
}

std::string SlackEmulator::add_user_group(const std::string& handle,
                                          const std::vector<std::string>& users, bool disabled) {
    return server_->change_state([&](Workspace& ws) {
        const auto id = ws.new_id('S');
        ws.user_groups.push_back(UserGroup{id, handle, handle, users, disabled});
        return id;
    });
}

std::string SlackEmulator::add_user(const std::string& name, const std::string& real_name) {
    return server_->change_state([&](Workspace& ws) { return ws.add_user(name, real_name); });
}

void SlackEmulator::deactivate_user(const std::string& user_id) {
    server_->change_state([&](Workspace& ws) {
        if (auto* u = ws.user(user_id)) u->deleted = true;
        return 0;
    });
}

std::string SlackEmulator::add_channel(const std::string& name,
                                       const std::vector<std::string>& members, bool is_private) {
    return server_->change_state([&](Workspace& ws) {
        auto& c = ws.add_channel(name, members.empty() ? "" : members.front(), is_private);
        // Members of a channel that already existed: no join messages.
        c.channel.members = members;
        return c.channel.id;
    });
}

std::optional<Channel> SlackEmulator::channel(const std::string& id) const {
    return server_->with_state([&](const Workspace& ws) -> std::optional<Channel> {
        const auto* c = ws.channel(id);
        return c ? std::optional{public_view(*c)} : std::nullopt;
    });
}

std::optional<Channel> SlackEmulator::channel_by_name(const std::string& name) const {
    return server_->with_state([&](const Workspace& ws) -> std::optional<Channel> {
        for (const auto& id : ws.channel_order()) {
            const auto* c = ws.channel(id);
            if (c->channel.name == name) return public_view(*c);
        }
        return std::nullopt;
    });
}

std::vector<Channel> SlackEmulator::channels() const {
    return server_->with_state([](const Workspace& ws) {
        std::vector<Channel> out;
        for (const auto& id : ws.channel_order()) out.push_back(public_view(*ws.channel(id)));
        return out;
    });
}

std::optional<Channel> SlackEmulator::app_dm(const std::string& user_id) const {
    return server_->with_state([&](const Workspace& ws) -> std::optional<Channel> {
        const auto* c = ws.im_with(user_id);
        return c ? std::optional{public_view(*c)} : std::nullopt;
    });
}

std::vector<Message> SlackEmulator::messages(const std::string& channel_id) const {
    return server_->with_state([&](const Workspace& ws) {
        std::vector<Message> out;
        if (const auto* c = ws.channel(channel_id))
            for (const auto& m : c->messages) out.push_back(m.message);
        return out;
    });
}

std::vector<Ephemeral> SlackEmulator::ephemerals(const std::string& user_id) const {
    return server_->with_state([&](const Workspace& ws) {
        std::vector<Ephemeral> out;
        for (const auto& e : ws.ephemerals)
            if (user_id.empty() || e.user == user_id) out.push_back(e);
        return out;
    });
}

std::vector<ApiCall> SlackEmulator::calls(const std::string& method) const {
    return server_->calls(method);
}

std::vector<View> SlackEmulator::views() const {
    return server_->with_state([](const Workspace& ws) { return ws.views; });
}

std::vector<SharedFile> SlackEmulator::files() const {
    return server_->with_state([](const Workspace& ws) {
        std::vector<SharedFile> out;
        for (const auto& id : ws.upload_order) {
            const auto& f = ws.uploads.at(id);
            if (!f.completed) continue;
            out.push_back(SharedFile{f.id, f.filename, f.title.empty() ? f.filename : f.title,
                                     f.channel, f.ts, f.initial_comment, f.user, f.content});
        }
        return out;
    });
}

std::string SlackEmulator::send_slash_command(const std::string& user_id,
                                              const std::string& channel_id,
                                              const std::string& text) {
    return server_->send_slash_command(user_id, channel_id, text);
}

std::string SlackEmulator::click_button(const std::string& user_id, const std::string& channel_id,
                                        const std::string& message_ts,
                                        const std::string& label_or_action_id) {
    auto payload = server_->change_state([&](Workspace& ws) {
        return block_actions_payload(ws, user_id, channel_id, message_ts, label_or_action_id);
    });
    return payload ? server_->send_interaction("block_actions", std::move(*payload)) : "";
}

std::string SlackEmulator::click_ephemeral_button(const std::string& user_id,
                                                  const std::string& channel_id,
                                                  const nlohmann::json& blocks,
                                                  const std::string& label_or_action_id) {
    auto payload = server_->change_state([&](Workspace& ws) {
        return ephemeral_block_actions_payload(ws, user_id, channel_id, blocks, label_or_action_id);
    });
    return payload ? server_->send_interaction("block_actions", std::move(*payload)) : "";
}

std::string SlackEmulator::select_user(const std::string& user_id, const std::string& channel_id,
                                       const std::string& message_ts, const std::string& action_id,
                                       const std::string& selected_user) {
    auto payload = server_->change_state([&](Workspace& ws) {
        return block_actions_payload(ws, user_id, channel_id, message_ts, action_id, selected_user);
    });
    return payload ? server_->send_interaction("block_actions", std::move(*payload)) : "";
}

std::string SlackEmulator::select_user(const std::string& user_id, const std::string& channel_id,
                                       const std::string& message_ts, const std::string& block_id,
                                       const std::string& action_id,
                                       const std::string& selected_user) {
    auto payload = server_->change_state([&](Workspace& ws) {
        return block_actions_payload(ws, user_id, channel_id, message_ts, action_id, selected_user,
                                     block_id);
    });
    return payload ? server_->send_interaction("block_actions", std::move(*payload)) : "";
}

std::string SlackEmulator::post_as(const std::string& user_id, const std::string& channel_id,
                                   const std::string& text) {
    return server_->change_state([&](Workspace& ws) -> std::string {
        auto* c = ws.channel(channel_id);
        return c ? ws.post(*c, user_id, text, nullptr, "").message.ts : "";
    });
}

std::string SlackEmulator::archive_channel(const std::string& user_id,
                                           const std::string& channel_id) {
    return server_->change_state([&](Workspace& ws) -> std::string {
        auto* c = ws.channel(channel_id);
        if (!c) return "channel_not_found";
        return ws.archive(*c, user_id).value_or("");
    });
}

std::string SlackEmulator::remove_from_channel(const std::string& user_id,
                                               const std::string& channel_id,
                                               const std::string& member) {
    return server_->change_state([&](Workspace& ws) -> std::string {
        auto* c = ws.channel(channel_id);
        if (!c) return "channel_not_found";
        return ws.remove_member(*c, user_id, member).value_or("");
    });
}

bool SlackEmulator::delete_message(const std::string& channel_id, const std::string& ts) {
    return server_->change_state([&](Workspace& ws) {
        auto* c = ws.channel(channel_id);
        if (!c) return false;
        return std::erase_if(c->messages, [&](const auto& m) { return m.message.ts == ts; }) > 0;
    });
}

namespace {

std::optional<std::string> sent(Server& server, const Workspace::Marked& marked) {
    if (!marked.changed) return std::nullopt;
    return marked.event ? server.send_event(*marked.event) : std::string();
}

}  // namespace

std::optional<std::string> SlackEmulator::react(const std::string& user_id,
                                                const std::string& channel_id,
                                                const std::string& message_ts,
                                                const std::string& name, bool add) {
    const auto marked = server_->change_state([&](Workspace& ws) {
        auto* c = ws.channel(channel_id);
        return c ? ws.react(*c, user_id, message_ts, name, add) : Workspace::Marked{};
    });
    return sent(*server_, marked);
}

std::optional<std::string> SlackEmulator::pin(const std::string& user_id,
                                              const std::string& channel_id,
                                              const std::string& message_ts, bool add) {
    const auto marked = server_->change_state([&](Workspace& ws) {
        auto* c = ws.channel(channel_id);
        return c ? ws.pin(*c, user_id, message_ts, add) : Workspace::Marked{};
    });
    return sent(*server_, marked);
}

std::string SlackEmulator::message_shortcut(const std::string& user_id,
                                            const std::string& channel_id,
                                            const std::string& message_ts,
                                            const std::string& callback_id) {
    auto payload = server_->change_state([&](Workspace& ws) {
        return message_action_payload(ws, user_id, channel_id, message_ts, callback_id);
    });
    return payload ? server_->send_interaction("message_action", std::move(*payload)) : "";
}

std::string SlackEmulator::submit_view(const std::string& user_id, const std::string& view_id,
                                       const nlohmann::json& values) {
    auto payload = server_->change_state(
        [&](Workspace& ws) { return view_submission_payload(ws, user_id, view_id, values); });
    return payload ? server_->send_interaction("view_submission", std::move(*payload)) : "";
}

std::string SlackEmulator::send_event(const nlohmann::json& event) {
    return server_->send_event(event);
}

std::string SlackEmulator::send_raw_frame(const std::string& text) {
    return server_->send_raw_frame(text);
}

std::string SlackEmulator::redeliver_event(const std::string& event_id) {
    return server_->redeliver_event(event_id);
}

bool SlackEmulator::wait_for_event_acks(const std::string& event_id, std::size_t acks,
                                        std::chrono::milliseconds timeout) const {
    return server_->wait_for_event_acks(event_id, acks, timeout);
}

std::optional<AckRecord> SlackEmulator::wait_for_ack(const std::string& envelope_id,
                                                     std::chrono::milliseconds timeout) const {
    return server_->wait_for_ack(envelope_id, timeout);
}

std::vector<AckRecord> SlackEmulator::acks() const {
    return server_->acks();
}
std::vector<nlohmann::json> SlackEmulator::envelopes() const {
    return server_->envelopes();
}
std::vector<Failure> SlackEmulator::failures() const {
    return server_->failures();
}
void SlackEmulator::send_disconnect(const std::string& reason) {
    server_->send_disconnect(reason);
}
void SlackEmulator::drop_connections() {
    server_->drop_connections();
}
void SlackEmulator::silence_connections() {
    server_->silence_connections();
}
void SlackEmulator::stop_pinging() {
    server_->stop_pinging();
}
void SlackEmulator::hold_hello(bool hold) {
    server_->hold_hello(hold);
}
std::size_t SlackEmulator::open_connections() const {
    return server_->open_connections();
}
std::size_t SlackEmulator::connections_opened() const {
    return server_->connections_opened();
}

void SlackEmulator::inject(const std::string& method, Fault fault, int count) {
    server_->inject(method, fault, count);
}

bool SlackEmulator::wait_until(const std::function<bool()>& pred,
                               std::chrono::milliseconds timeout) const {
    return server_->wait_until(pred, timeout);
}

}  // namespace emulator
