#pragma once
// The Web API methods the bot calls and the bot scope each needs: the app
// manifest must ask for exactly these (tests/manifest_test.cpp checks it).
#include <array>
#include <optional>
#include <string_view>

namespace bot {

namespace method {
inline constexpr std::string_view kAuthTest = "auth.test";
inline constexpr std::string_view kConnectionsOpen = "apps.connections.open";
inline constexpr std::string_view kCreate = "conversations.create";
inline constexpr std::string_view kInvite = "conversations.invite";
inline constexpr std::string_view kJoin = "conversations.join";
inline constexpr std::string_view kSetTopic = "conversations.setTopic";
inline constexpr std::string_view kList = "conversations.list";
inline constexpr std::string_view kHistory = "conversations.history";
inline constexpr std::string_view kPostMessage = "chat.postMessage";
inline constexpr std::string_view kUpdate = "chat.update";
inline constexpr std::string_view kPostEphemeral = "chat.postEphemeral";
inline constexpr std::string_view kPinsAdd = "pins.add";
inline constexpr std::string_view kUsersList = "users.list";
// --check only: does a configured channel or escalation contact exist.
inline constexpr std::string_view kInfo = "conversations.info";
inline constexpr std::string_view kUsersInfo = "users.info";
inline constexpr std::string_view kGetUploadUrl = "files.getUploadURLExternal";
inline constexpr std::string_view kCompleteUpload = "files.completeUploadExternal";
inline constexpr std::string_view kViewsOpen = "views.open";
inline constexpr std::string_view kReplies = "conversations.replies";
inline constexpr std::string_view kGetPermalink = "chat.getPermalink";
// --check: that the user groups paged by escalation exist and are enabled.
inline constexpr std::string_view kUserGroupsList = "usergroups.list";
}  // namespace method

inline constexpr std::array<std::string_view, 21> kWebApiMethodsUsed{
    method::kAuthTest,       method::kConnectionsOpen,
    method::kCreate,         method::kInvite,
    method::kJoin,           method::kSetTopic,
    method::kList,           method::kHistory,
    method::kPostMessage,    method::kUpdate,
    method::kPostEphemeral,  method::kPinsAdd,
    method::kUsersList,      method::kInfo,
    method::kUsersInfo,      method::kGetUploadUrl,
    method::kCompleteUpload, method::kViewsOpen,
    method::kReplies,        method::kGetPermalink,
    method::kUserGroupsList};

// "" = no bot scope needed (auth.test; apps.connections.open uses the app-level
// token's connections:write). nullopt = a method this table does not know.
// What a private incident's channel needs beyond the methods' public-channel
// scopes: create, invite and set its topic (groups:write), find it again after
// a lost answer (groups:read), read it to post each message once (groups:history).
inline constexpr std::array<std::string_view, 3> kPrivateChannelScopes{
    "groups:write", "groups:read", "groups:history"};

// The events that put a channel's messages on the timeline
// (bot/timeline_marks.hpp), as the manifest subscribes to them, and the
// scopes Slack sends them under.
inline constexpr std::array<std::string_view, 4> kBotEvents{"reaction_added", "reaction_removed",
                                                            "pin_added", "pin_removed"};
inline constexpr std::array<std::string_view, 2> kEventScopes{"reactions:read", "pins:read"};

constexpr std::optional<std::string_view> scope_for(std::string_view m) {
    // views.open needs only the trigger_id a command or click gave (the `commands` scope).
    // chat.getPermalink needs no scope at all.
    if (m == method::kAuthTest || m == method::kConnectionsOpen || m == method::kViewsOpen ||
        m == method::kGetPermalink)
        return "";
    if (m == method::kCreate || m == method::kInvite || m == method::kSetTopic)
        return "channels:manage";
    if (m == method::kJoin) return "channels:join";
    if (m == method::kList || m == method::kInfo) return "channels:read";
    if (m == method::kHistory || m == method::kReplies) return "channels:history";
    if (m == method::kPostMessage || m == method::kUpdate || m == method::kPostEphemeral)
        return "chat:write";
    if (m == method::kPinsAdd) return "pins:write";
    if (m == method::kUsersList || m == method::kUsersInfo) return "users:read";
    if (m == method::kUserGroupsList) return "usergroups:read";
    if (m == method::kGetUploadUrl || m == method::kCompleteUpload) return "files:write";
    return std::nullopt;
}

}  // namespace bot
