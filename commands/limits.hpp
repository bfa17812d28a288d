#pragma once
// What the bot accepts from users, in characters (code points). Over a limit
// is refused with a reply, never cut silently.
#include <chrono>
#include <cstddef>

namespace commands {

// An alert line pasted as the title must declare at 3 a.m.: 1,000 characters.
// Where Slack holds less (header 150, channel name 80) the title is cut at a
// word with "…", and shown whole in a section below.
inline constexpr std::size_t kMaxTitle = 1000;
// Updates, notes, resolutions: room for the runbook template in one section.
inline constexpr std::size_t kMaxText = 2500;
// A post-mortem link ends up in a button-sized field.
inline constexpr std::size_t kMaxLink = 2000;
// `/incident snooze`: longer than a working shift hides an incident too long.
inline constexpr std::chrono::seconds kMaxSnooze{12 * 3600};

}  // namespace commands
