#include "web/escape.hpp"

#include <cctype>

#include "core/url_encoding.hpp"

namespace web {

std::string html(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (const char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string url_component(std::string_view text) {
    return core::url_encode(text);
}

std::string safe_link(std::string_view url) {
    const auto starts = [&](std::string_view prefix) {
        if (url.size() < prefix.size()) return false;
        for (std::size_t i = 0; i < prefix.size(); ++i)
            if (std::tolower(static_cast<unsigned char>(url[i])) != prefix[i]) return false;
        return true;
    };
    if (!starts("https://") && !starts("http://")) return "";
    for (const char c : url)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return "";
    return std::string(url);
}

}  // namespace web
