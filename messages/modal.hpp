#pragma once
// What the bot's modals (the declare form, the status update form) are made
// of: plain_text objects and input blocks whose element's action_id is
// kFormValue, so a view_submission's state.values reads
// values[block_id][kFormValue].
#include <map>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace messages {

inline constexpr std::string_view kFormValue = "value";  // action_id of each input

namespace modal {

nlohmann::json plain(std::string_view text);
nlohmann::json input(std::string_view block_id, std::string_view label, nlohmann::json element,
                     bool optional = false);
// A view_submission ack that keeps the modal open with `errors` (block_id ->
// message) under their fields; with none, "Please try again." under
// `fallback_block` (the form was fine but its sender unreadable).
nlohmann::json errors_response(const std::map<std::string, std::string>& errors,
                               std::string_view fallback_block);

}  // namespace modal
}  // namespace messages
