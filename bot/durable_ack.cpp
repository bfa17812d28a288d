#include "bot/durable_ack.hpp"

#include <memory>

namespace bot {

void ack_when_durable(storage::CommitBarrier& commits, slack::Ack ack,
                      std::optional<nlohmann::json> payload, std::optional<nlohmann::json> in_doubt,
                      LateReply late) {
    // std::function needs a copyable callable; the Ack itself is move-only.
    auto owed = std::make_shared<slack::Ack>(std::move(ack));
    const auto answer = [owed, late = std::move(late)](const std::optional<nlohmann::json>& reply) {
        if (!owed->offer(reply) && reply && late) late(*reply);
    };
    commits.after_commit([answer, payload = std::move(payload)] { answer(payload); },
                         [answer, in_doubt = std::move(in_doubt)] { answer(in_doubt); });
}

void ack_when_durable(storage::CommitBarrier& commits, slack::Ack ack, InDoubt in_doubt) {
    auto owed = std::make_shared<slack::Ack>(std::move(ack));
    commits.after_commit([owed] { (*owed)(); },
                         [owed, in_doubt = std::move(in_doubt)] { in_doubt(*owed); });
}

}  // namespace bot
