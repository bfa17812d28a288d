#pragma once
// Block Kit as Slack checks it before accepting a message or a view: a
// message beyond these limits is refused with `invalid_blocks`, and the
// reason goes to response_metadata.messages like Slack's
// "[ERROR] … [json-pointer:/blocks/0/text]".
#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace emulator {

struct BlockKitProblem {
    std::string error;    // invalid_blocks | invalid_blocks_format
    std::string message;  // "[ERROR] … [json-pointer:/blocks/3/text]"
};

// Messages allow 50 blocks, modals 100.
std::optional<BlockKitProblem> check_blocks(const nlohmann::json& blocks,
                                            std::size_t max_blocks = 50);

// Slack fills in a block_id or action_id the sender left out with a random
// one; the bot then sees those in block_actions payloads.
void fill_missing_ids(nlohmann::json& blocks, const std::function<std::string()>& make_id);

}  // namespace emulator
