#include "slack/json_skim.hpp"

#include <optional>
#include <span>
#include <string>
#include <utility>

namespace slack {
namespace {

constexpr auto npos = std::string_view::npos;
using Path = std::span<const std::string_view>;
using Span = std::pair<std::size_t, std::size_t>;  // [first, last)

std::size_t skip_space(std::string_view s, std::size_t i) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
    return i;
}

// One past the end of the string that opens at `i` (a quote), or npos.
std::size_t skip_string(std::string_view s, std::size_t i) {
    for (++i; i < s.size(); ++i) {
        if (s[i] == '\\')
            ++i;
        else if (s[i] == '"')
            return i + 1;
    }
    return npos;
}

// One past the end of the value that starts at `i`, or npos where the text
// cannot be JSON. Only structure is followed (strings, with their escapes,
// and nesting); the parser that reads the rest judges everything else.
std::size_t skip_value(std::string_view s, std::size_t i) {
    if (i >= s.size()) return npos;
    if (s[i] == '"') return skip_string(s, i);
    if (s[i] != '{' && s[i] != '[') {
        while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ']' && s[i] != ' ' &&
               s[i] != '\n' && s[i] != '\r' && s[i] != '\t')
            ++i;
        return i;
    }
    int depth = 0;
    while (i < s.size()) {
        const char c = s[i];
        if (c == '"') {
            i = skip_string(s, i);
            if (i == npos) return npos;
            continue;
        }
        if (c == '{' || c == '[') {
            ++depth;
        } else if (c == '}' || c == ']') {
            if (--depth == 0) return i + 1;
        }
        ++i;
    }
    return npos;
}

// Where the value at `path` lies, in the object that opens at `i`: the
// first member of that name at each level, if the text gets that far.
std::optional<Span> member_at(std::string_view s, std::size_t i, Path path) {
    i = skip_space(s, i);
    if (i >= s.size() || s[i] != '{') return std::nullopt;
    i = skip_space(s, i + 1);
    while (i < s.size() && s[i] == '"') {
        const std::size_t key_end = skip_string(s, i);
        if (key_end == npos) return std::nullopt;
        const std::string_view key = s.substr(i + 1, key_end - i - 2);
        i = skip_space(s, key_end);
        if (i >= s.size() || s[i] != ':') return std::nullopt;
        const std::size_t first = skip_space(s, i + 1);
        if (key == path.front())
            return path.size() == 1
                       ? std::optional<Span>(std::in_place, first, skip_value(s, first))
                       : member_at(s, first, path.subspan(1));
        i = skip_space(s, skip_value(s, first));
        if (i >= s.size() || s[i] != ',') return std::nullopt;
        i = skip_space(s, i + 1);
    }
    return std::nullopt;
}

// Erases the member at `path`; a key repeated in the text is one member.
void erase_at(nlohmann::json& value, Path path) {
    for (nlohmann::json* at = &value; at->is_object(); path = path.subspan(1)) {
        const auto found = at->find(path.front());
        if (found == at->end()) return;
        if (path.size() == 1) return void(at->erase(found));
        at = &*found;
    }
}

}  // namespace

nlohmann::json parse_without(std::string_view text, std::initializer_list<std::string_view> keys) {
    const Path path(keys.begin(), keys.size());
    if (path.empty()) return nlohmann::json::parse(text, nullptr, false);
    const auto skipped = member_at(text, 0, path);
    if (!skipped || skipped->second == npos) {
        auto whole = nlohmann::json::parse(text, nullptr, false);
        erase_at(whole, path);
        return whole;
    }
    std::string rest;
    rest.reserve(text.size() - (skipped->second - skipped->first) + 4);
    rest.append(text.substr(0, skipped->first)).append("null").append(text.substr(skipped->second));
    auto parsed = nlohmann::json::parse(rest, nullptr, false);
    erase_at(parsed, path);
    return parsed;
}

}  // namespace slack
