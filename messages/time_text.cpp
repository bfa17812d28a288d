#include "messages/time_text.hpp"

#include <cstdio>

namespace messages {

namespace {
struct Civil {
    int year;
    unsigned month, day;
    long long hour, minute;
};

Civil civil(core::TimePoint t) {
    const auto secs = std::chrono::floor<std::chrono::seconds>(t);
    const auto day = std::chrono::floor<std::chrono::days>(secs);
    const std::chrono::year_month_day ymd{day};
    const std::chrono::hh_mm_ss hms{secs - day};
    return Civil{static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                 static_cast<unsigned>(ymd.day()), static_cast<long long>(hms.hours().count()),
                 static_cast<long long>(hms.minutes().count())};
}
}  // namespace

std::string utc_time(core::TimePoint t) {
    const Civil c = civil(t);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%02lld:%02lld UTC", c.hour, c.minute);
    return buf;
}

std::string utc_date_time(core::TimePoint t) {
    const Civil c = civil(t);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02lld:%02lld UTC", c.year, c.month, c.day,
                  c.hour, c.minute);
    return buf;
}

std::string age(std::chrono::seconds elapsed) {
    const long long s = elapsed.count() < 0 ? 0 : elapsed.count();
    const long long minutes = s / 60, hours = s / 3600, days = s / 86400;
    char buf[64];
    if (minutes == 0) return "under a minute";
    if (hours == 0) {
        std::snprintf(buf, sizeof buf, "%lld min", minutes);
    } else if (days == 0) {
        if (minutes % 60 == 0)
            std::snprintf(buf, sizeof buf, "%lld h", hours);
        else
            std::snprintf(buf, sizeof buf, "%lld h %lld min", hours, minutes % 60);
    } else if (hours % 24 == 0) {
        std::snprintf(buf, sizeof buf, "%lld d", days);
    } else {
        std::snprintf(buf, sizeof buf, "%lld d %lld h", days, hours % 24);
    }
    return buf;
}

}  // namespace messages
