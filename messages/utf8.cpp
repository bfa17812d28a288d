#include "messages/utf8.hpp"

namespace messages {

namespace {

bool is_continuation(unsigned char c) {
    return (c & 0xC0) == 0x80;
}

// Length of the well-formed sequence starting at text[i], or 0 if it is not one.
std::size_t sequence_length(std::string_view text, std::size_t i) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t len = 0;
    char32_t cp = 0;
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (i + len > text.size()) return 0;
    for (std::size_t k = 1; k < len; ++k) {
        const auto cc = static_cast<unsigned char>(text[i + k]);
        if (!is_continuation(cc)) return 0;
        cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

}  // namespace

std::size_t code_points(std::string_view text) {
    std::size_t n = 0;
    for (const char c : text)
        if (!is_continuation(static_cast<unsigned char>(c))) ++n;
    return n;
}

std::string valid_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t len = sequence_length(text, i);
        if (len == 0) {
            out += "\xEF\xBF\xBD";
            ++i;
        } else {
            out.append(text.substr(i, len));
            i += len;
        }
    }
    return out;
}

std::string_view prefix_code_points(std::string_view text, std::size_t max) {
    std::size_t seen = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (is_continuation(static_cast<unsigned char>(text[i]))) continue;
        if (seen == max) return text.substr(0, i);
        ++seen;
    }
    return text;
}

std::string shorten(std::string_view text, std::size_t max) {
    if (code_points(text) <= max) return std::string(text);
    if (max == 0) return {};
    std::string out(prefix_code_points(text, max - 1));
    while (!out.empty() && (out.back() == ' ' || out.back() == '\n')) out.pop_back();
    out += "…";
    return out;
}

std::string shorten_at_word(std::string_view text, std::size_t max) {
    if (code_points(text) <= max) return std::string(text);
    if (max == 0) return {};
    std::string_view kept = prefix_code_points(text, max - 1);
    // Cut at the space that ends the last whole word, when it keeps most of the text.
    const std::size_t space = kept.size() < text.size() && text[kept.size()] == ' '
                                  ? kept.size()
                                  : kept.find_last_of(' ');
    if (space != std::string_view::npos && code_points(kept.substr(0, space)) * 3 >= (max - 1) * 2)
        kept = kept.substr(0, space);
    std::string out(kept);
    while (!out.empty() && (out.back() == ' ' || out.back() == '\n')) out.pop_back();
    out += "…";
    return out;
}

}  // namespace messages
