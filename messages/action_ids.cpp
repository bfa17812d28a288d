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

std::string encode_snooze(std::int64_t incident_id, std::int64_t seconds) {
    return std::to_string(incident_id) + ":" + std::to_string(seconds);
}

std::optional<SnoozeTarget> decode_snooze(std::string_view value) {
    const std::size_t colon = value.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    const auto number = [](std::string_view digits) -> std::optional<std::int64_t> {
        if (digits.empty() || digits.size() > 18 || digits.front() < '1' || digits.front() > '9')
            return std::nullopt;
        std::int64_t n = 0;
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
        if (ec != std::errc{} || end != digits.data() + digits.size()) return std::nullopt;
        return n;
    };
    const auto id = number(value.substr(0, colon));
    const auto seconds = number(value.substr(colon + 1));
    if (!id || !seconds) return std::nullopt;
    return SnoozeTarget{*id, *seconds};
}

std::string encode_comms(std::int64_t incident_id, std::string_view audience) {
    return std::to_string(incident_id) + ":" + std::string(audience);
}

std::optional<CommsTarget> decode_comms(std::string_view value) {
    const std::size_t colon = value.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon > 18) return std::nullopt;
    std::int64_t id = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + colon, id);
    if (ec != std::errc{} || end != value.data() + colon || id <= 0) return std::nullopt;
    const auto audience = value.substr(colon + 1);
    if (audience != "internal" && audience != "external") return std::nullopt;
    return CommsTarget{id, std::string(audience)};
}

std::string snooze_block_id(std::int64_t incident_id) {
    return "incident.snooze:" + std::to_string(incident_id);
}

std::string controls_block_id(std::int64_t incident_id) {
    return "incident.controls:" + std::to_string(incident_id);
}

std::string opening_block_id(std::int64_t incident_id) {
    return "incident.opening:" + std::to_string(incident_id);
}

std::string post_block_id(std::int64_t outbox_row_id) {
    return "incident.post:" + std::to_string(outbox_row_id);
}

}  // namespace messages::action_ids
