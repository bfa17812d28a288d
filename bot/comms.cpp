#include "bot/comms.hpp"

#include "bot/channel_messages.hpp"
#include "commands/parser.hpp"
#include "storage/timeline.hpp"

namespace bot {

messages::CommsFacts comms_facts(storage::Database& db, const core::Incident& incident,
                                 const core::Runbook& runbook, const CommsSettings& settings) {
    const auto update = storage::Timeline(db).newest(incident.id, core::EventKind::Update);
    const auto fields = update ? commands::status_fields(update->text) : commands::StatusFields{};
    return messages::CommsFacts{fields.status, fields.impact, settings.status_page_url,
                                update_schedule(incident, runbook)};
}

}  // namespace bot
