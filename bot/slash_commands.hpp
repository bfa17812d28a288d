#pragma once
// `/incident …` from a slash_commands envelope to its effect. Replies ride in
// the ack (parse errors, help, list, status, timeline, a refused change):
// one round trip, and no response_url needed. A change is stored with its
// Slack side in one transaction (bot/incident_writer.hpp) and acked right
// after the commit, so that an acknowledged command survives a kill -9
// (SPEC); the Slack calls it needs run later, from the outbox. A WAL commit
// without fsync costs tens of microseconds: the ack stays far inside Slack's
// three seconds (bench/transport_bench measures it).
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <spdlog/logger.h>

#include "bot/comms.hpp"
#include "bot/ephemeral_reply.hpp"
#include "bot/incident_writer.hpp"
#include "bot/scheduler.hpp"
#include "bot/user_directory.hpp"
#include "commands/command.hpp"
#include "core/clock.hpp"
#include "core/runbook.hpp"
#include "slack/ack.hpp"
#include "slack/payloads.hpp"
#include "slack/web_api.hpp"
#include "storage/commit_barrier.hpp"
#include "storage/database.hpp"

namespace bot {

class SlashCommands {
  public:
    SlashCommands(storage::Database& db, storage::CommitBarrier& commits, slack::WebApi& web,
                  const core::Clock& clock, const core::Runbook& runbook, UserDirectory& users,
                  Scheduler& scheduler, std::shared_ptr<spdlog::logger> logger,
                  const std::string& bot_user_id, core::IncidentEvents* events = nullptr);

    void handle(const slack::SlashCommand& request, slack::Ack ack);
    // Also which announcement rows its changes write.
    void set_comms(CommsSettings settings) {
        writer_.set_announcing({settings.announce_channel, settings.announce_updates});
        comms_ = std::move(settings);
    }

  private:
    // Where a command acts: the channel it was typed in, or, after a leading
    // incident id (`/incident INC-2026-001 postmortem done <link>`), that
    // incident's channel, from any channel: its own may be archived.
    struct Where {
        std::string channel_id;
        std::string named;  // "INC-2026-001" when the command named it
    };
    // Takes a leading incident id off `request.text` and sets `where`. False
    // when it answered instead (no such incident, a private one the person
    // is not part of).
    bool name_incident(slack::SlashCommand& request, Where& where, slack::Ack& ack);
    // `/incident update` alone in an incident's channel: acks and opens the
    // update form (bot/update_modal.hpp), or says why not (resolved). False
    // elsewhere: the command goes on as typed.
    bool open_update_form(const slack::SlashCommand& request, const Where& where, slack::Ack& ack);
    // `<@U…>` mentions in `text` labelled with the names known for them
    // (commands::label_mentions), so that notes and titles show names.
    std::string with_names(const std::string& text);
    void parse_and_route(const slack::SlashCommand& request, const Where& where, slack::Ack ack);
    void route(const slack::SlashCommand& request, const Where& where,
               const commands::Command& command, slack::Ack& ack);
    void declare(const slack::SlashCommand& request, const commands::Declare& command,
                 slack::Ack& ack);
    // `seen`: the incident as read before; null reads it by `where` inside
    // the change's own transaction (one round trip fewer).
    void change(const slack::SlashCommand& request, const Where& where, const core::Incident* seen,
                const commands::Command& command, slack::Ack& ack);
    // `/incident duplicate`: this incident closed and the one it names told,
    // in one transaction.
    void mark_duplicate(const slack::SlashCommand& request, const Where& where,
                        const commands::MarkDuplicate& command, slack::Ack& ack);
    // `/incident follow` / `unfollow`: stored, then acked.
    void set_following(const slack::SlashCommand& request, const core::Incident& incident,
                       const commands::Follow& command, slack::Ack& ack);
    // `/incident postmortem` and `/incident export`: stored, acked, and
    // uploaded by the outbox after the ack.
    void upload(const slack::SlashCommand& request, const core::Incident& incident,
                const commands::Command& command, slack::Ack& ack);
    // A role for a plain `@name` nobody cached: the request is stored (and
    // acked), and the outbox carries it out once users.list named them.
    void request_role_by_name(const slack::SlashCommand& request, const core::Incident& incident,
                              const commands::AssignRole& command, slack::Ack& ack);
    // The same for an action item's owner typed as an unknown plain `@name`:
    // the command is stored whole and runs once users.list says who it is.
    void request_owner_by_name(const slack::SlashCommand& request, const core::Incident& incident,
                               const commands::Command& command, const std::string& name,
                               slack::Ack& ack);
    // The names of the person and of anyone the command names, for reports:
    // written in the command's transaction unless already stored as they are
    // (UserDirectory::unstored); names_committed() after the commit makes
    // them known as stored.
    void remember_names(const slack::SlashCommand& request, const commands::Command& command);
    void names_committed();
    void reply_later(const slack::SlashCommand& request, const messages::SlackMessage& message);
    // Logs a reply that reached nobody.
    EphemeralDone reply_done(std::string user) const;
    // A change's ack, sent once the change is durable. If the database may
    // have lost it first, the person is told so instead of nothing; if the
    // ack's deadline came first, the reply follows as reply_later's do
    // (response_url, else chat.postEphemeral).
    void ack_change(const slack::SlashCommand& request, slack::Ack& ack,
                    std::optional<nlohmann::json> reply = std::nullopt);

    storage::Database& db_;
    storage::CommitBarrier& commits_;
    slack::WebApi& web_;
    const core::Clock& clock_;
    const core::Runbook& runbook_;
    UserDirectory& users_;
    Scheduler& scheduler_;
    std::shared_ptr<spdlog::logger> log_;
    const std::string& bot_user_id_;
    CommsSettings comms_;
    IncidentWriter writer_;
    UserDirectory::Names names_pending_;  // written by the transaction under way
};

}  // namespace bot
