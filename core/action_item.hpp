#pragma once
// A follow-up of an incident (the runbooks' "action items assigned owners and
// due dates"): numbered per incident, from 1, in the order they were added.
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace core {

using Date = std::chrono::year_month_day;

struct ActionItem {
    std::int64_t id = 0;  // database row id; 0 until stored
    std::int64_t incident_id = 0;
    int number = 0;  // 1, 2, … per incident
    std::string text;
    std::string owner;  // Slack user id, empty when nobody owns it yet
    std::optional<Date> due;
    bool done = false;
    TimePoint created_at{};
    std::string created_by;
    // The due date an overdue reminder was already posted for: once per due date.
    std::optional<Date> reminded_for;
    friend bool operator==(const ActionItem&, const ActionItem&) = default;
};

// "2026-01-15"
std::string to_string(const Date& date);
// Strictly YYYY-MM-DD and a real calendar date; nullopt otherwise.
std::optional<Date> parse_date(std::string_view text);
Date utc_date(TimePoint t);
// When an item due on `date` is overdue: the start of the next UTC day.
TimePoint overdue_at(const Date& date);
// When the next overdue reminder falls due among an incident's items: the
// earliest overdue_at of an open item with a due date not reminded of yet.
std::optional<TimePoint> next_overdue_reminder(std::span<const ActionItem> items);

}  // namespace core
