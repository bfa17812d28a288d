#pragma once
// POST /alertmanager: Alertmanager's webhook to incidents. A firing group
// with no open incident declares one (in ALERT_DECLARE_CHANNEL, by the bot,
// exactly as a slash command would, escalation included); later deliveries
// for the group add one timeline note per alert fingerprint and status
// change; a repeat adds nothing. The answer is 200 only once the change is
// committed and, with DB_SYNC=full, synced: Alertmanager re-sends anything
// else, and the re-sent delivery then changes nothing.
#include <memory>
#include <string>

#include <spdlog/logger.h>

#include "bot/config.hpp"
#include "bot/incident_writer.hpp"
#include "bot/scheduler.hpp"
#include "core/clock.hpp"
#include "core/incident_events.hpp"
#include "http/server.hpp"
#include "storage/commit_barrier.hpp"
#include "storage/database.hpp"

namespace bot {

class AlertIntake {
  public:
    // `outcome` is told declared, recorded, unchanged or rejected (metrics).
    AlertIntake(storage::Database& db, storage::CommitBarrier& commits, const core::Clock& clock,
                const Config& config, Scheduler& scheduler, core::IncidentEvents* events,
                std::shared_ptr<spdlog::logger> logger, const std::string& bot_user_id,
                std::function<void(std::string_view outcome)> outcome = {});

    void handle(const ops_http::Request& request, ops_http::Responder respond);

  private:
    struct Stored;
    ops_http::Response reject(unsigned status, const std::string& reason);

    storage::Database& db_;
    storage::CommitBarrier& commits_;
    const core::Clock& clock_;
    const Config& config_;
    Scheduler& scheduler_;
    core::IncidentEvents* events_;
    std::shared_ptr<spdlog::logger> log_;
    const std::string& bot_user_id_;
    std::function<void(std::string_view)> outcome_;
    IncidentWriter writer_;
};

}  // namespace bot
