#include "messages/block_kit.hpp"

#include <utility>

#include "messages/mrkdwn.hpp"
#include "messages/utf8.hpp"

namespace messages::block_kit {

namespace {

// An object built member by member. nlohmann's `{{"key", value}, …}` lists
// copy each value through a reference wrapper and then check that every item
// is a pair; for the few small objects a block is made of, that was most of
// the cost of rendering a message (bench/instructions.sh).
void put(nlohmann::json::object_t&) {}
template <typename Value, typename... Rest>
void put(nlohmann::json::object_t& object, const char* key, Value&& value, Rest&&... rest) {
    object.emplace(key, std::forward<Value>(value));
    put(object, std::forward<Rest>(rest)...);
}
template <typename... Members>
nlohmann::json object(Members&&... members) {
    nlohmann::json out(nlohmann::json::value_t::object);
    put(out.get_ref<nlohmann::json::object_t&>(), std::forward<Members>(members)...);
    return out;
}

nlohmann::json plain(std::string_view text, std::size_t max) {
    return object("type", "plain_text", "text", shorten(text, max), "emoji", true);
}
nlohmann::json mrkdwn(std::string_view text, std::size_t max) {
    return object("type", "mrkdwn", "text", cut_mrkdwn(text, max));
}

}  // namespace

nlohmann::json header(std::string_view plain_text) {
    return object("type", "header", "text",
                  object("type", "plain_text", "text", shorten_at_word(plain_text, kMaxHeader),
                         "emoji", true));
}

nlohmann::json section(std::string_view text, std::string_view block_id) {
    auto block = object("type", "section", "text", mrkdwn(text, kMaxSectionText));
    if (!block_id.empty()) block["block_id"] = shorten(block_id, kMaxBlockId);
    return block;
}

std::vector<nlohmann::json> sections(std::string_view text) {
    std::vector<nlohmann::json> out;
    for (const std::string& piece : split_mrkdwn(text, kMaxSectionText))
        if (piece.find_first_not_of(" \n") != std::string::npos) out.push_back(section(piece));
    return out;
}

nlohmann::json fields(const std::vector<std::string>& mrkdwn_fields) {
    nlohmann::json list = nlohmann::json::array();
    for (const std::string& f : mrkdwn_fields) {
        if (list.size() == kMaxFields) break;
        list.push_back(mrkdwn(f, kMaxFieldText));
    }
    return object("type", "section", "fields", std::move(list));
}

nlohmann::json context(std::string_view text) {
    nlohmann::json elements = nlohmann::json::array();
    elements.push_back(mrkdwn(text, 2000));
    return object("type", "context", "elements", std::move(elements));
}

nlohmann::json divider() {
    return object("type", "divider");
}

nlohmann::json actions(std::string_view block_id, nlohmann::json elements) {
    return object("type", "actions", "block_id", shorten(block_id, kMaxBlockId), "elements",
                  std::move(elements));
}

nlohmann::json button(std::string_view label, std::string_view action_id, std::string_view value) {
    return object("type", "button", "text", plain(label, kMaxButtonText), "action_id",
                  std::string(action_id), "value", shorten(value, kMaxButtonValue));
}

nlohmann::json users_select(std::string_view action_id, std::string_view placeholder) {
    return object("type", "users_select", "action_id", std::string(action_id), "placeholder",
                  plain(placeholder, 150));
}

SlackMessage message(std::string_view text) {
    SlackMessage out{cut_mrkdwn(text, kMaxSectionText), nlohmann::json::array()};
    for (auto& block : sections(text)) append(out.blocks, std::move(block));
    if (out.text.empty()) out.text.push_back(' ');
    return out;
}

std::size_t append_lines(nlohmann::json& blocks, const std::vector<std::string>& lines,
                         std::size_t reserve, std::size_t max_chars) {
    // A section's block slot is claimed when the section is opened, so
    // closing it always succeeds.
    std::size_t used_chars = 0;
    std::size_t taken = 0;
    std::string current;
    std::size_t current_chars = 0;
    const auto has_slot = [&] { return blocks.size() + 1 + reserve <= kMaxBlocks; };
    for (const std::string& raw : lines) {
        const std::string line = cut_mrkdwn(raw, kMaxSectionText);
        const std::size_t chars = code_points(line);
        if (used_chars + chars + 1 > max_chars) break;
        if (!current.empty() && current_chars + 1 + chars > kMaxSectionText) {
            blocks.push_back(section(current));
            current.clear();
            current_chars = 0;
        }
        if (current.empty() && !has_slot()) break;
        if (!current.empty()) {
            current += '\n';
            ++current_chars;
        }
        current += line;
        current_chars += chars;
        used_chars += chars + 1;
        ++taken;
    }
    if (!current.empty()) blocks.push_back(section(current));
    return taken;
}

bool append(nlohmann::json& blocks, nlohmann::json block, std::size_t reserve) {
    if (blocks.size() + 1 + reserve > kMaxBlocks) return false;
    blocks.push_back(std::move(block));
    return true;
}

nlohmann::json as_one_section(const nlohmann::json& message) {
    std::string text;
    const auto add = [&](const nlohmann::json& object) {
        if (!object.is_object()) return;
        const auto t = object.find("text");
        if (t == object.end() || !t->is_string() || t->get_ref<const std::string&>().empty())
            return;
        // plain_text (a header) is shown as typed: in mrkdwn it is escaped.
        const auto& words = t->get_ref<const std::string&>();
        text += (text.empty() ? "" : "\n") +
                (object.value("type", std::string()) == "plain_text" ? escape(words) : words);
    };
    const auto blocks = message.find("blocks");
    if (blocks != message.end() && blocks->is_array())
        for (const auto& block : *blocks) {
            if (!block.is_object()) continue;
            if (const auto t = block.find("text"); t != block.end()) add(*t);
            for (const char* list : {"fields", "elements"})
                if (const auto items = block.find(list); items != block.end() && items->is_array())
                    for (const auto& item : *items) add(item);
        }
    if (text.empty()) text = message.value("text", std::string(" "));
    // The first block's id stays: it marks the message as posted already.
    std::string block_id;
    if (blocks != message.end() && blocks->is_array() && !blocks->empty() &&
        (*blocks)[0].is_object())
        block_id = (*blocks)[0].value("block_id", std::string());
    nlohmann::json out = message;
    out["blocks"] = nlohmann::json::array({section(text, block_id)});
    return out;
}

}  // namespace messages::block_kit
