#pragma once
// The incident channel's name (SPEC "Declare"):
// `incident-YYYY-MM-DD-<slug>`, at most 80 characters, `-2`, `-3`, … when
// the name is taken.
#include <chrono>
#include <string>
#include <string_view>

namespace commands {

inline constexpr std::size_t kMaxChannelName = 80;

// Lowercase ASCII letters and digits from the title; every other run becomes
// one `-`; no `-` at either end. May be empty.
std::string channel_slug(std::string_view title);

// `date` is the UTC date of declaring; `attempt` 1 is the plain name, 2 adds
// `-2`, … . The slug is cut (never mid-run of `-`) so the whole name,
// suffix included, fits; an empty slug becomes the incident number (`001`, 3+ digits).
std::string channel_name_for(std::chrono::year_month_day date, std::string_view title,
                             int incident_number, int attempt);

}  // namespace commands
