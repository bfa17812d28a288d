#include "emulator/block_kit_rules.hpp"

#include <set>
#include <string_view>

namespace emulator {
namespace {

using nlohmann::json;

// Thrown only inside this file and caught in check_blocks: the first
// violation ends the walk, as Slack reports one error per call.
struct Violation {
    std::string text;
    std::string pointer;
};

[[noreturn]] void fail(std::string text, std::string pointer) {
    throw Violation{std::move(text), std::move(pointer)};
}

std::size_t chars(const std::string& utf8) {
    // Slack counts characters, not bytes.
    std::size_t n = 0;
    for (unsigned char c : utf8)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

void check_text(const json& t, const std::string& at, std::size_t max, bool plain_only) {
    if (!t.is_object()) fail("must be a text object", at);
    const auto type = t.value("type", std::string{});
    if (type != "plain_text" && type != "mrkdwn")
        fail("must provide a valid text type", at + "/type");
    if (plain_only && type != "plain_text") fail("must be plain_text", at + "/type");
    if (!t.contains("text") || !t.at("text").is_string())
        fail("must provide a string", at + "/text");
    const auto& s = t.at("text").get_ref<const std::string&>();
    if (s.empty()) fail("must be more than 0 characters", at + "/text");
    if (chars(s) > max)
        fail("must be less than " + std::to_string(max + 1) + " characters", at + "/text");
    if (type == "mrkdwn" && t.contains("emoji")) fail("emoji is not allowed in mrkdwn", at);
}

void check_action_id(const json& e, const std::string& at, std::set<std::string>* seen) {
    if (!e.contains("action_id")) return;  // Slack generates one
    if (!e.at("action_id").is_string()) fail("must be a string", at + "/action_id");
    const auto& id = e.at("action_id").get_ref<const std::string&>();
    if (id.empty() || chars(id) > 255)
        fail("must be between 1 and 255 characters", at + "/action_id");
    if (seen && !seen->insert(id).second)
        fail("action_id must be unique in the block", at + "/action_id");
}

void check_option(const json& o, const std::string& at) {
    if (!o.is_object()) fail("must be an option object", at);
    check_text(o.value("text", json{}), at + "/text", 75, false);
    const auto value = o.value("value", std::string{});
    if (value.empty() || chars(value) > 150)
        fail("must be between 1 and 150 characters", at + "/value");
}

void check_element(const json& e, const std::string& at, std::set<std::string>* action_ids) {
    if (!e.is_object()) fail("must be an element object", at);
    const auto type = e.value("type", std::string{});
    if (type == "button") {
        check_text(e.value("text", json{}), at + "/text", 75, true);
        if (e.contains("value") &&
            (!e.at("value").is_string() || chars(e.at("value").get<std::string>()) > 2000))
            fail("must be less than 2001 characters", at + "/value");
        if (e.contains("url") && chars(e.value("url", std::string{})) > 3000)
            fail("must be less than 3001 characters", at + "/url");
        if (e.contains("style")) {
            const auto style = e.value("style", std::string{});
            if (style != "primary" && style != "danger")
                fail("must be either primary or danger", at + "/style");
        }
        check_action_id(e, at, action_ids);
    } else if (type == "users_select" || type == "conversations_select" ||
               type == "channels_select" || type == "multi_users_select" ||
               type == "multi_conversations_select" || type == "multi_channels_select" ||
               type == "external_select" || type == "multi_external_select") {
        if (e.contains("placeholder"))
            check_text(e.at("placeholder"), at + "/placeholder", 150, true);
        check_action_id(e, at, action_ids);
    } else if (type == "static_select" || type == "multi_static_select" || type == "overflow" ||
               type == "checkboxes" || type == "radio_buttons") {
        if (e.contains("placeholder"))
            check_text(e.at("placeholder"), at + "/placeholder", 150, true);
        const auto options = e.value("options", json::array());
        const std::size_t max = type == "overflow"                                  ? 5
                                : (type == "checkboxes" || type == "radio_buttons") ? 10
                                                                                    : 100;
        if (!e.contains("option_groups") && (!options.is_array() || options.empty()))
            fail("must provide options", at + "/options");
        if (options.size() > max)
            fail("must provide at most " + std::to_string(max) + " items", at + "/options");
        for (std::size_t i = 0; i < options.size(); ++i)
            check_option(options[i], at + "/options/" + std::to_string(i));
        check_action_id(e, at, action_ids);
    } else if (type == "datepicker" || type == "timepicker" || type == "datetimepicker" ||
               type == "plain_text_input" || type == "number_input" || type == "email_text_input" ||
               type == "url_text_input" || type == "rich_text_input") {
        check_action_id(e, at, action_ids);
    } else if (type == "image") {
        if (!e.contains("alt_text")) fail("must provide alt_text", at);
    } else {
        fail("unsupported type: " + (type.empty() ? std::string("(none)") : type), at + "/type");
    }
}

void check_block(const json& b, const std::string& at) {
    if (!b.is_object()) fail("must be a block object", at);
    const auto type = b.value("type", std::string{});
    if (type == "section") {
        if (!b.contains("text") && !b.contains("fields"))
            fail("must provide either text or fields", at);
        if (b.contains("text")) check_text(b.at("text"), at + "/text", 3000, false);
        if (b.contains("fields")) {
            const auto& fields = b.at("fields");
            if (!fields.is_array() || fields.empty() || fields.size() > 10)
                fail("must provide between 1 and 10 items", at + "/fields");
            for (std::size_t i = 0; i < fields.size(); ++i)
                check_text(fields[i], at + "/fields/" + std::to_string(i), 2000, false);
        }
        if (b.contains("accessory")) check_element(b.at("accessory"), at + "/accessory", nullptr);
    } else if (type == "header") {
        check_text(b.value("text", json{}), at + "/text", 150, true);
    } else if (type == "actions") {
        const auto elements = b.value("elements", json::array());
        if (!elements.is_array() || elements.empty() || elements.size() > 25)
            fail("must provide between 1 and 25 items", at + "/elements");
        std::set<std::string> action_ids;
        for (std::size_t i = 0; i < elements.size(); ++i)
            check_element(elements[i], at + "/elements/" + std::to_string(i), &action_ids);
    } else if (type == "context") {
        const auto elements = b.value("elements", json::array());
        if (!elements.is_array() || elements.empty() || elements.size() > 10)
            fail("must provide between 1 and 10 items", at + "/elements");
        for (std::size_t i = 0; i < elements.size(); ++i) {
            const auto& e = elements[i];
            const auto where = at + "/elements/" + std::to_string(i);
            if (e.value("type", std::string{}) == "image")
                check_element(e, where, nullptr);
            else
                check_text(e, where, 3000, false);
        }
    } else if (type == "input") {
        check_text(b.value("label", json{}), at + "/label", 2000, true);
        if (!b.contains("element")) fail("must provide an element", at + "/element");
        check_element(b.at("element"), at + "/element", nullptr);
    } else if (type == "image") {
        if (!b.contains("image_url") && !b.contains("slack_file"))
            fail("must provide image_url", at);
        if (!b.contains("alt_text")) fail("must provide alt_text", at);
    } else if (type == "markdown") {
        if (!b.contains("text") || !b.at("text").is_string() ||
            chars(b.at("text").get<std::string>()) > 12000)
            fail("must be between 1 and 12000 characters", at + "/text");
    } else if (type == "divider" || type == "rich_text" || type == "file" || type == "video") {
        // No limits that the bot could run into.
    } else {
        fail("unsupported type: " + (type.empty() ? std::string("(none)") : type), at + "/type");
    }
}

}  // namespace

std::optional<BlockKitProblem> check_blocks(const json& blocks, std::size_t max_blocks) {
    if (!blocks.is_array()) {
        return BlockKitProblem{"invalid_blocks_format",
                               "[ERROR] must be a JSON array of blocks [json-pointer:/blocks]"};
    }
    try {
        if (blocks.size() > max_blocks)
            fail("no more than " + std::to_string(max_blocks) + " items allowed", "/blocks");
        std::set<std::string> block_ids;
        for (std::size_t i = 0; i < blocks.size(); ++i) {
            const auto at = "/blocks/" + std::to_string(i);
            check_block(blocks[i], at);
            if (!blocks[i].contains("block_id")) continue;
            const auto& id = blocks[i].at("block_id");
            if (!id.is_string() || id.get<std::string>().empty() ||
                chars(id.get<std::string>()) > 255)
                fail("must be between 1 and 255 characters", at + "/block_id");
            if (!block_ids.insert(id.get<std::string>()).second)
                fail("failed to match all allowed schemas; block_id must be unique",
                     at + "/block_id");
        }
    } catch (const Violation& v) {
        return BlockKitProblem{"invalid_blocks",
                               "[ERROR] " + v.text + " [json-pointer:" + v.pointer + "]"};
    } catch (const json::exception& e) {
        // A field of the wrong JSON type (a number where Slack wants a string).
        return BlockKitProblem{"invalid_blocks", std::string("[ERROR] ") + e.what()};
    }
    return std::nullopt;
}

void fill_missing_ids(json& blocks, const std::function<std::string()>& make_id) {
    if (!blocks.is_array()) return;
    auto fill_element = [&](json& e) {
        if (!e.is_object() || e.value("type", std::string{}) == "image") return;
        if (!e.contains("action_id")) e["action_id"] = make_id();
    };
    for (auto& b : blocks) {
        if (!b.is_object()) continue;
        if (!b.contains("block_id")) b["block_id"] = make_id();
        const auto type = b.value("type", std::string{});
        if (type == "actions" && b.contains("elements") && b.at("elements").is_array()) {
            for (auto& e : b.at("elements")) fill_element(e);
        } else if (type == "section" && b.contains("accessory")) {
            fill_element(b.at("accessory"));
        } else if (type == "input" && b.contains("element")) {
            fill_element(b.at("element"));
        }
    }
}

}  // namespace emulator
