#pragma once
// What a post-mortem draft or an export is rendered from: the incident, its
// action items and a few counts, read in one read transaction, plus its
// timeline as a stream (an incident can have a hundred thousand rows; they
// are never all in memory). Renderers are pure over these values.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/action_item.hpp"
#include "core/clock.hpp"
#include "core/incident.hpp"

namespace reports {

struct IncidentReport {
    core::Incident incident;
    std::vector<core::ActionItem> action_items;  // by number
    std::map<std::string, std::string> names;    // Slack user id -> name
    std::vector<std::string> people;             // user ids involved, sorted
    std::int64_t updates = 0;                    // status updates posted
    std::int64_t events = 0;                     // timeline rows
    bool events_more = false;                    // more than `events`: counting stopped there
};

using EventVisitor = std::function<void(const core::TimelineEvent&)>;
// Calls the visitor once per timeline row, oldest first; may be called
// more than once (a renderer that needs two passes reads twice).
using EventSource = std::function<void(const EventVisitor&)>;

// "alice" when the name is known, else the id; "incident-bot" for "".
std::string name_of(const IncidentReport& report, const std::string& user_id);
// "Update: investigating", "Incident Commander → alice", …: one line.
std::string event_text(const IncidentReport& report, const core::TimelineEvent& event);

// "2026-01-15T14:15:00Z"
std::string iso_time(core::TimePoint t);
// "2026-01-15 14:15:00 UTC"
std::string readable_time(core::TimePoint t);
// "14:15"
std::string clock_time(core::TimePoint t);

// When the incident started: detection, when it came before declaring.
core::TimePoint started_at(const core::Incident& incident);
// Declared (or detected) to resolved, in whole minutes; nullopt while open.
std::optional<std::int64_t> duration_minutes(const core::Incident& incident);

}  // namespace reports
