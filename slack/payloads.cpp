#include "slack/payloads.hpp"

#include <charconv>

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

namespace {

std::string reaction_name(std::string name) {
    // "thumbsup::skin-tone-2" is the same reaction to us.
    if (const auto tone = name.find("::"); tone != std::string::npos) name.erase(tone);
    return name;
}

}  // namespace

core::Result<MessageMarkEvent> parse_message_mark(const json& payload) {
    const json& event = object_at(payload, "event");
    const std::string type = text_at(event, "type");
    MessageMarkEvent m;
    if (type == "reaction_added")
        m.kind = MessageMarkEvent::Kind::ReactionAdded;
    else if (type == "reaction_removed")
        m.kind = MessageMarkEvent::Kind::ReactionRemoved;
    else if (type == "pin_added")
        m.kind = MessageMarkEvent::Kind::PinAdded;
    else if (type == "pin_removed")
        m.kind = MessageMarkEvent::Kind::PinRemoved;
    else
        return core::make_error("ignored_event",
                                "event of type '" + (type.empty() ? "?" : type) + "'");
    const json& item = object_at(event, "item");
    if (text_at(item, "type") != "message")
        return core::make_error("ignored_event", type + " on a " + text_at(item, "type"));
    m.event_id = text_at(payload, "event_id");
    m.user = text_at(event, "user");
    m.item_user = text_at(event, "item_user");
    if (m.pin()) {
        m.channel_id = text_at(event, "channel_id");
        if (m.channel_id.empty()) m.channel_id = text_at(item, "channel");
        const json& message = object_at(item, "message");
        m.message_ts = text_at(message, "ts");
        if (!m.message_ts.empty())
            m.message = EventMessage{m.message_ts, text_at(message, "user"),
                                     text_at(message, "text"), text_at(message, "permalink")};
    } else {
        m.channel_id = text_at(item, "channel");
        m.message_ts = text_at(item, "ts");
        m.reaction = reaction_name(text_at(event, "reaction"));
        if (m.reaction.empty()) return missing("event.reaction");
    }
    if (m.event_id.empty()) return missing("event_id");
    if (m.channel_id.empty()) return missing("the item's channel");
    if (m.message_ts.empty()) return missing("the item's ts");
    if (!time_of_ts(m.message_ts)) return missing("a valid item ts");
    return m;
}

std::optional<core::TimePoint> time_of_ts(std::string_view ts) {
    const auto dot = ts.find('.');
    const auto whole = ts.substr(0, dot);
    std::int64_t seconds = 0;
    const auto [end, error] = std::from_chars(whole.data(), whole.data() + whole.size(), seconds);
    if (error != std::errc{} || end != whole.data() + whole.size() || whole.empty() ||
        seconds < 0 || seconds > 7'258'118'400)  // 2200-01-01
        return std::nullopt;
    std::int64_t millis = 0;
    if (dot != std::string_view::npos) {
        const auto fraction = ts.substr(dot + 1);
        if (fraction.empty() || fraction.size() > 6) return std::nullopt;
        for (std::size_t i = 0; i < fraction.size(); ++i) {
            if (fraction[i] < '0' || fraction[i] > '9') return std::nullopt;
            if (i < 3) millis = millis * 10 + (fraction[i] - '0');
        }
        for (std::size_t i = fraction.size(); i < 3; ++i) millis *= 10;
    }
    return core::from_unix_millis(seconds * 1000 + millis);
}

}  // namespace slack
