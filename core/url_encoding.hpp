#pragma once
// application/x-www-form-urlencoded, as Slack's Web API reads it: what the
// bot sends, what the emulated Slack parses, what the tests write.
#include <string>
#include <string_view>

namespace core {

// Unreserved characters (RFC 3986) as they are, every other byte as %XX.
std::string url_encode(std::string_view text);
// %XX and `+` (a space, in forms) decoded; a malformed escape is kept as is.
std::string url_decode(std::string_view text);

}  // namespace core
