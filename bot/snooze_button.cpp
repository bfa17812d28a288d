#include <spdlog/spdlog.h>

#include "bot/ephemeral_reply.hpp"
#include "bot/role_buttons.hpp"
#include "commands/limits.hpp"
#include "messages/action_ids.hpp"
#include "messages/replies.hpp"
#include "storage/incidents.hpp"

namespace bot {

void RoleButtons::snooze(const slack::BlockActions& actions, const slack::BlockAction& action) {
    namespace ids = messages::action_ids;
    const auto target = ids::decode_snooze(action.value);
    if (!target || target->seconds < 60 || target->seconds > commands::kMaxSnooze.count()) {
        log_->warn("ignored {} from {}: unreadable value '{}'", action.action_id, actions.user_id,
                   action.value);
        return;
    }
    const auto incident = storage::Incidents(db_).get(target->incident_id);
    if (!incident) {
        log_->warn("ignored {} from {}: no incident {}", action.action_id, actions.user_id,
                   target->incident_id);
        return;
    }
    const commands::Snooze command{std::chrono::seconds(target->seconds)};
    const auto changed =
        writer_.change(*incident, command, {actions.user_id, clock_.now()}, bot_user_id_);
    if (!changed) {
        send_ephemeral(web_, reply_target(actions), messages::error_reply(changed.error().message),
                       [log = log_](core::Result<nlohmann::json> r) {
                           if (!r) log->warn("could not answer a click: {}", r.error().code);
                       });
        return;
    }
    log_->info("{}: reminders snoozed for {}s by {}", core::incident_key(*incident),
               target->seconds, actions.user_id);
    scheduler_.poke();
}

}  // namespace bot
