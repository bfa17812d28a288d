#include "sandbox/controls.hpp"

#include <algorithm>
#include <cctype>
#include <functional>

namespace sandbox {
namespace {

using nlohmann::json;

// Lowercase, curly apostrophes straight, runs of spaces as one.
std::string normalise(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s.substr(i, 3) == "’" || s.substr(i, 3) == "‘") {
            out += '\'';
            i += 2;
            continue;
        }
        const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(s[i])));
        if (std::isspace(static_cast<unsigned char>(c))) {
            if (!out.empty() && out.back() != ' ') out += ' ';
            continue;
        }
        out += c;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

std::vector<std::string> tokens(std::string_view s) {
    std::vector<std::string> out;
    std::string word;
    for (char c : s) {
        if (std::isalnum(static_cast<unsigned char>(c))) {
            word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        } else if (!word.empty()) {
            out.push_back(std::move(word));
            word.clear();
        }
    }
    if (!word.empty()) out.push_back(word);
    return out;
}

std::string text_of(const json& object) {
    return object.is_object() ? object.value("text", std::string{}) : std::string{};
}

// Calls `visit(element, context_text, block_id)` for every interactive element.
void for_each_element(
    const json& blocks,
    const std::function<void(const json&, const std::string&, const std::string&)>& visit) {
    if (!blocks.is_array()) return;
    std::string previous_section;
    for (const auto& block : blocks) {
        if (!block.is_object()) continue;
        const auto type = block.value("type", std::string{});
        const auto block_id = block.value("block_id", std::string{});
        if (type == "section") {
            previous_section = text_of(block.value("text", json::object()));
            if (block.contains("accessory")) visit(block["accessory"], previous_section, block_id);
        } else if (type == "actions") {
            for (const auto& e : block.value("elements", json::array()))
                visit(e, previous_section, block_id);
        } else {
            previous_section.clear();
        }
    }
}

bool names(const std::vector<std::string>& haystack, const std::string& word) {
    const auto has = [&](std::string_view w) {
        return std::find(haystack.begin(), haystack.end(), w) != haystack.end();
    };
    if (has(word)) return true;
    if (word == "ic") return has("commander");
    if (word == "commander") return has("ic");
    if (word == "comms") return has("communications") || has("comm");
    return false;
}

}  // namespace

std::optional<Control> find_button(const std::vector<MessageBlocks>& messages,
                                   std::string_view label) {
    const auto wanted = normalise(label);
    if (wanted.empty()) return std::nullopt;
    for (const bool exact : {true, false}) {
        for (auto m = messages.rbegin(); m != messages.rend(); ++m) {
            std::optional<Control> found;
            for_each_element(
                m->blocks, [&](const json& e, const std::string&, const std::string& block_id) {
                    if (found || e.value("type", std::string{}) != "button") return;
                    const auto text = text_of(e.value("text", json::object()));
                    const auto shown = normalise(text);
                    if (exact ? shown == wanted : shown.find(wanted) != std::string::npos)
                        found = Control{m->ts, e.value("action_id", std::string{}), text, block_id};
                });
            if (found) return found;
        }
    }
    return std::nullopt;
}

std::optional<Control> find_user_picker(const std::vector<MessageBlocks>& messages,
                                        std::string_view target) {
    const auto wanted = tokens(target);
    if (wanted.empty()) return std::nullopt;
    for (auto m = messages.rbegin(); m != messages.rend(); ++m) {
        std::optional<Control> found;
        for_each_element(
            m->blocks, [&](const json& e, const std::string& context, const std::string& block_id) {
                if (found || e.value("type", std::string{}) != "users_select") return;
                const auto placeholder = text_of(e.value("placeholder", json::object()));
                const auto action_id = e.value("action_id", std::string{});
                const auto haystack =
                    tokens(placeholder + " " + action_id + " " + block_id + " " + context);
                if (std::all_of(wanted.begin(), wanted.end(),
                                [&](const std::string& w) { return names(haystack, w); }))
                    found = Control{m->ts, action_id, placeholder, block_id};
            });
        if (found) return found;
    }
    return std::nullopt;
}

std::vector<std::string> latest_button_labels(const std::vector<MessageBlocks>& messages) {
    for (auto m = messages.rbegin(); m != messages.rend(); ++m) {
        std::vector<std::string> labels;
        for_each_element(m->blocks, [&](const json& e, const std::string&, const std::string&) {
            if (e.value("type", std::string{}) == "button")
                labels.push_back(text_of(e.value("text", json::object())));
        });
        if (!labels.empty()) return labels;
    }
    return {};
}

}  // namespace sandbox
