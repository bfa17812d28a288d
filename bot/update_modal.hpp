#pragma once
// The status update form: `/incident update` with no text, in an open
// incident's channel, opens it at once with the command's trigger_id (valid
// 3 s, once). Its view_submission (ViewSubmissions, bot/declare_modal.hpp)
// posts the update exactly as the typed command would.
#include <memory>
#include <optional>
#include <string>

#include <spdlog/logger.h>

#include "bot/slack_work.hpp"
#include "commands/command.hpp"
#include "core/clock.hpp"
#include "core/incident.hpp"
#include "core/runbook.hpp"
#include "slack/web_api.hpp"

namespace bot {

// `update` alone (any case, any spacing): the form instead of an error.
bool update_form_request(const std::string& text);

// Why `incident` takes no update from `user` now (resolved), in the words
// the typed command would get; nullopt when the form may open.
std::optional<std::string> update_refused(const core::Incident& incident, const std::string& user,
                                          core::TimePoint now, const core::Runbook& runbook,
                                          const std::string& bot_user_id);

// views.open right away with the command's or the click's `trigger_id`; a
// refusal is told to `person` with the one-line way to post an update
// without the form. `last` fills Impact and Actions.
void open_update_modal(slack::WebApi& web, const std::string& trigger_id,
                       const slack_work::ReplyTarget& person, const core::Incident& incident,
                       const commands::StatusFields& last, std::shared_ptr<spdlog::logger> log);

}  // namespace bot
