#pragma once
// The two files the pages load from the bot itself (no CDN, no build step):
// one stylesheet (light and dark through prefers-color-scheme) and one small
// script that refreshes the live part of a page when the data changed.
#include <array>
#include <string>
#include <string_view>

namespace web {

// Severity badge colours, SEV1 … SEV4, light and dark; the accessibility
// test checks their contrast (WCAG: at least 4.5:1).
struct BadgeColours {
    std::string_view text, background;
};
inline constexpr std::array<BadgeColours, 4> kBadgeLight{{
    {"#ffffff", "#b3261e"},  // SEV1 red
    {"#ffffff", "#9a4a00"},  // SEV2 orange
    {"#1f1f1f", "#f2c94c"},  // SEV3 yellow
    {"#ffffff", "#2f5f8a"},  // SEV4 blue
}};
inline constexpr std::array<BadgeColours, 4> kBadgeDark{{
    {"#1a0000", "#ff8a80"},
    {"#1a0d00", "#ffb74d"},
    {"#1a1400", "#ffe082"},
    {"#00111f", "#90caf9"},
}};

const std::string& stylesheet();
const std::string& live_script();

}  // namespace web
