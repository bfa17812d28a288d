#pragma once
// Stakeholder updates (`/incident comms internal|external`): what the drafts
// need beyond the incident, gathered in one place for the command and for the
// "Post …" buttons under the draft (bot/comms_buttons.cpp).
#include <string>

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

messages::CommsFacts comms_facts(storage::Database& db, const core::Incident& incident,
                                 const core::Runbook& runbook, const CommsSettings& settings);

}  // namespace bot
