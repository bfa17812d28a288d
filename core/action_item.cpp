#include "core/action_item.hpp"

#include <cstdio>

namespace core {

std::string to_string(const Date& date) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    return buffer;
}

std::optional<Date> parse_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    int parts[3] = {0, 0, 0};
    const std::size_t starts[3] = {0, 5, 8}, lengths[3] = {4, 2, 2};
    for (int p = 0; p < 3; ++p) {
        for (std::size_t i = starts[p]; i < starts[p] + lengths[p]; ++i) {
            if (text[i] < '0' || text[i] > '9') return std::nullopt;
            parts[p] = parts[p] * 10 + (text[i] - '0');
        }
    }
    const Date date{std::chrono::year{parts[0]},
                    std::chrono::month{static_cast<unsigned>(parts[1])},
                    std::chrono::day{static_cast<unsigned>(parts[2])}};
    if (!date.ok()) return std::nullopt;
    return date;
}

Date utc_date(TimePoint t) {
    return Date{std::chrono::floor<std::chrono::days>(t)};
}

TimePoint overdue_at(const Date& date) {
    return TimePoint{std::chrono::sys_days{date} + std::chrono::days{1}};
}

std::optional<TimePoint> next_overdue_reminder(std::span<const ActionItem> items) {
    std::optional<TimePoint> next;
    for (const auto& a : items)
        if (!a.done && a.due && a.reminded_for != a.due && (!next || overdue_at(*a.due) < *next))
            next = overdue_at(*a.due);
    return next;
}

}  // namespace core
