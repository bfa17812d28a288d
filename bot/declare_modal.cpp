#include "bot/declare_modal.hpp"

#include <spdlog/spdlog.h>

#include "bot/durable_ack.hpp"
#include "bot/ephemeral_reply.hpp"
#include "bot/required_scopes.hpp"
#include "commands/declare_form.hpp"
#include "core/ascii.hpp"
#include "messages/declare_modal.hpp"
#include "messages/replies.hpp"

namespace bot {

using nlohmann::json;

bool opens_declare_modal(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return true;
    const auto last = text.find_last_not_of(" \t\r\n");
    return core::ascii_lower(std::string_view(text).substr(first, last - first + 1)) == "declare";
}

void open_declare_modal(slack::WebApi& web, const slack::SlashCommand& request,
                        std::shared_ptr<spdlog::logger> log) {
    web.call(
        std::string(method::kViewsOpen),
        json{{"trigger_id", request.trigger_id},
             {"view", messages::declare_modal(request.channel_id, request.response_url).dump()}},
        [&web, log,
         target = slack_work::ReplyTarget{request.response_url, request.channel_id,
                                          request.user_id}](core::Result<json> result) {
            if (result) return;
            log->warn("could not open the declare form for {}: {}", target.user_id,
                      result.error().code);
            send_ephemeral(
                web, target,
                messages::error_reply("The declare form did not open (" + result.error().code +
                                      "). Declare in one line: `/incident SEV1 Payment processing "
                                      "down`."),
                [](auto) {});
        });
}

ViewSubmissions::ViewSubmissions(storage::Database& db, storage::CommitBarrier& commits,
                                 const core::Clock& clock, const core::Runbook& runbook,
                                 Scheduler& scheduler, std::shared_ptr<spdlog::logger> logger,
                                 const std::string& bot_user_id)
    : db_(db),
      commits_(commits),
      clock_(clock),
      scheduler_(scheduler),
      log_(std::move(logger)),
      bot_user_id_(bot_user_id),
      writer_(db, runbook) {}

void ViewSubmissions::handle(const json& payload, slack::Ack ack) {
    const json view = payload.value("view", json::object());
    if (!view.is_object() ||
        view.value("callback_id", std::string{}) != messages::kDeclareModalCallbackId) {
        ack();
        log_->info("ignored a view_submission that is not the declare form");
        return;
    }
    const auto user = payload.value("user", json::object()).value("id", std::string{});
    const auto form =
        commands::read_declare_form(view.value("state", json::object()).value("values", json()));
    if (!form.declare || user.empty()) {
        json errors = json::object();
        for (const auto& [block, message] : form.errors) errors[block] = message;
        if (errors.empty()) errors[std::string(messages::kTitleBlock)] = "Please try again.";
        return ack(json{{"response_action", "errors"}, {"errors", errors}});
    }
    const auto metadata =
        json::parse(view.value("private_metadata", std::string("{}")), nullptr, false);
    const auto from_metadata = [&](const char* key) {
        return metadata.is_object() ? metadata.value(key, std::string{}) : std::string{};
    };
    const slack_work::ReplyTarget reply{from_metadata("response_url"), from_metadata("channel"),
                                        user};
    try {
        const auto now = clock_.now();
        const auto incident = db_.transaction([&] {
            // Exactly the slash command's declare; the link goes to the
            // channel the form was opened from, through the command's response_url.
            auto declared = writer_.declare(*form.declare, user, reply, now);
            if (!form.description.empty()) {
                const auto noted = writer_.change(declared, commands::Note{form.description},
                                                  {user, now}, bot_user_id_);
                if (!noted)
                    log_->warn("description of {} not noted: {}", core::incident_key(declared),
                               noted.error().code);
            }
            return declared;
        });
        ack_when_durable(commits_, std::move(ack));
        log_->info("{} declared {} {} with the form", user, core::incident_key(incident),
                   core::to_string(incident.severity));
        scheduler_.poke();
    } catch (const std::exception& e) {
        log_->error("declare form from {} failed: {}", user, e.what());
        ack(json{{"response_action", "errors"},
                 {"errors",
                  {{std::string(messages::kTitleBlock),
                    "incident-bot could not store that, so nothing changed. Please try again."}}}});
    }
}

}  // namespace bot
