#include "messages/modal.hpp"

namespace messages::modal {

nlohmann::json plain(std::string_view text) {
    return {{"type", "plain_text"}, {"text", std::string(text)}};
}

nlohmann::json input(std::string_view block_id, std::string_view label, nlohmann::json element,
                     bool optional) {
    element["action_id"] = std::string(kFormValue);
    return {{"type", "input"},
            {"block_id", std::string(block_id)},
            {"label", plain(label)},
            {"optional", optional},
            {"element", std::move(element)}};
}

nlohmann::json errors_response(const std::map<std::string, std::string>& errors,
                               std::string_view fallback_block) {
    nlohmann::json shown = nlohmann::json::object();
    for (const auto& [block, message] : errors) shown[block] = message;
    if (shown.empty()) shown[std::string(fallback_block)] = "Please try again.";
    return {{"response_action", "errors"}, {"errors", std::move(shown)}};
}

}  // namespace messages::modal
