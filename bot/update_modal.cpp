#include "bot/update_modal.hpp"

#include <spdlog/spdlog.h>

#include "bot/declare_modal.hpp"
#include "bot/durable_ack.hpp"
#include "bot/ephemeral_reply.hpp"
#include "bot/required_scopes.hpp"
#include "bot/role_buttons.hpp"
#include "bot/storage_failure.hpp"
#include "commands/decide.hpp"
#include "commands/form_values.hpp"
#include "commands/update_form.hpp"
#include "commands/words.hpp"
#include "core/ascii.hpp"
#include "messages/replies.hpp"
#include "messages/update_modal.hpp"
#include "storage/incidents.hpp"

namespace bot {

using nlohmann::json;

namespace {

json status_error(std::string message) {
    return messages::modal::errors_response({{std::string(messages::kUpdateStatusBlock), message}},
                                            messages::kUpdateStatusBlock);
}

}  // namespace

bool update_form_request(const std::string& text) {
    return core::ascii_lower(commands::trim(text)) == "update";
}

std::optional<std::string> update_refused(const core::Incident& incident, const std::string& user,
                                          core::TimePoint now, const core::Runbook& runbook,
                                          const std::string& bot_user_id) {
    // decide() is pure: asked about an update, it refuses as the typed
    // command would be refused, and changes nothing.
    const auto decided =
        commands::decide(incident, commands::Update{}, {user, now}, runbook, bot_user_id);
    if (decided) return std::nullopt;
    return decided.error().message;
}

void open_update_modal(slack::WebApi& web, const std::string& trigger_id,
                       const slack_work::ReplyTarget& person, const core::Incident& incident,
                       const commands::StatusFields& last, std::shared_ptr<spdlog::logger> log) {
    web.call(std::string(method::kViewsOpen),
             json{{"trigger_id", trigger_id},
                  {"view", messages::update_modal(incident, incident.channel_id,
                                                  person.response_url, last.impact, last.actions)
                               .dump()}},
             [&web, log, target = person](core::Result<json> result) {
                 if (result) return;
                 log->warn("could not open the update form for {}: {}", target.user_id,
                           result.error().code);
                 send_ephemeral(
                     web, target,
                     messages::error_reply("The update form did not open (" + result.error().code +
                                           "). Post it in one line: `/incident update status: "
                                           "investigating | impact: checkout failing | actions: "
                                           "rolling back`."),
                     [](auto) {});
             });
}

void ViewSubmissions::submit_update(const json& values, const slack_work::ReplyTarget& reply,
                                    slack::Ack& ack) {
    const auto& user = reply.user_id;
    const auto form = commands::read_update_form(values);
    if (!form.update || user.empty())
        return ack(messages::modal::errors_response(form.errors, messages::kUpdateStatusBlock));
    try {
        const auto now = clock_.now();
        const auto incident = storage::Incidents(db_).by_channel(reply.channel_id);
        if (!incident)
            return ack(
                status_error("This form's incident is not found any more; post the "
                             "update with /incident update in its channel."));
        const auto decided = db_.transaction([&] {
            return writer_.change(*incident, *form.update, {user, now}, bot_user_id_);
        });
        if (!decided) return ack(status_error(decided.error().message));
        ack_when_durable(commits_, std::move(ack), std::nullopt,
                         status_error(change_in_doubt_text()),
                         [this, reply](const auto&) { tell_change_in_doubt(web_, reply); });
        // The form has closed: a next update past the cadence is said beside it.
        if (!decided->notice.empty())
            send_ephemeral(web_, reply, messages::notice_reply(decided->notice), [](auto) {});
        log_->info("{}: update by {} with the form", core::incident_key(*incident), user);
        scheduler_.poke();
    } catch (const std::exception& e) {
        log_->log(storage_failure_level(e), "update form from {} failed: {}", user, e.what());
        ack(status_error(storage_failure_text(e)));
    }
}

void RoleButtons::open_update_form(const slack::BlockActions& actions,
                                   const slack::BlockAction& action) {
    // The button's value is the incident's id; anything else was not ours.
    const auto parsed = core::whole_number(action.value);
    if (!parsed) {
        log_->warn("ignored {} from {}: unreadable value '{}'", action.action_id, actions.user_id,
                   action.value);
        return;
    }
    const std::int64_t id = *parsed;
    const auto [incident, last] = db_.read_transaction([&] {
        auto found = storage::Incidents(db_).get(id);
        return std::pair{found,
                         found ? last_update_fields(db_, found->id) : commands::StatusFields{}};
    });
    if (!incident) {
        log_->warn("ignored {} from {}: no incident {}", action.action_id, actions.user_id, id);
        return;
    }
    if (const auto refused =
            update_refused(*incident, actions.user_id, clock_.now(), runbook_, bot_user_id_)) {
        send_ephemeral(web_, reply_target(actions), messages::error_reply(*refused), [](auto) {});
        return;
    }
    open_update_modal(web_, actions.trigger_id, reply_target(actions), *incident, last, log_);
}

}  // namespace bot
