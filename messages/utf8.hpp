#pragma once
// Slack counts its limits (header 150, section 3,000, ...) in characters, and
// our own limits (title 150, note 2,500) are promised to users in characters:
// these count and cut UTF-8 by code point, never inside a sequence.
#include <cstddef>
#include <string>
#include <string_view>

namespace messages {

// Code points in valid UTF-8 (continuation bytes are not counted).
std::size_t code_points(std::string_view text);

// Invalid bytes replaced by U+FFFD, so the text can always be JSON-encoded.
std::string valid_utf8(std::string_view text);

// The longest prefix of at most `max` code points.
std::string_view prefix_code_points(std::string_view text, std::size_t max);

// `text` if it fits in `max` code points, else a prefix ending in "…" that does.
std::string shorten(std::string_view text, std::size_t max);
// Like shorten, but the cut falls between words when a space is near the end
// (within the last third); a title cut mid-word reads as a typo.
std::string shorten_at_word(std::string_view text, std::size_t max);

}  // namespace messages
