#include "bot/role_buttons.hpp"

#include <spdlog/spdlog.h>

#include "bot/durable_ack.hpp"
#include "bot/ephemeral_reply.hpp"
#include "bot/storage_failure.hpp"
#include "messages/action_ids.hpp"
#include "messages/replies.hpp"
#include "storage/incidents.hpp"

namespace bot {

namespace ids = messages::action_ids;

RoleButtons::RoleButtons(storage::Database& db, storage::CommitBarrier& commits, slack::WebApi& web,
                         const core::Clock& clock, const core::Runbook& runbook,
                         Scheduler& scheduler, std::shared_ptr<spdlog::logger> logger,
                         const std::string& bot_user_id, core::IncidentEvents* events)
    : db_(db),
      commits_(commits),
      web_(web),
      clock_(clock),
      scheduler_(scheduler),
      log_(std::move(logger)),
      bot_user_id_(bot_user_id),
      runbook_(runbook),
      writer_(db, runbook, events) {}

void RoleButtons::handle(const slack::BlockActions& actions, slack::Ack ack) {
    // Acked after the change is stored (and synced): an acknowledged click is
    // never lost.
    for (const auto& action : actions.actions) {
        try {
            act(actions, action);
        } catch (const std::exception& e) {
            log_->log(storage_failure_level(e), "{} from {} failed: {}", action.action_id,
                      actions.user_id, e.what());
            send_ephemeral(web_, reply_target(actions),
                           messages::error_reply(storage_failure_text(e)), [](auto) {});
        }
    }
    ack_when_durable(commits_, std::move(ack),
                     [this, target = reply_target(actions)](slack::Ack& owed) {
                         owed();
                         tell_change_in_doubt(web_, target);
                     });
}

void RoleButtons::act(const slack::BlockActions& actions, const slack::BlockAction& action) {
    std::optional<ids::RoleTarget> target;
    std::string user;
    if (action.action_id == ids::kSnooze) return snooze(actions, action);
    if (action.action_id == ids::kOpenUpdateForm) return open_update_form(actions, action);
    if (action.action_id == ids::kCommsPostAnnounce || action.action_id == ids::kCommsPostHere)
        return post_comms(actions, action);
    if (action.action_id == ids::kTakeRole) {
        target = ids::decode_role_target(action.value);
        user = actions.user_id;
    } else if (action.action_id == ids::kAssignRole) {
        target = ids::decode_role_block_id(action.block_id);
        user = action.selected_user;
    } else {
        log_->info("ignored action {} from {}: not ours", action.action_id, actions.user_id);
        return;
    }
    if (!target || user.empty()) {
        log_->warn("ignored {} from {}: unreadable target (value '{}', block '{}')",
                   action.action_id, actions.user_id, action.value, action.block_id);
        return;
    }
    const commands::AssignRole command{target->role, commands::UserRef{user, "", false}};
    // Read, locked, in the change's own transaction: one round trip.
    std::optional<core::Incident> incident;
    const auto decided = db_.transaction([&]() -> std::optional<core::Result<commands::Change>> {
        incident = storage::Incidents(db_).get_for_update(target->incident_id);
        if (!incident) return std::nullopt;
        return writer_.change_locked(*incident, command, {actions.user_id, clock_.now()},
                                     bot_user_id_);
    });
    if (!decided) {
        log_->warn("ignored {} from {}: no incident {}", action.action_id, actions.user_id,
                   target->incident_id);
        return;
    }
    const auto& changed = *decided;
    if (!changed) {
        send_ephemeral(web_, reply_target(actions), messages::error_reply(changed.error().message),
                       [log = log_](core::Result<nlohmann::json> r) {
                           if (!r) log->warn("could not answer a click: {}", r.error().code);
                       });
        return;
    }
    log_->info("{}: {} is now {} (by {})", core::incident_key(*incident), user,
               core::role_short(target->role), actions.user_id);
    scheduler_.poke();
}

}  // namespace bot
