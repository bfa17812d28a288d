#pragma once
// The declare form: `/incident` with no text (or `declare` alone) opens it at
// once with the command's trigger_id (valid 3 s, once); its view_submission
// declares exactly like the slash command, or answers `response_action:
// errors` on the fields that need fixing.
#include <memory>
#include <optional>
#include <string>

#include <spdlog/logger.h>
#include <nlohmann/json.hpp>

#include "bot/incident_writer.hpp"
#include "bot/scheduler.hpp"
#include "core/clock.hpp"
#include "core/runbook.hpp"
#include "core/severity.hpp"
#include "slack/ack.hpp"
#include "slack/payloads.hpp"
#include "slack/web_api.hpp"
#include "storage/commit_barrier.hpp"
#include "storage/database.hpp"

namespace bot {

// The command texts that open the form instead of declaring: blank,
// `declare` alone, or a declare with its severity and no title (`declare
// SEV1`, `P0`), whose severity the form then has chosen.
struct DeclareFormRequest {
    std::optional<core::Severity> severity;
};
std::optional<DeclareFormRequest> declare_form_request(const std::string& text);

// views.open right away (the trigger expires in 3 s); a refusal is told to
// the person with the one-line way to declare without the form.
void open_declare_modal(slack::WebApi& web, const slack::SlashCommand& request,
                        const DeclareFormRequest& form, std::shared_ptr<spdlog::logger> log);

// Every form's view_submission: the declare form's here, the status update
// form's in bot/update_modal.cpp, each keeping its modal open with errors on
// the fields that need fixing.
class ViewSubmissions {
  public:
    ViewSubmissions(storage::Database& db, storage::CommitBarrier& commits, slack::WebApi& web,
                    const core::Clock& clock, const core::Runbook& runbook, Scheduler& scheduler,
                    std::shared_ptr<spdlog::logger> logger, const std::string& bot_user_id,
                    core::IncidentEvents* events = nullptr);

    // `payload` is the interactive envelope's view_submission payload.
    void handle(const nlohmann::json& payload, slack::Ack ack);
    // A message shortcut ("message_action"): "Declare incident from this
    // message" opens the form with the message's text as its description;
    // its permalink goes on the timeline when the form declares.
    void handle_shortcut(const nlohmann::json& payload, slack::Ack ack);
    // Which announcement rows a declare writes (the default: all of them).
    void set_announcing(slack_work::Announcing announcing) { writer_.set_announcing(announcing); }

  private:
    // The status update form's submission (bot/update_modal.cpp).
    // `values`: the view's state.values; `reply`: who submitted, where from.
    void submit_update(const nlohmann::json& values, const slack_work::ReplyTarget& reply,
                       slack::Ack& ack);

    storage::Database& db_;
    storage::CommitBarrier& commits_;
    slack::WebApi& web_;
    const core::Clock& clock_;
    Scheduler& scheduler_;
    std::shared_ptr<spdlog::logger> log_;
    const std::string& bot_user_id_;
    IncidentWriter writer_;
};

}  // namespace bot
