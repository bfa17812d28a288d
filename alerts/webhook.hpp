#pragma once
// Alertmanager's webhook payload (version "4") as typed values: a pure parse
// of untrusted bytes, never an exception. Only what a delivery must have is
// required (version, groupKey, status, alerts with status, labels and
// fingerprint); everything else defaults when absent.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace alerts {

enum class Status { Firing, Resolved };
std::string_view to_string(Status s);  // "firing", "resolved"

using LabelSet = std::map<std::string, std::string>;

struct Alert {
    Status status = Status::Firing;
    LabelSet labels;
    LabelSet annotations;
    core::TimePoint starts_at{};  // epoch when absent or unreadable
    std::string generator_url;
    std::string fingerprint;
};

struct AlertGroup {
    std::string receiver;
    Status status = Status::Firing;  // resolved only when every alert is
    std::vector<Alert> alerts;
    LabelSet group_labels;
    LabelSet common_labels;
    LabelSet common_annotations;
    std::string external_url;
    std::string group_key;
    int truncated_alerts = 0;
};

// Bounds on what one delivery may hold; beyond them it is refused (4xx).
inline constexpr std::size_t kMaxAlerts = 1000;
inline constexpr std::size_t kMaxGroupKeyBytes = 8192;

// Errors: bad_json, bad_version, bad_payload; the message is one line.
core::Result<AlertGroup> parse_webhook(std::string_view body);

// RFC 3339 as Alertmanager writes it: any number of fractional digits, `Z`
// or an offset. Errors: bad_time.
core::Result<core::TimePoint> parse_rfc3339(std::string_view text);

// `alertname{k="v", …}`: how an alert is named in notes.
std::string describe(const Alert& alert);

}  // namespace alerts
