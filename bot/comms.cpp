#include "bot/comms.hpp"

#include "bot/channel_messages.hpp"
#include "commands/parser.hpp"
#include "storage/timeline.hpp"

namespace bot {

commands::StatusFields last_update_fields(storage::Database& db, std::int64_t incident_id) {
    const auto update = storage::Timeline(db).newest(incident_id, core::EventKind::Update);
    return update ? commands::status_fields(update->text) : commands::StatusFields{};
}

messages::CommsFacts comms_facts(storage::Database& db, const core::Incident& incident,
                                 const core::Runbook& runbook, const CommsSettings& settings) {
    const auto fields = last_update_fields(db, incident.id);
    return messages::CommsFacts{fields.status, fields.impact, settings.status_page_url,
                                update_schedule(incident, runbook)};
}

}  // namespace bot
