#include "tests/support/block_kit_limits.hpp"

#include <algorithm>
#include <set>
#include <string_view>

namespace test_support {

namespace {

std::size_t length(const nlohmann::json& s) {
    std::size_t n = 0;
    for (const char c : s.get<std::string>())
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    return n;
}

struct Checker {
    std::vector<std::string> problems;

    void fail(const std::string& where, const std::string& what) {
        problems.push_back(where + ": " + what);
    }

    void text_object(const nlohmann::json& t, const std::string& where, std::size_t max,
                     bool plain_only = false) {
        if (!t.is_object() || !t.contains("type") || !t.contains("text") ||
            !t.at("text").is_string()) {
            fail(where, "not a text object");
            return;
        }
        const std::string type = t.at("type").get<std::string>();
        if (type != "plain_text" && type != "mrkdwn") fail(where, "unknown text type " + type);
        if (plain_only && type != "plain_text") fail(where, "must be plain_text");
        if (length(t.at("text")) == 0) fail(where, "empty text");
        if (length(t.at("text")) > max)
            fail(where,
                 "text " + std::to_string(length(t.at("text"))) + " > " + std::to_string(max));
        if (type == "mrkdwn") angle_brackets(t.at("text").get<std::string>(), where);
    }

    // In mrkdwn, `<` opens a mention, a channel, a special command or a link,
    // even inside backticks; any other `<` must be written `&lt;` ("Escaping
    // text" in Slack's formatting reference), or Slack reads what follows as
    // a link and shows it mangled.
    void angle_brackets(const std::string& text, const std::string& where) {
        for (auto at = text.find('<'); at != std::string::npos; at = text.find('<', at + 1)) {
            const std::string_view rest = std::string_view(text).substr(at + 1);
            const bool control = rest.starts_with('@') || rest.starts_with('#') ||
                                 rest.starts_with('!') || rest.starts_with("http://") ||
                                 rest.starts_with("https://") || rest.starts_with("mailto:");
            if (!control || rest.find('>') == std::string_view::npos)
                fail(where,
                     "a raw '<' in mrkdwn (write &lt;): " +
                         std::string(rest.substr(0, std::min<std::size_t>(rest.size(), 20))));
        }
    }

    void element(const nlohmann::json& e, const std::string& where) {
        const std::string type = e.value("type", "");
        if (!e.contains("action_id") || length(e.at("action_id")) > 255)
            fail(where, "action_id missing or over 255");
        if (type == "button") {
            text_object(e.at("text"), where + ".text", 75, true);
            if (e.contains("value") && length(e.at("value")) > 2000) fail(where, "value over 2000");
        } else if (type == "users_select") {
            if (e.contains("placeholder"))
                text_object(e.at("placeholder"), where + ".placeholder", 150, true);
        } else {
            fail(where, "unexpected element type " + type);
        }
    }

    void block(const nlohmann::json& b, const std::string& where, std::set<std::string>& ids) {
        if (b.contains("block_id")) {
            const auto id = b.at("block_id").get<std::string>();
            if (id.empty() || length(b.at("block_id")) > 255)
                fail(where, "block_id empty or over 255");
            if (!ids.insert(id).second) fail(where, "duplicate block_id " + id);
        }
        const std::string type = b.value("type", "");
        if (type == "header") {
            text_object(b.at("text"), where + ".text", 150, true);
        } else if (type == "section") {
            if (!b.contains("text") && !b.contains("fields"))
                fail(where, "section without text or fields");
            if (b.contains("text")) text_object(b.at("text"), where + ".text", 3000);
            if (b.contains("fields")) {
                const auto& fields = b.at("fields");
                if (fields.empty() || fields.size() > 10) fail(where, "fields count not in 1..10");
                for (std::size_t i = 0; i < fields.size(); ++i)
                    text_object(fields[i], where + ".fields[" + std::to_string(i) + "]", 2000);
            }
        } else if (type == "context") {
            const auto& elements = b.at("elements");
            if (elements.empty() || elements.size() > 10)
                fail(where, "context elements not in 1..10");
            for (std::size_t i = 0; i < elements.size(); ++i)
                text_object(elements[i], where + ".elements[" + std::to_string(i) + "]", 3000);
        } else if (type == "actions") {
            const auto& elements = b.at("elements");
            if (elements.empty() || elements.size() > 25)
                fail(where, "actions elements not in 1..25");
            std::set<std::string> action_ids;
            for (std::size_t i = 0; i < elements.size(); ++i) {
                element(elements[i], where + ".elements[" + std::to_string(i) + "]");
                if (elements[i].contains("action_id") &&
                    !action_ids.insert(elements[i].at("action_id").get<std::string>()).second)
                    fail(where, "duplicate action_id in block");
            }
        } else if (type != "divider") {
            fail(where, "unexpected block type " + type);
        }
    }
};

}  // namespace

std::vector<std::string> problems_in_sent_messages(const emulator::SlackEmulator& slack) {
    std::vector<std::pair<std::string, nlohmann::json>> sent;
    for (const auto& call : slack.calls())
        if ((call.method == "chat.postMessage" || call.method == "chat.update" ||
             call.method == "chat.postEphemeral") &&
            call.args.is_object() && call.args.contains("text"))
            sent.emplace_back(call.method, call.args);
    for (const auto& e : slack.ephemerals())
        if (e.source != "chat.postEphemeral")  // already among the calls
            sent.emplace_back(e.source, nlohmann::json{{"text", e.text}, {"blocks", e.blocks}});
    std::vector<std::string> out;
    for (auto& [how, message] : sent) {
        if (message.contains("blocks") && message.at("blocks").is_null()) message.erase("blocks");
        for (const auto& problem : block_kit_violations(message))
            out.push_back(how + " sent " + message.dump().substr(0, 300) + ": " + problem);
    }
    return out;
}

std::vector<std::string> block_kit_violations(const nlohmann::json& message) {
    Checker c;
    try {
        (void)message.dump();  // throws on invalid UTF-8, as Slack would refuse it
        if (!message.contains("text") || !message.at("text").is_string() ||
            length(message.at("text")) == 0)
            c.fail("text", "fallback text missing or empty");
        else if (length(message.at("text")) > 40000)
            c.fail("text", "fallback text over 40,000");
        else if (message.value("mrkdwn", true))
            c.angle_brackets(message.at("text").get<std::string>(), "text");
        if (message.contains("blocks")) {
            const auto& blocks = message.at("blocks");
            if (!blocks.is_array()) {
                c.fail("blocks", "not an array");
                return c.problems;
            }
            if (blocks.size() > 50)
                c.fail("blocks", std::to_string(blocks.size()) + " > 50 blocks");
            std::set<std::string> ids;
            for (std::size_t i = 0; i < blocks.size(); ++i)
                c.block(blocks[i], "blocks[" + std::to_string(i) + "]", ids);
        }
    } catch (const std::exception& e) {
        c.fail("message", std::string("malformed: ") + e.what());
    }
    return c.problems;
}

}  // namespace test_support
