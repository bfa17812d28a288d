#include "commands/channel_name.hpp"

#include <cstdio>

namespace commands {

std::string channel_slug(std::string_view title) {
    std::string slug;
    bool pending_dash = false;
    for (const char ch : title) {
        const auto c = static_cast<unsigned char>(ch);
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (pending_dash && !slug.empty()) slug += '-';
            pending_dash = false;
            slug += static_cast<char>(c);
        } else if (c >= 'A' && c <= 'Z') {
            if (pending_dash && !slug.empty()) slug += '-';
            pending_dash = false;
            slug += static_cast<char>(c - 'A' + 'a');
        } else {
            pending_dash = true;
        }
    }
    return slug;
}

std::string channel_name_for(std::chrono::year_month_day date, std::string_view title,
                             int incident_number, int attempt) {
    char prefix[64];
    std::snprintf(prefix, sizeof prefix, "incident-%04d-%02u-%02u-", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    const std::string suffix = attempt > 1 ? "-" + std::to_string(attempt) : "";

    std::string slug = channel_slug(title);
    if (slug.empty()) {
        char number[32];
        std::snprintf(number, sizeof number, "%03d", incident_number);
        slug = number;
    }
    const std::size_t fixed = std::string_view(prefix).size() + suffix.size();
    const std::size_t room = kMaxChannelName > fixed ? kMaxChannelName - fixed : 0;
    if (slug.size() > room) {
        // Cut at a word: a name that ends in half a word reads as a typo.
        const std::size_t dash = slug.rfind('-', room);
        slug.resize(dash != std::string::npos && dash > 0 ? dash : room);
    }
    while (!slug.empty() && slug.back() == '-') slug.pop_back();
    return prefix + slug + suffix;
}

}  // namespace commands
