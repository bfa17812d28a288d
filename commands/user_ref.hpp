#pragma once
// Who a command names: `<@U123|bob>`, `<@U123>`, plain `@bob` (resolved later
// through the workspace's user list) or `me`.
#include <optional>
#include <string>
#include <string_view>

namespace commands {

struct UserRef {
    std::string id;      // Slack user id, empty for a plain `@name` or `me`
    std::string name;    // name without `@`, empty when Slack sent only the id
    bool is_me = false;  // `me`: the person who typed the command
    friend bool operator==(const UserRef&, const UserRef&) = default;
};

// A Slack user id as mentions carry it: `U…` or `W…`, capitals and digits.
bool is_user_id(std::string_view id);

// One token of command text in wire format; nullopt when it names nobody.
std::optional<UserRef> parse_user_ref(std::string_view token);

}  // namespace commands
