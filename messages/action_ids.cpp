#include "messages/action_ids.hpp"

#include <charconv>

namespace messages::action_ids {

namespace {
constexpr std::string_view kRoleBlockPrefix = "incident.role:";
}

std::string encode_role_target(const RoleTarget& target) {
    return std::to_string(target.incident_id) + ":" + std::string(core::role_key(target.role));
}

std::optional<RoleTarget> decode_role_target(std::string_view value) {
    const std::size_t colon = value.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon > 19) return std::nullopt;
    std::int64_t id = 0;
    const char* first = value.data();
    const char* last = value.data() + colon;
    if (*first < '1' || *first > '9') return std::nullopt;  // no sign, no leading zero
    const auto [end, ec] = std::from_chars(first, last, id);
    if (ec != std::errc{} || end != last) return std::nullopt;
    const std::string_view key = value.substr(colon + 1);
    for (const core::Role role : core::kAllRoles)
        if (core::role_key(role) == key) return RoleTarget{id, role};
    return std::nullopt;
}

std::string role_block_id(const RoleTarget& target) {
    return std::string(kRoleBlockPrefix) + encode_role_target(target);
}

std::optional<RoleTarget> decode_role_block_id(std::string_view block_id) {
    if (!block_id.starts_with(kRoleBlockPrefix)) return std::nullopt;
    return decode_role_target(block_id.substr(kRoleBlockPrefix.size()));
}

std::string opening_block_id(std::int64_t incident_id) {
    return "incident.opening:" + std::to_string(incident_id);
}

std::string post_block_id(std::int64_t outbox_row_id) {
    return "incident.post:" + std::to_string(outbox_row_id);
}

}  // namespace messages::action_ids
