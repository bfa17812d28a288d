#pragma once
// What an incident needs done in Slack, written as outbox rows in the same
// transaction as the change that needs it (storage/outbox.hpp), and carried
// out later by bot::OutboxWorker. Rows name the incident, not its channel:
// the channel may not exist yet when the row is written.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/incident.hpp"
#include "core/report_format.hpp"
#include "messages/slack_message.hpp"
#include "storage/outbox.hpp"

namespace bot::slack_work {

// Row kinds, as stored.
inline constexpr std::string_view kCreateChannel = "create_channel";
inline constexpr std::string_view kInvite = "invite";
inline constexpr std::string_view kPostOpening = "post_opening";
inline constexpr std::string_view kPinOpening = "pin_opening";
inline constexpr std::string_view kUpdateOpening = "update_opening";
inline constexpr std::string_view kSetTopic = "set_topic";
inline constexpr std::string_view kPost = "post";
inline constexpr std::string_view kReplyChannelLink = "reply_channel_link";
inline constexpr std::string_view kReply = "reply";
inline constexpr std::string_view kAssignNamedRole = "assign_named_role";
// The incident's message in the announcement channel (bot/announcement_rows.cpp).
inline constexpr std::string_view kAnnounce = "announce";
inline constexpr std::string_view kUpdateAnnouncement = "update_announcement";
inline constexpr std::string_view kAnnounceReply = "announce_reply";
inline constexpr std::string_view kUploadFile = "upload_file";
// An alert-declared incident, told in ALERT_DECLARE_CHANNEL (where a slash
// command would have been typed).
inline constexpr std::string_view kAlertDeclareNotice = "alert_declare_notice";

// A message marked for the timeline by a reaction (bot/timeline_marks.hpp):
// its text and permalink are fetched, then its entry is written if a mark
// is still there.
inline constexpr std::string_view kFetchMarkedMessage = "fetch_marked_message";

// A message in the app's direct message with one person (chat.postMessage to
// their user id): a reminder or a page whose incident channel was archived
// (or, private, had the bot removed).
inline constexpr std::string_view kDirectMessage = "direct_message";

// Which rows the announcement (INCIDENT_ANNOUNCE_CHANNEL) gets. A row that
// would do nothing when it runs is not written: with no channel set there is
// nothing to announce, a private incident is never announced, and a status
// update goes to the thread only with ANNOUNCE_UPDATES=true. The default
// writes them all, and the worker decides when each row runs.
struct Announcing {
    bool channel = true;  // INCIDENT_ANNOUNCE_CHANNEL is set
    bool updates = true;  // ANNOUNCE_UPDATES=true

    bool announces(const core::Incident& incident) const { return channel && !incident.is_private; }
};

// Where an ephemeral reply to one person goes: the command's response_url,
// else chat.postEphemeral in the channel they typed in.
struct ReplyTarget {
    std::string response_url;
    std::string channel_id;
    std::string user_id;
};
nlohmann::json to_json(const ReplyTarget& target);
ReplyTarget reply_target_from(const nlohmann::json& payload);

// The whole Slack side of a declare: channel, declarer invited, opening
// message posted and pinned, topic, the declarer told where to go, and the
// announcement when `announce`.
void declare(storage::Outbox& outbox, std::int64_t incident_id, const std::string& declarer,
             const ReplyTarget& reply, bool announce, core::TimePoint now);

// The Slack side of an incident an alert declared: channel, opening message
// (posted and pinned), the alerts' details, topic, and an announcement
// linking the channel in `announce_channel`, and the announcement when
// `announce`. Nobody is invited: the bot declared it; the announcement and
// escalation bring people in.
void declare_from_alert(storage::Outbox& outbox, std::int64_t incident_id,
                        const std::string& announce_channel, const messages::SlackMessage& details,
                        bool announce, core::TimePoint now);

void invite(storage::Outbox& outbox, std::int64_t incident_id,
            const std::vector<std::string>& user_ids, core::TimePoint now);
// A message for one person, sent to them directly instead of a post in an
// archived incident channel.
struct Direct {
    std::string user;  // Slack user id
    messages::SlackMessage message;
};
// A message in the incident channel. If the channel turns out archived (a
// reminder after resolve, once people archived it; a page or an update
// reminder of an incident archived while open), or closed to the bot (a
// private channel it was removed from, a deleted channel), `if_archived` goes
// to each person directly instead, from rows written with the post's outcome.
void post(storage::Outbox& outbox, std::int64_t incident_id, const messages::SlackMessage& message,
          core::TimePoint now, const std::vector<Direct>& if_archived = {});
void direct_message(storage::Outbox& outbox, std::int64_t incident_id, const std::string& user,
                    const nlohmann::json& message, core::TimePoint now);
// The pinned opening message and the topic, rendered from the incident as it
// is when the row is carried out.
void refresh_opening(storage::Outbox& outbox, std::int64_t incident_id, core::TimePoint now);
void refresh_topic(storage::Outbox& outbox, std::int64_t incident_id, core::TimePoint now);
// The announcement message kept current, and a reply in its thread
// (`status_update`: sent only with ANNOUNCE_UPDATES=true; `broadcast`: also
// shown in the channel itself, as a stakeholder update posted there is).
void refresh_announcement(storage::Outbox& outbox, std::int64_t incident_id, core::TimePoint now);
void announce_reply(storage::Outbox& outbox, std::int64_t incident_id,
                    const messages::SlackMessage& message, bool status_update, core::TimePoint now,
                    bool broadcast = false);
// An ephemeral message to one person, in order with the incident's other calls.
void reply(storage::Outbox& outbox, std::int64_t incident_id, const ReplyTarget& target,
           const messages::SlackMessage& message, core::TimePoint now);

void fetch_marked_message(storage::Outbox& outbox, std::int64_t incident_id,
                          const std::string& message_ts, core::TimePoint now);

// A role given to a plain `@name`, stored as asked (the command is acked on
// this row's commit) and carried out once users.list says who that is.
struct NamedRoleRequest {
    core::Role role = core::Role::Commander;
    std::string name;          // without `@`, as typed
    std::string requested_by;  // Slack user id
    ReplyTarget reply;         // where an unknown name is reported
    // Not empty: an action-item command (`/incident` text as typed) whose
    // owner is this name, run instead of giving the role.
    std::string command_text;
};
nlohmann::json to_json(const NamedRoleRequest& request);
NamedRoleRequest named_role_request_from(const nlohmann::json& payload);
void assign_named_role(storage::Outbox& outbox, std::int64_t incident_id,
                       const NamedRoleRequest& request, core::TimePoint now);

// A file for the incident channel (`/incident postmortem`, `/incident
// export`): only what to build is stored; the file is built from the
// database when the row runs, so it shows the incident as it is then.
struct UploadRequest {
    core::ReportFormat format = core::ReportFormat::Markdown;
    bool postmortem = false;
    std::string requested_by;  // Slack user id
    // Set by the worker before files.completeUploadExternal: a retry looks
    // for this file in the channel before uploading again.
    std::string file_id;
};
nlohmann::json to_json(const UploadRequest& request);
UploadRequest upload_request_from(const nlohmann::json& payload);
void upload_file(storage::Outbox& outbox, std::int64_t incident_id, const UploadRequest& request,
                 core::TimePoint now);

}  // namespace bot::slack_work
