#include "bot/comms.hpp"

#include "bot/channel_messages.hpp"
#include "storage/timeline.hpp"

namespace bot {

messages::CommsFacts comms_facts(storage::Database& db, const core::Incident& incident,
                                 const core::Runbook& runbook, const CommsSettings& settings) {
    const auto update = storage::Timeline(db).newest(incident.id, core::EventKind::Update);
    return messages::CommsFacts{update ? update->text : std::string(), settings.status_page_url,
                                update_schedule(incident, runbook)};
}

}  // namespace bot
