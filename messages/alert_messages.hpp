#pragma once
// Messages about alerts from Alertmanager: pure renderers, every label and
// annotation shown literally (it can never ping), links only to http(s).
#include <string>
#include <vector>

#include "alerts/webhook.hpp"
#include "core/incident.hpp"
#include "messages/slack_message.hpp"

namespace messages {

// Posted in the incident channel right after the opening message: each
// alert with its status, labels and a link to its generatorURL.
SlackMessage alert_details(const alerts::AlertGroup& group, const std::string& previous_key);
// A later delivery's news: alerts new to the group or with a new status.
SlackMessage alert_changes(const std::vector<alerts::Alert>& changed);
// Every alert of the group resolved; the incident stays open unless
// ALERT_AUTO_RESOLVE says otherwise.
SlackMessage alerts_all_resolved(bool auto_resolved);
// In ALERT_DECLARE_CHANNEL, once the incident channel exists.
SlackMessage alert_incident_announcement(const core::Incident& incident);

// The opening message's list of an alert-declared incident's alerts: per
// alert its status line (with a link to its generatorURL) and its labels.
std::vector<std::string> alert_lines(const std::vector<alerts::Alert>& alerts);

// One timeline line per alert: "DiskFull{instance=\"a\"} firing".
std::string alert_note(const alerts::Alert& alert);

}  // namespace messages
