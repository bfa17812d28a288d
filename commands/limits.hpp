#pragma once
// What the bot accepts from users, in characters (code points). Over a limit
// is refused with a reply, never cut silently.
#include <cstddef>

namespace commands {

// Slack's header block holds 150 characters; the title heads the opening message.
inline constexpr std::size_t kMaxTitle = 150;
// Updates, notes, resolutions: room for the runbook template in one section.
inline constexpr std::size_t kMaxText = 2500;
// A post-mortem link ends up in a button-sized field.
inline constexpr std::size_t kMaxLink = 2000;

}  // namespace commands
