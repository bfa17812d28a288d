#pragma once
// Stakeholder updates (`/incident comms internal|external`): what the drafts
// need beyond the incident, gathered in one place for the command and for the
// "Post …" buttons under the draft (bot/comms_buttons.cpp).
#include <string>

#include "commands/command.hpp"
#include "core/incident.hpp"
#include "core/runbook.hpp"
#include "messages/comms_drafts.hpp"
#include "storage/database.hpp"

namespace bot {

struct CommsSettings {
    std::string status_page_url;    // STATUS_PAGE_URL
    bool announce_channel = false;  // INCIDENT_ANNOUNCE_CHANNEL is set
    bool announce_updates = false;  // ANNOUNCE_UPDATES=true
};

// The fields of the incident's last status update as typed (empty ones when
// there is none yet): the drafts' impact and the announcement's last status.
commands::StatusFields last_update_fields(storage::Database& db, std::int64_t incident_id);

messages::CommsFacts comms_facts(storage::Database& db, const core::Incident& incident,
                                 const core::Runbook& runbook, const CommsSettings& settings);

}  // namespace bot
