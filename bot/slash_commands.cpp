#include "bot/slash_commands.hpp"

#include <spdlog/spdlog.h>

#include "bot/channel_messages.hpp"
#include "bot/ephemeral_reply.hpp"
#include "commands/decide.hpp"
#include "commands/parser.hpp"
#include "messages/replies.hpp"
#include "messages/timeline_reply.hpp"
#include "storage/incidents.hpp"
#include "storage/timeline.hpp"

namespace bot {

namespace {

// A slash command's ack payload: what the person who typed it sees.
nlohmann::json ephemeral(const messages::SlackMessage& message) {
    nlohmann::json payload = messages::to_json(message);
    payload["response_type"] = "ephemeral";
    return payload;
}

slack_work::ReplyTarget reply_target(const slack::SlashCommand& request) {
    return {request.response_url, request.channel_id, request.user_id};
}

}  // namespace

SlashCommands::SlashCommands(storage::Database& db, slack::WebApi& web, const core::Clock& clock,
                             const core::Runbook& runbook, UserDirectory& users,
                             Scheduler& scheduler, std::shared_ptr<spdlog::logger> logger,
                             const std::string& bot_user_id)
    : db_(db),
      web_(web),
      clock_(clock),
      runbook_(runbook),
      users_(users),
      scheduler_(scheduler),
      log_(std::move(logger)),
      bot_user_id_(bot_user_id),
      writer_(db, runbook) {}

void SlashCommands::handle(const slack::SlashCommand& request, slack::Ack ack) {
    if (!request.command.empty() && request.command != "/incident") {
        log_->warn("slash command {} is not ours: answered with usage", request.command);
        return ack(ephemeral(messages::error_reply("incident-bot answers /incident only.")));
    }
    const auto parsed = commands::parse_command(request.text);
    if (!parsed) {
        log_->info("{} in {}: {} ({})", request.user_id, request.channel_id, parsed.error().code,
                   parsed.error().message);
        return ack(ephemeral(messages::error_reply(parsed.error().message)));
    }
    try {
        route(request, *parsed, ack);
    } catch (const std::exception& e) {
        // The one place a storage failure meets the person: said once, logged once.
        log_->error("/incident {} from {} failed: {}", commands::command_name(*parsed),
                    request.user_id, e.what());
        const auto sorry = messages::error_reply(
            "incident-bot could not store that, so nothing changed. Please try again.");
        if (ack.pending())
            ack(ephemeral(sorry));
        else
            reply_later(request, sorry);
    }
}

void SlashCommands::route(const slack::SlashCommand& request, const commands::Command& command,
                          slack::Ack& ack) {
    const auto now = clock_.now();
    if (std::holds_alternative<commands::Help>(command))
        return ack(ephemeral(messages::help_reply()));
    if (std::holds_alternative<commands::List>(command)) {
        // Bounded: more than a message can show is counted, not read.
        storage::Incidents incidents(db_);
        const auto open = incidents.list_open_page(0, 100);
        return ack(ephemeral(
            messages::list_reply(open, now, static_cast<std::size_t>(incidents.count_open()))));
    }
    if (const auto* declare_command = std::get_if<commands::Declare>(&command))
        return declare(request, *declare_command, ack);

    const auto incident = storage::Incidents(db_).by_channel(request.channel_id);
    if (!incident)
        return ack(
            ephemeral(messages::not_in_incident_channel_reply(commands::command_name(command))));
    if (std::holds_alternative<commands::Status>(command))
        return ack(ephemeral(
            messages::status_reply(*incident, update_schedule(*incident, runbook_), now)));
    if (std::holds_alternative<commands::Timeline>(command)) {
        // Bounded: a message shows a few hundred entries at most.
        storage::Timeline timeline(db_);
        const auto events = timeline.latest(incident->id, 500);
        return ack(ephemeral(messages::timeline_reply(
            *incident, events, static_cast<std::size_t>(timeline.count(incident->id)))));
    }
    if (const auto* assign = std::get_if<commands::AssignRole>(&command);
        assign && !assign->user.is_me && assign->user.id.empty()) {
        ack();
        return assign_by_name(request, incident->id, *assign);
    }
    change(request, *incident, command, ack);
}

void SlashCommands::declare(const slack::SlashCommand& request, const commands::Declare& command,
                            slack::Ack& ack) {
    const auto incident =
        writer_.declare(command, request.user_id, reply_target(request), clock_.now());
    ack(ephemeral(messages::declaring_reply(incident)));
    log_->info("{} declared {} {} from {}", request.user_id, core::incident_key(incident),
               core::to_string(incident.severity), request.channel_id);
    scheduler_.poke();
}

void SlashCommands::change(const slack::SlashCommand& request, const core::Incident& incident,
                           const commands::Command& command, slack::Ack& ack) {
    const commands::Actor actor{request.user_id, clock_.now()};
    const auto decided = commands::decide(incident, command, actor, runbook_, bot_user_id_);
    if (!decided) return ack(ephemeral(messages::error_reply(decided.error().message)));
    writer_.apply(incident, *decided, actor.user_id, actor.now);
    ack();
    log_->info("{}: {} by {}", core::incident_key(incident), commands::command_name(command),
               request.user_id);
    scheduler_.poke();
}

void SlashCommands::assign_by_name(const slack::SlashCommand& request, std::int64_t incident_id,
                                   commands::AssignRole command) {
    const std::string name = command.user.name;
    users_.resolve(name, [this, request, incident_id,
                          command](std::optional<std::string> id) mutable {
        if (!id)
            return reply_later(
                request,
                messages::error_reply("No user @" + command.user.name +
                                      " in this workspace. Pick them from Slack's @-autocomplete, "
                                      "or use the user picker on the pinned message."));
        command.user.id = *id;
        try {
            const auto incident = storage::Incidents(db_).get(incident_id);
            if (!incident) return;
            const auto changed =
                writer_.change(*incident, command, {request.user_id, clock_.now()}, bot_user_id_);
            if (!changed)
                return reply_later(request, messages::error_reply(changed.error().message));
            scheduler_.poke();
        } catch (const std::exception& e) {
            log_->error("/incident role from {} failed: {}", request.user_id, e.what());
            reply_later(request, messages::error_reply("incident-bot could not store that, so "
                                                       "nothing changed. Please try again."));
        }
    });
}

void SlashCommands::reply_later(const slack::SlashCommand& request,
                                const messages::SlackMessage& message) {
    send_ephemeral(web_, reply_target(request), message,
                   [log = log_, user = request.user_id](core::Result<nlohmann::json> result) {
                       if (!result)
                           log->warn("could not reply to {}: {}", user, result.error().code);
                   });
}

}  // namespace bot
