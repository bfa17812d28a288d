#pragma once
// An acknowledgement that follows a commit: sent once the change is on
// stable storage (storage/commit_barrier.hpp), so that nothing Slack was told
// about can be lost, not even to a power cut under DB_SYNC=full.
#include <functional>
#include <optional>

#include <nlohmann/json.hpp>

#include "slack/ack.hpp"
#include "storage/commit_barrier.hpp"

namespace bot {

// `in_doubt` is the ack instead when the database may have lost the change
// before it was made durable (storage::SyncOutcome::InDoubt). When the sync
// outlasts the ack's deadline (a stalling disk; PostgreSQL gone between the
// commit and its flush, which is given up after 2.5 s), the ack has gone out
// empty: the reply it would have carried, if any, goes to `late` instead
// (on the barrier's io_context), so that the person still hears it.
using LateReply = std::function<void(nlohmann::json reply)>;
void ack_when_durable(storage::CommitBarrier& commits, slack::Ack ack,
                      std::optional<nlohmann::json> payload = std::nullopt,
                      std::optional<nlohmann::json> in_doubt = std::nullopt, LateReply late = {});

}  // namespace bot
