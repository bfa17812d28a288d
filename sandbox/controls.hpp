#pragma once
// Finding what a person means by `click I'll be IC` or `pick tech @bob`: the
// button or user picker in a channel's messages, newest message first. Pure.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace sandbox {

// The parts of a message the search needs (emulator::Message has more).
struct MessageBlocks {
    std::string ts;
    nlohmann::json blocks;
};

struct Control {
    std::string message_ts;
    std::string action_id;
    std::string label;  // a button's text; a picker's placeholder
    std::string block_id;
};

// The button whose label matches (case-insensitive; `'` matches `’`): an exact
// match in the newest message that has one, else a partial match likewise.
// `messages` are oldest first, as Slack lists a channel.
std::optional<Control> find_button(const std::vector<MessageBlocks>& messages,
                                   std::string_view label);

// The users_select whose placeholder, action_id, block_id or neighbouring
// section text names `target` (all its words; `ic` also matches "commander").
std::optional<Control> find_user_picker(const std::vector<MessageBlocks>& messages,
                                        std::string_view target);

// Labels of the buttons in the newest message that has any, for error hints.
std::vector<std::string> latest_button_labels(const std::vector<MessageBlocks>& messages);

}  // namespace sandbox
