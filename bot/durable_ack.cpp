#include "bot/durable_ack.hpp"

#include <memory>

namespace bot {

void ack_when_durable(storage::CommitBarrier& commits, slack::Ack ack,
                      std::optional<nlohmann::json> payload,
                      std::optional<nlohmann::json> in_doubt) {
    // std::function needs a copyable callable; the Ack itself is move-only.
    auto owed = std::make_shared<slack::Ack>(std::move(ack));
    commits.after_commit([owed, payload = std::move(payload)] { (*owed)(payload); },
                         [owed, in_doubt = std::move(in_doubt)] { (*owed)(in_doubt); });
}

}  // namespace bot
