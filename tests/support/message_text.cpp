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

}  // namespace test
