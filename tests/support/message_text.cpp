#include "tests/support/message_text.hpp"

namespace test {

namespace {

void collect_text(const nlohmann::json& j, std::string& out) {
    if (j.is_string()) {
        out += j.get<std::string>();
        out += '\n';
    } else if (j.is_structured()) {
        for (const auto& item : j) collect_text(item, out);
    }
}

}  // namespace

std::string all_text(const emulator::Message& message) {
    std::string out = message.text + '\n';
    collect_text(message.blocks, out);
    return out;
}

std::string payload_text(const std::optional<nlohmann::json>& payload) {
    if (!payload) return "";
    emulator::Message m;
    m.text = payload->value("text", std::string{});
    m.blocks = payload->value("blocks", nlohmann::json::array());
    return all_text(m);
}

bool contains(std::string_view haystack, std::string_view needle) {
    return haystack.find(needle) != std::string_view::npos;
}

std::size_t occurrences(std::string_view haystack, std::string_view needle) {
    std::size_t n = 0;
    for (auto at = haystack.find(needle); at != std::string_view::npos;
         at = haystack.find(needle, at + 1))
        ++n;
    return n;
}

}  // namespace test
