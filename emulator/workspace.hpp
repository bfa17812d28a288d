#pragma once
// The emulated workspace's state: users, channels, messages, pins,
// ephemeral messages, and the short-lived things Slack hands out (Socket
// Mode tickets, trigger ids, response_urls, views). Not thread-safe: the
// Server guards it with its mutex.
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "emulator/slack_emulator.hpp"

namespace emulator {

struct User {
    std::string id, name, real_name;
    bool is_bot = false;
    bool deleted = false;  // deactivated: still listed by users.list
};

// A user group (`S…`), as usergroups.list shows it; disabled ones are
// listed only with include_disabled.
struct UserGroup {
    std::string id, handle, name;
    std::vector<std::string> users;
    bool disabled = false;
};

struct StoredMessage {
    Message message;
    nlohmann::json files;   // a file_share: the shared files' objects
    std::string bot_id;     // set on messages the app posted
    std::string edited_ts;  // when its text was last edited
    int reply_count = 0;
    std::string latest_reply;
    core::TimePoint pinned_at{};
    std::string pinned_by;
    std::map<std::string, std::vector<std::string>> reactions;  // name -> users, in order
};

struct ChannelState {
    Channel channel;
    std::vector<StoredMessage> messages;  // in ts order (ts grows across the workspace)
    std::string topic_creator, purpose_creator;
    core::TimePoint topic_set{}, purpose_set{};
};

// A response_url: valid 30 minutes, 5 uses.
struct ResponseUrl {
    std::string channel, user, message_ts;  // message_ts: the message an action came from
    core::TimePoint issued;
    int uses = 0;
};

struct Trigger {
    std::string user;
    core::TimePoint issued;
    bool used = false;
};

// A file announced by files.getUploadURLExternal. Its bytes arrive once at
// the upload URL; files.completeUploadExternal then shares it (once).
struct FileUpload {
    std::string id, filename, title, alt_txt, snippet_type, user;
    std::size_t length = 0;
    std::string upload_path;  // "/upload/v1/…": single use
    core::TimePoint created{};
    bool received = false, completed = false;
    std::string content;
    std::string channel, ts, initial_comment;  // where it was shared
};

struct Ticket {
    core::TimePoint issued;
    bool used = false;
};

class Workspace {
  public:
    Workspace(const Options& options, core::Clock& clock);

    const Options& options() const { return options_; }
    core::TimePoint now() const { return clock_.now(); }
    // "http://127.0.0.1:PORT": where response_urls and the Socket Mode link live.
    std::string base_url = "http://127.0.0.1:0";

    // Identifiers: deterministic so that a test run can be replayed.
    std::string new_id(char prefix);  // U…, C…, V…
    std::string random_chars(std::size_t n, bool lower = false);
    std::string uuid();
    std::string next_ts();  // "1700000000.000100", increasing

    // Users.
    const User& bot() const { return users_.front(); }
    std::string bot_id() const { return "B0EMULATED"; }
    std::string add_user(const std::string& name, const std::string& real_name,
                         bool is_bot = false);
    const User* user(const std::string& id) const;
    User* user(const std::string& id);
    const std::vector<User>& users() const { return users_; }

    // Channels.
    ChannelState& add_channel(const std::string& name, const std::string& creator, bool is_private);
    ChannelState* channel(const std::string& id);
    const ChannelState* channel(const std::string& id) const;
    ChannelState* channel_by_name(const std::string& name);  // never a DM
    const std::vector<std::string>& channel_order() const { return channel_order_; }
    bool is_member(const ChannelState& c, const std::string& user) const;
    // Adds a member and the "has joined the channel" message Slack shows.
    void join(ChannelState& c, const std::string& user);
    // Archives `c` as `user` (the app through conversations.archive, a person
    // from the channel's menu): "archived the channel" is posted as them, and
    // nothing can be posted there after. nullopt when done, else Slack's error.
    std::optional<std::string> archive(ChannelState& c, const std::string& user);
    // `by` removes `member` from `c` (conversations.kick, or "Remove from
    // channel" in the client). A private channel then does not exist for
    // the removed app: its methods answer channel_not_found. nullopt when
    // done, else Slack's error.
    std::optional<std::string> remove_member(ChannelState& c, const std::string& by,
                                             const std::string& member);

    // The app's direct messages (`im`, "D…"): one per person, between the bot
    // user and them, opened the first time the app writes to them. Kept with
    // the channels (channel(id) finds them) but out of channel_order().
    ChannelState& open_im(const std::string& user);
    // The conversation a method's `channel` argument lands in, for counting
    // calls per channel: a DM's id and its person's user id are one key, and
    // a name ("#ops", "ops") is its channel's id.
    std::string conversation_key(const std::string& channel) const;
    ChannelState* im_with(const std::string& user);  // nullptr: not opened yet
    const ChannelState* im_with(const std::string& user) const;
    const std::vector<std::string>& im_order() const { return im_order_; }

    // Messages.
    StoredMessage& post(ChannelState& c, const std::string& user, const std::string& text,
                        nlohmann::json blocks, const std::string& thread_ts,
                        const std::string& subtype = "");
    StoredMessage* message(ChannelState& c, const std::string& ts);
    void remove_message(ChannelState& c, const std::string& ts);
    std::vector<Ephemeral> ephemerals;
    std::vector<View> views;
    std::vector<UserGroup> user_groups;

    // Reactions and pins, by a person or by the app (pins.add), and the
    // event the app hears (reaction_added/removed, pin_added/removed): none
    // when nothing changed (already there, or not there to take away) or the
    // app is not in the channel (Slack sends these only to members).
    struct Marked {
        bool changed = false;
        std::optional<nlohmann::json> event;
    };
    Marked react(ChannelState& c, const std::string& user, const std::string& ts,
                 const std::string& name, bool add);
    Marked pin(ChannelState& c, const std::string& user, const std::string& ts, bool add);
    // Events raised inside a Web API call (pins.add), for the Server to send.
    std::vector<nlohmann::json> raised_events;

    // Short-lived grants.
    std::string issue_ticket();
    std::string issue_trigger(const std::string& user);
    std::string issue_response_url(const std::string& kind, const std::string& channel,
                                   const std::string& user, const std::string& message_ts);
    std::map<std::string, Ticket> tickets;
    std::map<std::string, Trigger> triggers;
    std::map<std::string, ResponseUrl> response_urls;  // by path: /commands/T…/n/secret
    std::map<std::string, FileUpload> uploads;         // by file id
    std::vector<std::string> upload_order;             // file ids, as announced

  private:
    const Options& options_;
    core::Clock& clock_;
    std::mt19937_64 random_{0x51ac4e7u};
    std::uint64_t id_counter_ = 0;
    std::int64_t last_ts_micros_ = 0;
    std::vector<User> users_;
    std::map<std::string, ChannelState> channels_;
    std::vector<std::string> channel_order_;
    std::map<std::string, std::string> ims_;  // user id -> D…
    std::vector<std::string> im_order_;
};

// Slack's JSON shapes for the state above.
nlohmann::json user_json(const Workspace& ws, const User& u);
// A channel's conversation object; for a DM, the im object (is_im, user).
nlohmann::json channel_json(const Workspace& ws, const ChannelState& c);
// The channel's name as interaction payloads carry it: "directmessage" for a DM.
std::string payload_channel_name(const ChannelState& c);
nlohmann::json message_json(const Workspace& ws, const StoredMessage& m);
nlohmann::json file_json(const Workspace& ws, const FileUpload& f);
// https://<domain>.slack.com/archives/<channel>/p<ts without its dot>
std::string permalink(const Workspace& ws, const std::string& channel, std::string ts);

}  // namespace emulator
