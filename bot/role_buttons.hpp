#pragma once
// Clicks on the opening message: "I'll be IC" (and the other roles) and the
// user picker beside each; and "Post an update" and "Snooze 30 min" on update
// reminders. The click is acked once stored;
// the control carries its incident and role (messages/action_ids.hpp), so no lookup by message is
// needed. Unknown or stale controls are logged and ignored.
#include <memory>
#include <string>

#include <spdlog/logger.h>

#include "bot/comms.hpp"
#include "bot/incident_writer.hpp"
#include "bot/scheduler.hpp"
#include "core/clock.hpp"
#include "core/runbook.hpp"
#include "slack/ack.hpp"
#include "slack/payloads.hpp"
#include "slack/web_api.hpp"
#include "storage/commit_barrier.hpp"
#include "storage/database.hpp"

namespace bot {

class RoleButtons {
  public:
    RoleButtons(storage::Database& db, storage::CommitBarrier& commits, slack::WebApi& web,
                const core::Clock& clock, const core::Runbook& runbook, Scheduler& scheduler,
                std::shared_ptr<spdlog::logger> logger, const std::string& bot_user_id,
                core::IncidentEvents* events = nullptr);

    void handle(const slack::BlockActions& actions, slack::Ack ack);
    // Also which announcement rows its changes write.
    void set_comms(CommsSettings settings) {
        writer_.set_announcing({settings.announce_channel, settings.announce_updates});
        comms_ = std::move(settings);
    }

  private:
    void act(const slack::BlockActions& actions, const slack::BlockAction& action);
    // "Snooze 30 min" on a reminder (bot/snooze_button.cpp): `/incident snooze 30m`.
    void snooze(const slack::BlockActions& actions, const slack::BlockAction& action);
    // "Post an update" on a reminder (bot/update_modal.cpp): the update form.
    void open_update_form(const slack::BlockActions& actions, const slack::BlockAction& action);
    // "Post …" under a stakeholder-update draft (bot/comms_buttons.cpp).
    void post_comms(const slack::BlockActions& actions, const slack::BlockAction& action);

    storage::Database& db_;
    storage::CommitBarrier& commits_;
    slack::WebApi& web_;
    const core::Clock& clock_;
    Scheduler& scheduler_;
    std::shared_ptr<spdlog::logger> log_;
    const std::string& bot_user_id_;
    const core::Runbook& runbook_;
    CommsSettings comms_;
    IncidentWriter writer_;
};

}  // namespace bot
