#pragma once
// The incident as data, in the runbook's incident template key for key
// (incident: id, severity, title, started_at, detected_by, resolved_at,
// impact {users_affected, revenue_lost, duration_minutes}, timeline
// [{time, event}], action_items [text]), then the keys the template lacks
// (state, channel, roles, declared_at, acknowledged_at, detected_at,
// mitigated_at, duplicate_of, impact_notes, postmortem, action_items_detail, timeline_detail). JSON
// and YAML have the same structure; the Markdown export is the post-mortem draft.
#include <functional>
#include <ostream>

#include "core/report_format.hpp"
#include "reports/incident_report.hpp"

namespace reports {

// One incident: `{incident: {…}}`. For Markdown, `now` dates the draft.
void write_incident(std::ostream& out, core::ReportFormat format, const IncidentReport& report,
                    const EventSource& events, core::TimePoint now);

// Several incidents (`incident-bot export --all`), JSON or YAML: a list of
// `{incident: {…}}`, each read and written before the next.
using IncidentVisitor = std::function<void(const IncidentReport&, const EventSource&)>;
using IncidentSource = std::function<void(const IncidentVisitor&)>;
void write_incidents(std::ostream& out, core::ReportFormat format, const IncidentSource& incidents);

// "INC-2026-001-postmortem.md", "INC-2026-001.json".
std::string file_name(const core::Incident& incident, core::ReportFormat format, bool postmortem);

}  // namespace reports
