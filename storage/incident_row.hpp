#pragma once
// How an incident is read from a row: the column list every SELECT of an
// incident uses, and the reader of those columns. Shared by the statements
// that read an incident together with something else (the outbox's claim
// reads each row's incident with it), so that the list is written once.
#include "core/incident.hpp"
#include "storage/query.hpp"

// Read back by row_to_incident in this order.
#define IB_INCIDENT_COLUMNS                                                                \
    "id, year, number, title, severity, state, declared_by, origin_channel, "              \
    "COALESCE(channel_id, ''), channel_name, opening_ts, declared_at, acknowledged_at, "   \
    "resolved_at, last_update_at, commander, tech_lead, comms_lead, scribe, resolution, "  \
    "postmortem_due_at, postmortem_link, last_reminder_at, escalation_level, "             \
    "postmortem_reminded_at, users_affected, revenue_lost, impact_text, detected_by, "     \
    "detected_at, reopened_at, snoozed_until, announce_channel, announce_ts, is_private, " \
    "next_update_at, mitigated_at, duplicate_of"

namespace storage {

// The incident in IB_INCIDENT_COLUMNS, starting at column `first`.
core::Incident row_to_incident(const Query& q, int first = 0);

}  // namespace storage
