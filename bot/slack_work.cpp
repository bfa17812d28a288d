#include "bot/slack_work.hpp"

namespace bot::slack_work {

using nlohmann::json;

json to_json(const ReplyTarget& target) {
    return json{{"response_url", target.response_url},
                {"channel", target.channel_id},
                {"user", target.user_id}};
}

ReplyTarget reply_target_from(const json& payload) {
    ReplyTarget t;
    if (!payload.is_object()) return t;
    t.response_url = payload.value("response_url", std::string{});
    t.channel_id = payload.value("channel", std::string{});
    t.user_id = payload.value("user", std::string{});
    return t;
}

void declare(storage::Outbox& outbox, std::int64_t incident_id, const std::string& declarer,
             const ReplyTarget& reply, bool announce, core::TimePoint now) {
    outbox.enqueue(incident_id, kCreateChannel, json::object(), now);
    invite(outbox, incident_id, {declarer}, now);
    outbox.enqueue(incident_id, kPostOpening, json::object(), now);
    // The declarer is told once there is something to look at in the channel.
    outbox.enqueue(incident_id, kReplyChannelLink, to_json(reply), now);
    outbox.enqueue(incident_id, kPinOpening, json::object(), now);
    refresh_topic(outbox, incident_id, now);
    if (announce) outbox.enqueue(incident_id, kAnnounce, json::object(), now);
}

void fetch_marked_message(storage::Outbox& outbox, std::int64_t incident_id,
                          const std::string& message_ts, core::TimePoint now) {
    outbox.enqueue(incident_id, kFetchMarkedMessage, json{{"message_ts", message_ts}}, now);
}

void refresh_announcement(storage::Outbox& outbox, std::int64_t incident_id, core::TimePoint now) {
    outbox.enqueue(incident_id, kUpdateAnnouncement, json::object(), now);
}

void announce_reply(storage::Outbox& outbox, std::int64_t incident_id,
                    const messages::SlackMessage& message, bool status_update, core::TimePoint now,
                    bool broadcast) {
    outbox.enqueue(incident_id, kAnnounceReply,
                   json{{"message", messages::to_json(message)},
                        {"status_update", status_update},
                        {"broadcast", broadcast}},
                   now);
}

void declare_from_alert(storage::Outbox& outbox, std::int64_t incident_id,
                        const std::string& announce_channel, const messages::SlackMessage& details,
                        bool announce, core::TimePoint now) {
    outbox.enqueue(incident_id, kCreateChannel, json::object(), now);
    outbox.enqueue(incident_id, kPostOpening, json::object(), now);
    post(outbox, incident_id, details, now);
    outbox.enqueue(incident_id, kAlertDeclareNotice, json{{"channel", announce_channel}}, now);
    outbox.enqueue(incident_id, kPinOpening, json::object(), now);
    refresh_topic(outbox, incident_id, now);
    if (announce) outbox.enqueue(incident_id, kAnnounce, json::object(), now);
}

void invite(storage::Outbox& outbox, std::int64_t incident_id,
            const std::vector<std::string>& user_ids, core::TimePoint now) {
    if (user_ids.empty()) return;
    outbox.enqueue(incident_id, kInvite, json{{"users", user_ids}}, now);
}

void post(storage::Outbox& outbox, std::int64_t incident_id, const messages::SlackMessage& message,
          core::TimePoint now, const std::vector<Direct>& if_archived) {
    json payload{{"message", messages::to_json(message)}};
    for (const auto& d : if_archived)
        payload["if_archived"].push_back(
            json{{"user", d.user}, {"message", messages::to_json(d.message)}});
    outbox.enqueue(incident_id, kPost, payload, now);
}

void direct_message(storage::Outbox& outbox, std::int64_t incident_id, const std::string& user,
                    const nlohmann::json& message, core::TimePoint now) {
    outbox.enqueue(incident_id, kDirectMessage, json{{"user", user}, {"message", message}}, now);
}

void refresh_opening(storage::Outbox& outbox, std::int64_t incident_id, core::TimePoint now) {
    outbox.enqueue(incident_id, kUpdateOpening, json::object(), now);
}

void refresh_topic(storage::Outbox& outbox, std::int64_t incident_id, core::TimePoint now) {
    outbox.enqueue(incident_id, kSetTopic, json::object(), now);
}

void reply(storage::Outbox& outbox, std::int64_t incident_id, const ReplyTarget& target,
           const messages::SlackMessage& message, core::TimePoint now) {
    outbox.enqueue(incident_id, kReply,
                   json{{"target", to_json(target)}, {"message", messages::to_json(message)}}, now);
}

json to_json(const NamedRoleRequest& request) {
    json j{{"role", std::string(core::role_key(request.role))},
           {"name", request.name},
           {"requested_by", request.requested_by},
           {"reply", to_json(request.reply)}};
    if (!request.command_text.empty()) j["command"] = request.command_text;
    return j;
}

NamedRoleRequest named_role_request_from(const json& payload) {
    NamedRoleRequest r;
    if (!payload.is_object()) return r;
    r.role = core::parse_role(payload.value("role", std::string{})).value_or(core::Role::Commander);
    r.name = payload.value("name", std::string{});
    r.requested_by = payload.value("requested_by", std::string{});
    r.reply = reply_target_from(payload.value("reply", json::object()));
    r.command_text = payload.value("command", std::string{});
    return r;
}

void assign_named_role(storage::Outbox& outbox, std::int64_t incident_id,
                       const NamedRoleRequest& request, core::TimePoint now) {
    outbox.enqueue(incident_id, kAssignNamedRole, to_json(request), now);
}

json to_json(const UploadRequest& request) {
    json j{{"format", std::string(core::to_string(request.format))},
           {"postmortem", request.postmortem},
           {"requested_by", request.requested_by}};
    if (!request.file_id.empty()) j["file_id"] = request.file_id;
    return j;
}

UploadRequest upload_request_from(const json& payload) {
    UploadRequest r;
    if (!payload.is_object()) return r;
    r.format = core::parse_report_format(payload.value("format", std::string{}))
                   .value_or(core::ReportFormat::Markdown);
    r.postmortem = payload.value("postmortem", false);
    r.requested_by = payload.value("requested_by", std::string{});
    r.file_id = payload.value("file_id", std::string{});
    return r;
}

void upload_file(storage::Outbox& outbox, std::int64_t incident_id, const UploadRequest& request,
                 core::TimePoint now) {
    outbox.enqueue(incident_id, kUploadFile, to_json(request), now);
}

}  // namespace bot::slack_work
