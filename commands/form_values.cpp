#include "commands/form_values.hpp"

#include "messages/modal.hpp"
#include "messages/utf8.hpp"

namespace commands {

const nlohmann::json& form_values(const nlohmann::json& view) {
    static const nlohmann::json kNull;
    if (!view.is_object()) return kNull;
    const auto state = view.find("state");
    if (state == view.end() || !state->is_object()) return kNull;
    const auto values = state->find("values");
    return values != state->end() ? *values : kNull;
}

const nlohmann::json& form_field(const nlohmann::json& values, std::string_view block_id) {
    static const nlohmann::json kNone = nlohmann::json::object();
    if (!values.is_object()) return kNone;
    const auto block = values.find(std::string(block_id));
    if (block == values.end() || !block->is_object()) return kNone;
    const auto value = block->find(std::string(messages::kFormValue));
    return value != block->end() && value->is_object() ? *value : kNone;
}

std::string form_text(const nlohmann::json& field) {
    return messages::valid_utf8(string_in(field, "value"));
}

std::string string_in(const nlohmann::json& object, const char* key) {
    if (!object.is_object()) return {};
    const auto v = object.find(key);
    return v != object.end() && v->is_string() ? v->get<std::string>() : std::string{};
}

}  // namespace commands
