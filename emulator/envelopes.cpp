#include "emulator/envelopes.hpp"

#include <cstdio>

namespace emulator {
namespace {

using nlohmann::json;

std::string action_ts(Workspace& ws) {
    return ws.next_ts();
}

json user_ref(Workspace& ws, const std::string& user_id) {
    const auto* u = ws.user(user_id);
    const auto name = u ? u->name : user_id;
    return {{"id", user_id}, {"username", name}, {"name", name}, {"team_id", ws.options().team_id}};
}

// Elements a person can act on in a message: actions-block elements and
// section accessories, each with its block.
struct Found {
    json block;
    json element;
};

std::optional<Found> find_element(const json& blocks, const std::string& label_or_action_id,
                                  const std::string& type, const std::string& block_id) {
    if (!blocks.is_array()) return std::nullopt;
    auto matches = [&](const json& e) {
        if (!e.is_object() || e.value("type", std::string{}) != type) return false;
        if (e.value("action_id", std::string{}) == label_or_action_id) return true;
        return type == "button" && e.contains("text") && e.at("text").is_object() &&
               e.at("text").value("text", std::string{}) == label_or_action_id;
    };
    for (const auto& b : blocks) {
        if (!b.is_object()) continue;
        if (!block_id.empty() && b.value("block_id", std::string{}) != block_id) continue;
        if (b.contains("elements") && b.at("elements").is_array() &&
            b.value("type", std::string{}) == "actions") {
            for (const auto& e : b.at("elements"))
                if (matches(e)) return Found{b, e};
        }
        if (b.contains("accessory") && matches(b.at("accessory")))
            return Found{b, b.at("accessory")};
    }
    return std::nullopt;
}

// state.values: what the message's inputs hold (initial selections).
json state_values(const json& blocks) {
    json values = json::object();
    if (!blocks.is_array()) return values;
    for (const auto& b : blocks) {
        if (!b.is_object() || b.value("type", std::string{}) != "actions") continue;
        for (const auto& e : b.value("elements", json::array())) {
            const auto type = e.value("type", std::string{});
            if (type != "users_select" && type != "static_select") continue;
            json v = {{"type", type}};
            if (type == "users_select")
                v["selected_user"] = e.value("initial_user", json());
            else
                v["selected_option"] = e.value("initial_option", json());
            values[b.value("block_id", std::string{})][e.value("action_id", std::string{})] = v;
        }
    }
    return values;
}

}  // namespace

json slash_command_payload(Workspace& ws, const std::string& user_id, const std::string& channel_id,
                           const std::string& text) {
    const auto* c = ws.channel(channel_id);
    const auto* u = ws.user(user_id);
    // Form fields in the HTTP flavour, so every value is a string.
    return {{"token", "emulatedverificationtoken"},
            {"team_id", ws.options().team_id},
            {"team_domain", ws.options().team_domain},
            {"channel_id", channel_id},
            {"channel_name", c ? payload_channel_name(*c) : "privategroup"},
            {"user_id", user_id},
            {"user_name", u ? u->name : user_id},
            {"command", ws.options().slash_command},
            {"text", text},
            {"api_app_id", ws.options().app_id},
            {"is_enterprise_install", "false"},
            {"response_url", ws.issue_response_url("commands", channel_id, user_id, "")},
            {"trigger_id", ws.issue_trigger(user_id)}};
}

std::optional<json> block_actions_payload(Workspace& ws, const std::string& user_id,
                                          const std::string& channel_id,
                                          const std::string& message_ts,
                                          const std::string& label_or_action_id,
                                          const std::string& selected_user,
                                          const std::string& block_id) {
    auto* c = ws.channel(channel_id);
    if (!c) return std::nullopt;
    auto* m = ws.message(*c, message_ts);
    if (!m) return std::nullopt;
    const bool pick = !selected_user.empty();
    auto found = find_element(m->message.blocks, label_or_action_id,
                              pick ? "users_select" : "button", block_id);
    if (!found) return std::nullopt;
    const auto& e = found->element;
    json action = {{"type", e.value("type", std::string{})},
                   {"action_id", e.value("action_id", std::string{})},
                   {"block_id", found->block.value("block_id", std::string{})},
                   {"action_ts", action_ts(ws)}};
    auto values = state_values(m->message.blocks);
    if (pick) {
        action["selected_user"] = selected_user;
        values[action["block_id"].get<std::string>()][action["action_id"].get<std::string>()] = {
            {"type", "users_select"}, {"selected_user", selected_user}};
    } else {
        action["text"] = e.value("text", json::object());
        if (e.contains("value")) action["value"] = e.at("value");
        if (e.contains("style")) action["style"] = e.at("style");
    }
    return json{{"type", "block_actions"},
                {"user", user_ref(ws, user_id)},
                {"api_app_id", ws.options().app_id},
                {"token", "emulatedverificationtoken"},
                {"container",
                 {{"type", "message"},
                  {"message_ts", message_ts},
                  {"channel_id", channel_id},
                  {"is_ephemeral", false}}},
                {"trigger_id", ws.issue_trigger(user_id)},
                {"team", {{"id", ws.options().team_id}, {"domain", ws.options().team_domain}}},
                {"enterprise", nullptr},
                {"is_enterprise_install", false},
                {"channel", {{"id", channel_id}, {"name", payload_channel_name(*c)}}},
                {"message", message_json(ws, *m)},
                {"state", {{"values", values}}},
                {"response_url", ws.issue_response_url("actions", channel_id, user_id, message_ts)},
                {"actions", json::array({action})}};
}

std::optional<json> ephemeral_block_actions_payload(Workspace& ws, const std::string& user_id,
                                                    const std::string& channel_id,
                                                    const json& blocks,
                                                    const std::string& label_or_action_id) {
    auto* c = ws.channel(channel_id);
    if (!c) return std::nullopt;
    auto found = find_element(blocks, label_or_action_id, "button", "");
    if (!found) return std::nullopt;
    const auto& e = found->element;
    json action = {{"type", "button"},
                   {"action_id", e.value("action_id", std::string{})},
                   {"block_id", found->block.value("block_id", std::string{})},
                   {"text", e.value("text", json::object())},
                   {"action_ts", action_ts(ws)}};
    if (e.contains("value")) action["value"] = e.at("value");
    // The ephemeral's own ts, as Slack sends it (its response_url can then
    // replace or delete it); a new one for blocks never shown to this user.
    std::string message_ts;
    for (auto it = ws.ephemerals.rbegin(); it != ws.ephemerals.rend() && message_ts.empty(); ++it)
        if (it->user == user_id && it->channel == channel_id && it->blocks == blocks)
            message_ts = it->ts;
    if (message_ts.empty()) message_ts = ws.next_ts();
    return json{{"type", "block_actions"},
                {"user", user_ref(ws, user_id)},
                {"api_app_id", ws.options().app_id},
                {"token", "emulatedverificationtoken"},
                {"container",
                 {{"type", "message"},
                  {"message_ts", message_ts},
                  {"channel_id", channel_id},
                  {"is_ephemeral", true}}},
                {"trigger_id", ws.issue_trigger(user_id)},
                {"team", {{"id", ws.options().team_id}, {"domain", ws.options().team_domain}}},
                {"enterprise", nullptr},
                {"is_enterprise_install", false},
                {"channel", {{"id", channel_id}, {"name", payload_channel_name(*c)}}},
                {"state", {{"values", state_values(blocks)}}},
                {"response_url", ws.issue_response_url("actions", channel_id, user_id, message_ts)},
                {"actions", json::array({action})}};
}

std::optional<json> message_action_payload(Workspace& ws, const std::string& user_id,
                                           const std::string& channel_id,
                                           const std::string& message_ts,
                                           const std::string& callback_id) {
    auto* c = ws.channel(channel_id);
    if (!c) return std::nullopt;
    auto* m = ws.message(*c, message_ts);
    if (!m) return std::nullopt;
    return json{{"type", "message_action"},
                {"token", "emulatedverificationtoken"},
                {"action_ts", action_ts(ws)},
                {"team", {{"id", ws.options().team_id}, {"domain", ws.options().team_domain}}},
                {"user", user_ref(ws, user_id)},
                {"channel", {{"id", channel_id}, {"name", payload_channel_name(*c)}}},
                {"is_enterprise_install", false},
                {"enterprise", nullptr},
                {"callback_id", callback_id},
                {"trigger_id", ws.issue_trigger(user_id)},
                {"response_url", ws.issue_response_url("actions", channel_id, user_id, message_ts)},
                {"message_ts", message_ts},
                {"message", message_json(ws, *m)}};
}

std::optional<json> view_submission_payload(Workspace& ws, const std::string& user_id,
                                            const std::string& view_id, const json& values) {
    for (const auto& v : ws.views) {
        if (v.id != view_id) continue;
        auto view = v.view;
        view["state"] = {{"values", values}};
        return json{{"type", "view_submission"},
                    {"team", {{"id", ws.options().team_id}, {"domain", ws.options().team_domain}}},
                    {"user", user_ref(ws, user_id)},
                    {"api_app_id", ws.options().app_id},
                    {"token", "emulatedverificationtoken"},
                    {"trigger_id", ws.issue_trigger(user_id)},
                    {"view", view},
                    {"response_urls", json::array()},
                    {"is_enterprise_install", false},
                    {"enterprise", nullptr}};
    }
    return std::nullopt;
}

json event_callback_payload(Workspace& ws, const json& event, const std::string& event_id) {
    const auto now = core::unix_seconds(ws.now());
    auto e = event;
    if (!e.contains("event_ts")) e["event_ts"] = ws.next_ts();
    return {{"token", "emulatedverificationtoken"},
            {"team_id", ws.options().team_id},
            {"api_app_id", ws.options().app_id},
            {"event", e},
            {"type", "event_callback"},
            {"event_id", event_id},
            {"event_time", now},
            {"authorizations", json::array({{{"enterprise_id", nullptr},
                                             {"team_id", ws.options().team_id},
                                             {"user_id", ws.bot().id},
                                             {"is_bot", true},
                                             {"is_enterprise_install", false}}})},
            {"is_ext_shared_channel", false},
            {"event_context", "4-emulated-" + event_id}};
}

}  // namespace emulator
