#include "bot/slash_commands.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "bot/channel_messages.hpp"
#include "bot/declare_modal.hpp"
#include "bot/durable_ack.hpp"
#include "bot/ephemeral_reply.hpp"
#include "bot/report_source.hpp"
#include "bot/storage_failure.hpp"
#include "bot/update_modal.hpp"
#include "commands/decide.hpp"
#include "commands/parser.hpp"
#include "commands/slack_text.hpp"
#include "commands/words.hpp"
#include "core/ascii.hpp"
#include "messages/follow_ups.hpp"
#include "messages/followers.hpp"
#include "messages/replies.hpp"
#include "messages/timeline_reply.hpp"
#include "reports/stats.hpp"
#include "storage/action_items.hpp"
#include "storage/followers.hpp"
#include "storage/incidents.hpp"
#include "storage/outbox.hpp"
#include "storage/timeline.hpp"
#include "storage/users.hpp"

namespace bot {

namespace {

// A slash command's ack payload: what the person who typed it sees.
nlohmann::json ephemeral(const messages::SlackMessage& message) {
    nlohmann::json payload = messages::to_json(message);
    payload["response_type"] = "ephemeral";
    return payload;
}

// The plain `@name` an action item command names as owner, if any.
}  // namespace

SlashCommands::SlashCommands(storage::Database& db, storage::CommitBarrier& commits,
                             slack::WebApi& web, const core::Clock& clock,
                             const core::Runbook& runbook, UserDirectory& users,
                             Scheduler& scheduler, std::shared_ptr<spdlog::logger> logger,
                             const std::string& bot_user_id, core::IncidentEvents* events)
    : db_(db),
      commits_(commits),
      web_(web),
      clock_(clock),
      runbook_(runbook),
      users_(users),
      scheduler_(scheduler),
      log_(std::move(logger)),
      bot_user_id_(bot_user_id),
      writer_(db, runbook, events) {}

void SlashCommands::handle(const slack::SlashCommand& request, slack::Ack ack) {
    if (!request.command.empty() && request.command != "/incident") {
        log_->warn("slash command {} is not ours: answered with usage", request.command);
        return ack(ephemeral(messages::error_reply("incident-bot answers /incident only.")));
    }
    Where where{request.channel_id, {}};
    slack::SlashCommand typed = request;
    if (!name_incident(typed, where, ack)) return;
    if (const auto form = request.trigger_id.empty() || !where.named.empty()
                              ? std::nullopt
                              : declare_form_request(request.text)) {
        // Nothing to store: the ack goes first, the form opens right after.
        ack();
        return open_declare_modal(web_, request, *form, log_);
    }
    if (!typed.trigger_id.empty() && update_form_request(typed.text) &&
        open_update_form(typed, where, ack))
        return;
    if (typed.text.find("<@") != std::string::npos) typed.text = with_names(typed.text);
    parse_and_route(typed, where, std::move(ack));
}

bool SlashCommands::name_incident(slack::SlashCommand& request, Where& where, slack::Ack& ack) {
    const std::string text = commands::normalise_spaces(request.text);
    const auto [first, rest] = commands::split_first(text);
    const std::string word = core::ascii_upper(first);
    const auto key = core::parse_incident_key(word);
    if (!key) return true;
    try {
        const auto [incident, involved] = db_.read_transaction([&] {
            auto found = storage::Incidents(db_).by_key(key->first, key->second);
            const bool in_it = found && found->is_private &&
                               storage::Timeline(db_).involves(found->id, request.user_id);
            return std::pair{found, in_it};
        });
        const auto refuse = [&](std::string why) {
            log_->info("{} named {} from {}: refused", request.user_id, word, request.channel_id);
            ack(ephemeral(messages::error_reply(why)));
            return false;
        };
        // A private incident is not confirmed to exist for anyone outside it.
        if (!incident ||
            (incident->is_private && !involved && incident->channel_id != request.channel_id))
            return refuse("There is no incident " + word +
                          " you can see. `/incident list` shows the open ones.");
        if (incident->channel_id.empty())
            return refuse(word + " has no channel yet: try again in a moment.");
        where = {incident->channel_id, core::incident_key(*incident)};
        // The id alone asks for its summary.
        request.text = rest.empty() ? std::string("status") : std::string(rest);
        return true;
    } catch (const std::exception& e) {
        log_->log(storage_failure_level(e), "/incident {} from {} failed: {}", word,
                  request.user_id, e.what());
        ack(ephemeral(messages::error_reply(storage_failure_text(e))));
        return false;
    }
}

bool SlashCommands::open_update_form(const slack::SlashCommand& request, const Where& where,
                                     slack::Ack& ack) {
    try {
        const auto [incident, last] = db_.read_transaction([&] {
            auto found = storage::Incidents(db_).by_channel(where.channel_id);
            return std::pair{found,
                             found ? last_update_fields(db_, found->id) : commands::StatusFields{}};
        });
        // Elsewhere: the typed command's own answer.
        if (!incident) return false;
        if (const auto refused =
                update_refused(*incident, request.user_id, clock_.now(), runbook_, bot_user_id_)) {
            ack(ephemeral(messages::error_reply(*refused)));
            return true;
        }
        ack();  // nothing to store: the ack first, the form right after
        open_update_modal(web_, request.trigger_id, reply_target(request), *incident, last, log_);
    } catch (const std::exception& e) {
        log_->log(storage_failure_level(e), "update form for {} failed: {}", request.user_id,
                  e.what());
        ack(ephemeral(messages::error_reply(storage_failure_text(e))));
    }
    return true;
}

std::string SlashCommands::with_names(const std::string& text) {
    try {
        return commands::label_mentions(
            text, [this](const std::string& id) { return users_.name_of(id); });
    } catch (const std::exception& e) {
        // Only how mentions read is lost: the command goes on as typed.
        log_->warn("could not look up the names of the people a command mentions: {}", e.what());
        return text;
    }
}

void SlashCommands::parse_and_route(const slack::SlashCommand& request, const Where& where,
                                    slack::Ack ack) {
    const auto parsed = commands::parse_command(request.text);
    if (!parsed) {
        log_->info("{} in {}: {} ({})", request.user_id, request.channel_id, parsed.error().code,
                   parsed.error().message);
        return ack(ephemeral(messages::error_reply(parsed.error().message)));
    }
    try {
        route(request, where, *parsed, ack);
    } catch (const std::exception& e) {
        // The one place a storage failure meets the person: said once, logged once.
        log_->log(storage_failure_level(e), "/incident {} from {} failed: {}",
                  commands::command_name(*parsed), request.user_id, e.what());
        const auto sorry = messages::error_reply(storage_failure_text(e));
        if (ack.pending())
            ack(ephemeral(sorry));
        else
            reply_later(request, sorry);
    }
}

void SlashCommands::route(const slack::SlashCommand& request, const Where& where,
                          const commands::Command& command, slack::Ack& ack) {
    const auto now = clock_.now();
    if (!where.named.empty() && !commands::needs_incident_channel(command))
        return ack(ephemeral(
            messages::error_reply("`/incident " + std::string(commands::command_name(command)) +
                                  "` is not about one incident: leave out " + where.named + ".")));
    if (std::holds_alternative<commands::Help>(command))
        return ack(ephemeral(messages::help_reply()));
    if (std::holds_alternative<commands::List>(command)) {
        // Bounded: more than a message can show is counted, not read.
        storage::Incidents incidents(db_);
        const auto open = incidents.list_open_page(0, 100);
        return ack(ephemeral(messages::list_reply(
            open, now, static_cast<std::size_t>(incidents.count_open()), request.channel_id)));
    }
    if (const auto* declare_command = std::get_if<commands::Declare>(&command))
        return declare(request, *declare_command, ack);
    if (const auto* stats = std::get_if<commands::Stats>(&command)) {
        const auto report = db_.read_transaction([&] { return load_stats(db_, stats->days, now); });
        return ack(
            ephemeral(messages::preformatted_reply("Incident stats", reports::stats_text(report))));
    }

    if (const auto* duplicate = std::get_if<commands::MarkDuplicate>(&command))
        return mark_duplicate(request, where, *duplicate, ack);

    // A change whose people are all known reads the incident in its own
    // transaction; everything else reads it first.
    const auto* assign = std::get_if<commands::AssignRole>(&command);
    const bool role_by_name = assign && !assign->user.is_me && assign->user.id.empty();
    if (commands::is_change(command) && !commands::unresolved_owner(command) && !role_by_name)
        return change(request, where, nullptr, command, ack);

    const auto incident = storage::Incidents(db_).by_channel(where.channel_id);
    if (!incident)
        return ack(
            ephemeral(messages::not_in_incident_channel_reply(commands::command_name(command))));
    if (std::holds_alternative<commands::Status>(command))
        return ack(ephemeral(
            messages::status_reply(*incident, update_schedule(*incident, runbook_), now)));
    if (const auto* comms = std::get_if<commands::Comms>(&command))
        return ack(ephemeral(messages::comms_draft_reply(
            *incident, comms->audience, comms_facts(db_, *incident, runbook_, comms_),
            comms_.announce_channel && !incident->is_private)));
    if (std::holds_alternative<commands::Timeline>(command)) {
        // Bounded: a message shows a few hundred entries at most.
        storage::Timeline timeline(db_);
        const auto events = timeline.latest(incident->id, 500);
        return ack(ephemeral(messages::timeline_reply(
            *incident, events, static_cast<std::size_t>(timeline.count(incident->id)))));
    }
    if (const auto* follow = std::get_if<commands::Follow>(&command))
        return set_following(request, *incident, *follow, ack);
    if (std::holds_alternative<commands::ListActions>(command))
        return ack(ephemeral(messages::action_items_reply(
            *incident, storage::ActionItems(db_).list(incident->id), now)));
    if (std::holds_alternative<commands::Postmortem>(command) ||
        std::holds_alternative<commands::Export>(command))
        return upload(request, *incident, command, ack);
    if (auto named = commands::unresolved_owner(command)) {
        // An owner typed as a plain `@name`: a name already known is a change
        // like any other; an unknown one is stored as asked, then looked up.
        auto known = users_.cached(*named);
        if (!known) return request_owner_by_name(request, *incident, command, *named, ack);
        return change(request, where, &*incident, commands::with_owner_id(command, *known), ack);
    }
    if (role_by_name) {
        // Commit before ack, without exception: a name already known is a
        // change like any other; an unknown one is stored as asked.
        auto known = users_.cached(assign->user.name);
        if (!known) return request_role_by_name(request, *incident, *assign, ack);
        commands::AssignRole resolved = *assign;
        resolved.user.id = std::move(*known);
        return change(request, where, &*incident, resolved, ack);
    }
    change(request, where, &*incident, command, ack);
}

void SlashCommands::declare(const slack::SlashCommand& request, const commands::Declare& command,
                            slack::Ack& ack) {
    const auto incident = db_.transaction([&] {
        remember_names(request, commands::Command{command});
        return writer_.declare(command, request.user_id, reply_target(request), clock_.now());
    });
    names_committed();
    ack_change(request, ack, ephemeral(messages::declaring_reply(incident)));
    log_->info("{} declared {} {} from {}", request.user_id, core::incident_key(incident),
               core::to_string(incident.severity), request.channel_id);
    scheduler_.poke();
}

void SlashCommands::change(const slack::SlashCommand& request, const Where& where,
                           const core::Incident* seen, const commands::Command& command,
                           slack::Ack& ack) {
    const commands::Actor actor{request.user_id, clock_.now()};
    std::optional<core::Incident> found;
    const auto decided = db_.transaction([&]() -> std::optional<core::Result<commands::Change>> {
        if (!seen) {
            found = storage::Incidents(db_).by_channel_for_update(where.channel_id);
            if (!found) return std::nullopt;
        }
        auto d = seen ? writer_.change(*seen, command, actor, bot_user_id_)
                      : writer_.change_locked(*found, command, actor, bot_user_id_);
        if (d) remember_names(request, command);
        return d;
    });
    if (!decided)
        return ack(
            ephemeral(messages::not_in_incident_channel_reply(commands::command_name(command))));
    if (!*decided) return ack(ephemeral(messages::error_reply(decided->error().message)));
    const core::Incident& incident = seen ? *seen : *found;
    names_committed();
    // Typed elsewhere, the person does not see the channel take it: say so.
    std::optional<messages::SlackMessage> reply;
    if (where.channel_id != request.channel_id)
        reply = messages::named_change_reply(incident, commands::command_name(command));
    if (!(*decided)->notice.empty()) reply = messages::notice_reply((*decided)->notice, reply);
    ack_change(request, ack, reply ? std::optional(ephemeral(*reply)) : std::nullopt);
    log_->info("{}: {} by {}", core::incident_key(incident), commands::command_name(command),
               request.user_id);
    scheduler_.poke();
}

void SlashCommands::mark_duplicate(const slack::SlashCommand& request, const Where& where,
                                   const commands::MarkDuplicate& command, slack::Ack& ack) {
    const commands::Actor actor{request.user_id, clock_.now()};
    std::optional<core::Incident> found;
    const auto decided =
        db_.transaction([&]() -> std::optional<core::Result<commands::DuplicateChange>> {
            found = storage::Incidents(db_).by_channel_for_update(where.channel_id);
            if (!found) return std::nullopt;
            auto d =
                writer_.mark_duplicate(*found, command, actor, request.channel_id, bot_user_id_);
            if (d) remember_names(request, commands::Command{command});
            return d;
        });
    if (!decided) return ack(ephemeral(messages::not_in_incident_channel_reply("duplicate")));
    if (!*decided) return ack(ephemeral(messages::error_reply(decided->error().message)));
    names_committed();
    std::optional<messages::SlackMessage> reply;
    if (where.channel_id != request.channel_id)
        reply = messages::named_change_reply(*found, "duplicate");
    ack_change(request, ack, reply ? std::optional(ephemeral(*reply)) : std::nullopt);
    log_->info("{}: closed as a duplicate of {} by {}", core::incident_key(*found),
               (*decided)->duplicate.after.duplicate_of, request.user_id);
    scheduler_.poke();
}

void SlashCommands::set_following(const slack::SlashCommand& request,
                                  const core::Incident& incident, const commands::Follow& command,
                                  slack::Ack& ack) {
    const bool changed = db_.transaction([&] {
        storage::Followers followers(db_);
        return command.on ? followers.add(incident.id, request.user_id, clock_.now())
                          : followers.remove(incident.id, request.user_id);
    });
    ack_change(request, ack, ephemeral(messages::following_reply(incident, command.on, changed)));
    log_->info("{}: {} by {}", core::incident_key(incident), command.on ? "follow" : "unfollow",
               request.user_id);
}

void SlashCommands::upload(const slack::SlashCommand& request, const core::Incident& incident,
                           const commands::Command& command, slack::Ack& ack) {
    slack_work::UploadRequest upload;
    upload.postmortem = std::holds_alternative<commands::Postmortem>(command);
    if (const auto* e = std::get_if<commands::Export>(&command)) upload.format = e->format;
    upload.requested_by = request.user_id;
    db_.transaction([&] {
        writer_.request_upload(incident, upload, clock_.now());
        remember_names(request, command);
    });
    names_committed();
    ack_change(
        request, ack,
        ephemeral(messages::upload_started_reply(incident, upload.postmortem, upload.format)));
    log_->info("{}: {} ({}) asked by {}", core::incident_key(incident),
               commands::command_name(command), core::to_string(upload.format), request.user_id);
    scheduler_.poke();
}

void SlashCommands::remember_names(const slack::SlashCommand& request,
                                   const commands::Command& command) {
    // Reports show names, not ids: the names Slack sends along are kept, in
    // the transaction the command writes anyway.
    UserDirectory::Names seen;
    if (!request.user_name.empty() && request.user_name != request.user_id)
        seen.emplace_back(request.user_id, request.user_name);
    const std::optional<commands::UserRef>* owner = nullptr;
    if (const auto* add = std::get_if<commands::AddAction>(&command)) owner = &add->owner;
    if (const auto* edit = std::get_if<commands::EditAction>(&command)) owner = &edit->owner;
    const commands::UserRef* named = owner && *owner ? &**owner : nullptr;
    if (const auto* assign = std::get_if<commands::AssignRole>(&command)) named = &assign->user;
    if (named && !named->id.empty() && !named->name.empty())
        seen.emplace_back(named->id, named->name);
    // Replaced each time: a transaction that failed stored none of them.
    names_pending_ = users_.unstored(std::move(seen));
    users_.store(names_pending_, clock_.now());
}

void SlashCommands::names_committed() {
    users_.stored(std::move(names_pending_));
    names_pending_.clear();
}

void SlashCommands::request_role_by_name(const slack::SlashCommand& request,
                                         const core::Incident& incident,
                                         const commands::AssignRole& command, slack::Ack& ack) {
    if (incident.state == core::IncidentState::Resolved)
        return change(request, {incident.channel_id, core::incident_key(incident)}, &incident,
                      command, ack);  // refused as any role change is
    const auto now = clock_.now();
    db_.transaction([&] {
        storage::Outbox outbox(db_);
        slack_work::assign_named_role(
            outbox, incident.id,
            {command.role, command.user.name, request.user_id, reply_target(request), ""}, now);
    });
    ack_change(request, ack,
               ephemeral(messages::role_lookup_reply(command.role, command.user.name)));
    log_->info("{}: role {} for @{} asked by {}, looking the name up", core::incident_key(incident),
               core::role_key(command.role), command.user.name, request.user_id);
    scheduler_.poke();
}

void SlashCommands::request_owner_by_name(const slack::SlashCommand& request,
                                          const core::Incident& incident,
                                          const commands::Command& command, const std::string& name,
                                          slack::Ack& ack) {
    // Checked now, so that a command that cannot apply is refused at once.
    const commands::Actor actor{request.user_id, clock_.now()};
    const auto decided =
        commands::decide(incident, commands::with_owner_id(command, request.user_id), actor,
                         runbook_, bot_user_id_, storage::ActionItems(db_).list(incident.id));
    if (!decided) return ack(ephemeral(messages::error_reply(decided.error().message)));
    db_.transaction([&] {
        storage::Outbox outbox(db_);
        slack_work::NamedRoleRequest lookup;
        lookup.name = name;
        lookup.requested_by = request.user_id;
        lookup.reply = reply_target(request);
        lookup.command_text = request.text;
        slack_work::assign_named_role(outbox, incident.id, lookup, actor.now);
    });
    ack_change(request, ack, ephemeral(messages::owner_lookup_reply(name)));
    log_->info("{}: action item owner @{} asked by {}, looking the name up",
               core::incident_key(incident), name, request.user_id);
    scheduler_.poke();
}

void SlashCommands::ack_change(const slack::SlashCommand& request, slack::Ack& ack,
                               std::optional<nlohmann::json> reply) {
    ack_when_durable(
        commits_, std::move(ack), std::move(reply),
        ephemeral(messages::error_reply(change_in_doubt_text())),
        [this, target = reply_target(request)](nlohmann::json late) {
            log_->warn(
                "the ack of {}'s command went out empty at its deadline, before the change "
                "was durable: its reply follows on its own",
                target.user_id);
            send_ephemeral(web_, target, std::move(late), reply_done(target.user_id));
        });
}

void SlashCommands::reply_later(const slack::SlashCommand& request,
                                const messages::SlackMessage& message) {
    send_ephemeral(web_, reply_target(request), message, reply_done(request.user_id));
}

EphemeralDone SlashCommands::reply_done(std::string user) const {
    return [log = log_, user = std::move(user)](core::Result<nlohmann::json> result) {
        if (!result) log->warn("could not reply to {}: {}", user, result.error().code);
    };
}

}  // namespace bot
