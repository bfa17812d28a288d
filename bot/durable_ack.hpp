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

// For an envelope whose ack carries no reply (a click, an event): acked once
// the change is durable. When the change may be lost, `in_doubt` gets the
// ack instead: a click acks and tells the person (Slack shows nothing of a
// click's ack payload); an event withholds it, so that Slack delivers it
// again and it is stored again or found already stored.
using InDoubt = std::function<void(slack::Ack& ack)>;
void ack_when_durable(storage::CommitBarrier& commits, slack::Ack ack, InDoubt in_doubt);

}  // namespace bot
