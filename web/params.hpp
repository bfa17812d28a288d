#pragma once
// Reading what a browser or an API client sends: query strings, the Cookie
// header, times in `since`, and the opaque pagination cursors. Every reader
// says what was wrong, for a 400 {error, message}.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace web {

// "a=1&b=x%20y" -> {a: 1, b: "x y"}; the last of a repeated name wins.
std::map<std::string, std::string> parse_query(std::string_view query);
// The value of cookie `name` in a Cookie header, if sent.
std::optional<std::string> cookie_value(std::string_view header, std::string_view name);

// "2026-01-15", "2026-01-15T14:15:00Z", or a duration back from now: "30d", "12h".
core::Result<core::TimePoint> parse_since(std::string_view text, core::TimePoint now);

// Where the next page starts. The incident list pages by id (newest first)
// and the timeline by (time, id); both are stable when rows are added
// meanwhile. Encoded as base64url text that clients pass back unchanged.
struct ListCursor {
    std::int64_t before_id = 0;
};
struct TimelineCursor {
    core::TimePoint after_at{};
    std::int64_t after_id = 0;
};
std::string encode(const ListCursor& cursor);
std::string encode(const TimelineCursor& cursor);
core::Result<ListCursor> decode_list_cursor(std::string_view text);
core::Result<TimelineCursor> decode_timeline_cursor(std::string_view text);


}  // namespace web
