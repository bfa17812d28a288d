#include "commands/words.hpp"

#include <algorithm>
#include <cctype>

#include "commands/limits.hpp"
#include "commands/slack_text.hpp"
#include "messages/utf8.hpp"

namespace commands {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

std::string normalise_spaces(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s.substr(i).starts_with("\xC2\xA0")) {
            out += ' ';
            ++i;
        } else {
            out += s[i];
        }
    }
    return out;
}

std::pair<std::string_view, std::string_view> split_first(std::string_view s) {
    s = trim(s);
    std::size_t end = 0;
    if (s.starts_with("<")) {
        const std::size_t close = s.find('>');
        if (close != std::string_view::npos) end = close + 1;
    }
    while (end < s.size() && !is_space(s[end])) ++end;
    return {s.substr(0, end), trim(s.substr(end))};
}

std::vector<std::string_view> words(std::string_view s) {
    std::vector<std::string_view> out;
    while (!(s = trim(s)).empty()) {
        auto [first, rest] = split_first(s);
        out.push_back(first);
        s = rest;
    }
    return out;
}

std::string quote(std::string_view wire_word) {
    std::string text = messages::shorten(plain_text(wire_word), 40);
    std::replace(text.begin(), text.end(), '`', '\'');
    std::replace(text.begin(), text.end(), '\n', ' ');
    return "`" + text + "`";
}

std::string with_thousands(std::size_t n) {
    std::string digits = std::to_string(n);
    for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3)
        digits.insert(static_cast<std::size_t>(i), ",");
    return digits;
}

core::Error fail(std::string code, std::string message) {
    return core::make_error(std::move(code), std::move(message));
}

core::Error too_long(std::string_view what, std::size_t length, std::size_t max,
                     std::string_view advice) {
    return fail("too_long", "The " + std::string(what) + " is " + with_thousands(length) +
                                " characters; the most is " + with_thousands(max) + ". " +
                                std::string(advice));
}

std::string collapse_whitespace(std::string_view s) {
    std::string out;
    bool in_space = false;
    for (const char c : s) {
        if (is_space(c)) {
            in_space = true;
            continue;
        }
        if (in_space && !out.empty()) out += ' ';
        in_space = false;
        out += c;
    }
    return out;
}

core::Result<std::string> user_text(std::string_view wire, std::string_view what,
                                    std::string_view advice) {
    std::string text(trim(plain_text(wire)));
    const std::size_t length = messages::code_points(text);
    if (length > kMaxText) return too_long(what, length, kMaxText, advice);
    return text;
}

}  // namespace commands
