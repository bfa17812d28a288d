#pragma once
// Durable timers: at most one per incident per kind. The scheduler keeps a
// single timer for next_due_at() and asks due() when it fires; the due_at
// index makes both cheap with thousands of open incidents.
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "storage/database.hpp"

namespace storage {

// ActionDue: the incident's earliest overdue action item not yet reminded of.
enum class TimerKind { Reminder, Escalation, Postmortem, ActionDue };
std::string_view to_string(TimerKind k);  // "reminder", "escalation", "postmortem", "action_due"
std::optional<TimerKind> parse_timer_kind(std::string_view s);

struct Timer {
    std::int64_t incident_id = 0;
    TimerKind kind = TimerKind::Reminder;
    core::TimePoint due_at{};
    int level = 0;  // escalation level to fire next; 0 for the other kinds
};

class Schedule {
  public:
    explicit Schedule(Database& db) : db_(db) {}

    // Creates or replaces the incident's timer of this kind.
    void set(std::int64_t incident_id, TimerKind kind, core::TimePoint due_at, int level = 0);
    // Several kinds at once (one statement, so one round trip, on PostgreSQL).
    void clear(std::int64_t incident_id, std::span<const TimerKind> kinds);
    void clear_all(std::int64_t incident_id);
    std::optional<Timer> get(std::int64_t incident_id, TimerKind kind);
    // Timers with due_at <= now, earliest first, at most `limit`.
    std::vector<Timer> due(core::TimePoint now, int limit);
    std::optional<core::TimePoint> next_due_at();
    std::int64_t count();

  private:
    Database& db_;
};

}  // namespace storage
