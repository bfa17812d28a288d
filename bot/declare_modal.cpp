#include "bot/declare_modal.hpp"

#include <tuple>

#include <spdlog/spdlog.h>

#include "bot/durable_ack.hpp"
#include "bot/ephemeral_reply.hpp"
#include "bot/required_scopes.hpp"
#include "bot/storage_failure.hpp"
#include "commands/declare_form.hpp"
#include "commands/form_values.hpp"
#include "commands/slack_text.hpp"
#include "commands/words.hpp"
#include "core/ascii.hpp"
#include "messages/declare_modal.hpp"
#include "messages/replies.hpp"
#include "messages/update_modal.hpp"

namespace bot {

using nlohmann::json;

namespace {

json title_error(std::string message) {
    return messages::modal::errors_response({{std::string(messages::kTitleBlock), message}},
                                            messages::kTitleBlock);
}

}  // namespace

std::optional<DeclareFormRequest> declare_form_request(const std::string& text) {
    // Words as the grammar splits them, the first two only (this runs for
    // every command).
    auto [word, rest] = commands::split_first(commands::trim(text));
    if (core::ascii_lower(word) == "declare")
        std::tie(word, rest) = commands::split_first(commands::trim(rest));
    if (word.empty()) return DeclareFormRequest{};           // blank, or `declare` alone
    if (!commands::trim(rest).empty()) return std::nullopt;  // a title follows: one line
    if (const auto severity = core::parse_severity(word)) return DeclareFormRequest{severity};
    return std::nullopt;  // `help`, `list`, `declare soon`: a command of its own, or an error
}

void open_declare_modal(slack::WebApi& web, const slack::SlashCommand& request,
                        const DeclareFormRequest& form, std::shared_ptr<spdlog::logger> log) {
    web.call(std::string(method::kViewsOpen),
             json{{"trigger_id", request.trigger_id},
                  {"view", messages::declare_modal(request.channel_id, request.response_url, {}, {},
                                                   form.severity)
                               .dump()}},
             [&web, log, target = reply_target(request)](core::Result<json> result) {
                 if (result) return;
                 log->warn("could not open the declare form for {}: {}", target.user_id,
                           result.error().code);
                 send_ephemeral(web, target,
                                messages::error_reply(
                                    "The declare form did not open (" + result.error().code +
                                    "). Declare in one line: `/incident SEV1 Payment processing "
                                    "down`."),
                                [](auto) {});
             });
}

ViewSubmissions::ViewSubmissions(storage::Database& db, storage::CommitBarrier& commits,
                                 slack::WebApi& web, const core::Clock& clock,
                                 const core::Runbook& runbook, Scheduler& scheduler,
                                 std::shared_ptr<spdlog::logger> logger,
                                 const std::string& bot_user_id, core::IncidentEvents* events)
    : db_(db),
      commits_(commits),
      web_(web),
      clock_(clock),
      scheduler_(scheduler),
      log_(std::move(logger)),
      bot_user_id_(bot_user_id),
      // Told of what the form declares, as a slash command's declare is
      // (incidents_declared_total counts both).
      writer_(db, runbook, events) {}

void ViewSubmissions::handle(const json& payload, slack::Ack ack) {
    static const json kNoView;
    const json& view = payload.contains("view") ? payload["view"] : kNoView;
    const auto callback = commands::string_in(view, "callback_id");
    const bool update = callback == messages::kUpdateModalCallbackId;
    if (!update && callback != messages::kDeclareModalCallbackId) {
        ack();
        log_->info("ignored a view_submission that is not one of the bot's forms ('{}')", callback);
        return;
    }
    // Who submitted, and where they opened the form (a view_submission
    // carries neither channel nor response_url of its own).
    const auto user =
        commands::string_in(payload.contains("user") ? payload["user"] : json(), "id");
    const auto metadata =
        json::parse(commands::string_in(view, "private_metadata"), nullptr, false);
    const slack_work::ReplyTarget reply{commands::string_in(metadata, "response_url"),
                                        commands::string_in(metadata, "channel"), user};
    if (update) return submit_update(commands::form_values(view), reply, ack);

    const auto form = commands::read_declare_form(commands::form_values(view));
    if (!form.declare || user.empty())
        return ack(messages::modal::errors_response(form.errors, messages::kTitleBlock));
    const auto message_link = commands::string_in(metadata, "message_link");
    try {
        const auto now = clock_.now();
        const auto incident = db_.transaction([&] {
            // Exactly the slash command's declare; the link goes to the
            // channel the form was opened from, through the command's response_url.
            auto declared = writer_.declare(*form.declare, user, reply, now);
            // The description, then the message it was declared from.
            for (const auto& text :
                 {form.description, message_link.empty()
                                        ? std::string()
                                        : "Declared from the message " + message_link}) {
                if (text.empty()) continue;
                const auto noted =
                    writer_.change(declared, commands::Note{text}, {user, now}, bot_user_id_);
                if (noted)
                    declared = noted->after;
                else
                    log_->warn("a note on {} was not kept: {}", core::incident_key(declared),
                               noted.error().code);
            }
            return declared;
        });
        // In doubt, the form stays open and says so; if it has closed (the
        // ack's deadline came first), the person is told where they typed.
        ack_when_durable(commits_, std::move(ack), std::nullopt,
                         title_error(change_in_doubt_text()),
                         [this, reply](const auto&) { tell_change_in_doubt(web_, reply); });
        log_->info("{} declared {} {} with the form", user, core::incident_key(incident),
                   core::to_string(incident.severity));
        scheduler_.poke();
    } catch (const std::exception& e) {
        log_->log(storage_failure_level(e), "declare form from {} failed: {}", user, e.what());
        ack(title_error(storage_failure_text(e)));
    }
}

void ViewSubmissions::handle_shortcut(const json& payload, slack::Ack ack) {
    ack();  // Slack wants the shortcut acked within 3 s; the form opens after.
    const auto string_in = [&](const char* object, const char* key) {
        const auto o = payload.value(object, json::object());
        return o.is_object() ? o.value(key, std::string{}) : std::string{};
    };
    if (payload.value("callback_id", std::string{}) != messages::kDeclareShortcutCallbackId) {
        log_->info("ignored a message shortcut with callback_id '{}'",
                   payload.value("callback_id", std::string{}));
        return;
    }
    const auto trigger = payload.value("trigger_id", std::string{});
    const slack_work::ReplyTarget reply{payload.value("response_url", std::string{}),
                                        string_in("channel", "id"), string_in("user", "id")};
    const auto message_ts = payload.value("message_ts", std::string{});
    // The message as people read it: Slack's markup (`&amp;`, `<@U…|name>`)
    // made plain, as a reaction-marked message is on the timeline.
    const auto text = commands::plain_text(string_in("message", "text"));
    if (trigger.empty() || reply.channel_id.empty() || reply.user_id.empty()) {
        log_->warn("ignored a message shortcut without trigger, channel or user");
        return;
    }
    auto open = [this, trigger, reply, text](const std::string& link) {
        web_.call(
            std::string(method::kViewsOpen),
            json{
                {"trigger_id", trigger},
                {"view",
                 messages::declare_modal(reply.channel_id, reply.response_url, text, link).dump()}},
            [this, reply](core::Result<json> result) {
                if (result) return;
                log_->warn("could not open the declare form for {}: {}", reply.user_id,
                           result.error().code);
                send_ephemeral(
                    web_, reply,
                    messages::error_reply("The declare form did not open (" + result.error().code +
                                          "). Declare in one line: `/incident SEV1 <title>`."),
                    [](auto) {});
            });
    };
    // The link first (no scope, "hundreds per minute"): the trigger lasts 3 s.
    web_.call(std::string(method::kGetPermalink),
              json{{"channel", reply.channel_id}, {"message_ts", message_ts}},
              [this, open](core::Result<json> result) {
                  if (!result)
                      log_->warn("no permalink for the shortcut's message: {}",
                                 result.error().code);
                  open(result ? result->value("permalink", std::string{}) : std::string{});
              });
}

}  // namespace bot
