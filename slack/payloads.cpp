#include "slack/payloads.hpp"

namespace slack {
namespace {

using nlohmann::json;

std::string text_at(const json& j, const char* key) {
    if (!j.is_object()) return {};
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

const json& object_at(const json& j, const char* key) {
    static const json empty = json::object();
    if (!j.is_object()) return empty;
    const auto it = j.find(key);
    return it != j.end() && it->is_object() ? *it : empty;
}

core::Error missing(const std::string& what) {
    return core::make_error("bad_payload", "payload has no " + what);
}

}  // namespace

std::string interactive_type(const json& payload) {
    return text_at(payload, "type");
}

core::Result<SlashCommand> parse_slash_command(const json& payload) {
    SlashCommand c;
    c.command = text_at(payload, "command");
    c.text = text_at(payload, "text");
    c.user_id = text_at(payload, "user_id");
    c.user_name = text_at(payload, "user_name");
    c.channel_id = text_at(payload, "channel_id");
    c.channel_name = text_at(payload, "channel_name");
    c.team_id = text_at(payload, "team_id");
    c.response_url = text_at(payload, "response_url");
    c.trigger_id = text_at(payload, "trigger_id");
    if (c.user_id.empty()) return missing("user_id");
    if (c.channel_id.empty()) return missing("channel_id");
    return c;
}

core::Result<BlockActions> parse_block_actions(const json& payload) {
    BlockActions b;
    b.user_id = text_at(object_at(payload, "user"), "id");
    const json& container = object_at(payload, "container");
    b.channel_id = text_at(object_at(payload, "channel"), "id");
    if (b.channel_id.empty()) b.channel_id = text_at(container, "channel_id");
    b.message_ts = text_at(container, "message_ts");
    if (b.message_ts.empty()) b.message_ts = text_at(object_at(payload, "message"), "ts");
    b.response_url = text_at(payload, "response_url");
    b.trigger_id = text_at(payload, "trigger_id");
    if (b.user_id.empty()) return missing("user.id");
    const auto actions = payload.is_object() ? payload.find("actions") : payload.end();
    if (actions == payload.end() || !actions->is_array()) return missing("actions");
    for (const json& a : *actions) {
        BlockAction action;
        action.type = text_at(a, "type");
        action.action_id = text_at(a, "action_id");
        action.block_id = text_at(a, "block_id");
        action.value = text_at(a, "value");
        action.selected_user = text_at(a, "selected_user");
        if (!action.action_id.empty()) b.actions.push_back(std::move(action));
    }
    return b;
}

}  // namespace slack
