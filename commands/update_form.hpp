#pragma once
// The status update form's view_submission read into an Update (pure), typed
// as `/incident update status: … | impact: … | actions: …` would be, or the
// errors to show on its fields (`response_action: errors`, keyed by block_id).
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "commands/command.hpp"

namespace commands {

struct UpdateForm {
    std::optional<Update> update;               // set when every field is good
    std::map<std::string, std::string> errors;  // block_id -> what would work
};

// `values` is view.state.values.
UpdateForm read_update_form(const nlohmann::json& values);

}  // namespace commands
