#pragma once
// A view_submission's `view.state.values`, read defensively: Slack sends
// values[block_id][action_id] = {type, value | selected_option | …}; a
// missing or malformed block reads as an empty field.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace commands {

// A view_submission view's state.values, or null when it has none.
const nlohmann::json& form_values(const nlohmann::json& view);
// The element object of `block_id` (action_id messages::kFormValue), or {}.
const nlohmann::json& form_field(const nlohmann::json& values, std::string_view block_id);
// A plain_text_input's value as valid UTF-8; "" when empty or absent.
std::string form_text(const nlohmann::json& field);
// `object[key]` when `object` is an object and that is a string; else "".
// (json::value() throws for a key of another type.)
std::string string_in(const nlohmann::json& object, const char* key);

}  // namespace commands
