#pragma once
// The declare modal's view_submission read into a Declare (pure), or the
// errors to show on its fields (`response_action: errors`, keyed by block_id).
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "commands/command.hpp"

namespace commands {

struct DeclareForm {
    std::optional<Declare> declare;             // set when every field is good
    std::string description;                    // optional, as typed
    std::map<std::string, std::string> errors;  // block_id -> what would work
};

// `values` is view.state.values.
DeclareForm read_declare_form(const nlohmann::json& values);

}  // namespace commands
