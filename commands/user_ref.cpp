#include "commands/user_ref.hpp"

#include <algorithm>
#include <cctype>

namespace commands {

bool is_user_id(std::string_view id) {
    return id.size() >= 2 && id.size() <= 32 && (id.front() == 'U' || id.front() == 'W') &&
           std::all_of(id.begin(), id.end(), [](char c) {
               return std::isupper(static_cast<unsigned char>(c)) ||
                      std::isdigit(static_cast<unsigned char>(c));
           });
}

namespace {

// Slack user and display names: no spaces, nothing that would start a token.
bool is_user_name(std::string_view name) {
    return !name.empty() && name.size() <= 80 && std::none_of(name.begin(), name.end(), [](char c) {
        return std::isspace(static_cast<unsigned char>(c)) || c == '<' || c == '>' || c == '|' ||
               c == '@' || c == '&' || c == '`';
    });
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

}  // namespace

std::optional<UserRef> parse_user_ref(std::string_view token) {
    if (equals_ignoring_case(token, "me")) return UserRef{"", "", true};
    if (token.starts_with("<@") && token.ends_with(">")) {
        const std::string_view inner = token.substr(2, token.size() - 3);
        const std::size_t bar = inner.find('|');
        const std::string_view id = inner.substr(0, bar);
        if (!is_user_id(id)) return std::nullopt;
        if (bar == std::string_view::npos) return UserRef{std::string(id), "", false};
        std::string_view name = inner.substr(bar + 1);
        if (name.starts_with("@")) name.remove_prefix(1);
        // Markup inside is no mention Slack wrote; otherwise the id decides,
        // and a label that is no user name (a display name with spaces, say)
        // is left out rather than refusing the mention.
        if (name.find_first_of("<>|") != std::string_view::npos) return std::nullopt;
        if (!is_user_name(name)) name = {};
        return UserRef{std::string(id), std::string(name), false};
    }
    if (token.starts_with("@") && is_user_name(token.substr(1)))
        return UserRef{"", std::string(token.substr(1)), false};
    return std::nullopt;
}

}  // namespace commands
