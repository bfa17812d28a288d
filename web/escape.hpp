#pragma once
// Escaping for the contexts the dashboard writes user-typed text into: HTML
// text and quoted attribute values (one function: both are safe with the
// five characters escaped), and a URL query component. Pages never put user
// text inside <script> or style; JSON goes through nlohmann.
#include <string>
#include <string_view>

namespace web {

// & < > " ' as entities: safe in element text and in a double- or
// single-quoted attribute value.
std::string html(std::string_view text);
// Every byte but the unreserved ones as %XX (RFC 3986), for ?q=… in a link.
std::string url_component(std::string_view text);
// A link target that is safe to click: http(s) URLs as they are (escaped
// for the attribute by the caller), anything else (javascript:, data:) "".
std::string safe_link(std::string_view url);

}  // namespace web
