#pragma once
// Wire ids of the interactive elements the bot posts, in one place, and what a
// button or picker carries so that a click can be routed without a lookup.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/incident.hpp"

namespace messages::action_ids {

// action_id of the "I'll be IC" / "I'll be Tech Lead" … buttons.
inline constexpr std::string_view kTakeRole = "incident.take_role";
// action_id of the users_select next to each of them.
inline constexpr std::string_view kAssignRole = "incident.assign_role";

// Which role of which incident a control is about.
struct RoleTarget {
    std::int64_t incident_id = 0;  // core::Incident::id
    core::Role role = core::Role::Commander;
    friend bool operator==(const RoleTarget&, const RoleTarget&) = default;
};

// Button `value`: "42:ic".
std::string encode_role_target(const RoleTarget& target);
// nullopt for anything encode_role_target did not produce (stale, forged, garbage).
std::optional<RoleTarget> decode_role_target(std::string_view value);

// block_id of the actions block holding a role's button and picker:
// "incident.role:42:ic". A users_select carries no value, so this is how a
// pick finds its incident and role.
std::string role_block_id(const RoleTarget& target);
std::optional<RoleTarget> decode_role_block_id(std::string_view block_id);

// block_id of the first block of the opening message ("incident.opening:42"),
// and of every other message the bot posts from its outbox
// ("incident.post:1234", the outbox row): a post retried after a lost answer
// or a crash looks for its block_id in the channel before posting again.
std::string opening_block_id(std::int64_t incident_id);

// action_id of the "Snooze 30 min" button on each update reminder; its value
// says which incident and for how long: "42:1800".
inline constexpr std::string_view kSnooze = "incident.snooze";
struct SnoozeTarget {
    std::int64_t incident_id = 0;
    std::int64_t seconds = 0;
    friend bool operator==(const SnoozeTarget&, const SnoozeTarget&) = default;
};
std::string encode_snooze(std::int64_t incident_id, std::int64_t seconds);
std::optional<SnoozeTarget> decode_snooze(std::string_view value);
std::string snooze_block_id(std::int64_t incident_id);
// action_id of the "Post an update" button beside it, which opens the update
// form; its value is the incident's id: "42". The opening message has one too,
// under the roles, in the block "incident.controls:42".
inline constexpr std::string_view kOpenUpdateForm = "incident.update_form";
std::string controls_block_id(std::int64_t incident_id);

// The buttons under a stakeholder-update draft; value "42:internal".
inline constexpr std::string_view kCommsPostAnnounce = "incident.comms_post_announce";
inline constexpr std::string_view kCommsPostHere = "incident.comms_post_here";
struct CommsTarget {
    std::int64_t incident_id = 0;
    std::string audience;  // "internal" or "external"
    friend bool operator==(const CommsTarget&, const CommsTarget&) = default;
};
std::string encode_comms(std::int64_t incident_id, std::string_view audience);
std::optional<CommsTarget> decode_comms(std::string_view value);
std::string post_block_id(std::int64_t outbox_row_id);

}  // namespace messages::action_ids
