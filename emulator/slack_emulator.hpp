#pragma once
// An emulated Slack on 127.0.0.1: the Web API (/api/<method>), Socket Mode
// (ws://…/link/?ticket=…) and response_url endpoints, with workspace state a
// test can inspect and drive. It follows Slack's documented behaviour (see
// ../shared/slack-protocol.md), including the unpleasant parts: one-use
// tickets, 3-second ack deadlines, re-delivered events, 429s on demand, and
// (with Options::enforce_rate_limits) Slack's per-method rate-limit tiers.
//
// Threading: the network side runs on the io_context given to the constructor
// (typically on a background thread); every public method may be called from
// any other thread. Do not call the waiting methods (wait_for_ack, wait_until)
// from the io_context's own thread: they block it.
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include "core/clock.hpp"

namespace spdlog {
class logger;
}

namespace emulator {

struct Options {
    std::string app_token = "xapp-1-A0EMULATED-1-emulatedapptoken";
    std::string bot_token = "xoxb-0-emulated-bot-token";
    std::string team_id = "T0EMULATED", team_domain = "emulated", app_id = "A0EMULATED";
    std::string bot_name = "incident-bot";
    std::string slash_command = "/incident";
    std::chrono::milliseconds ack_deadline{3000};      // slash/interactive: operation_timeout after
    std::chrono::milliseconds redelivery_delay{3000};  // events_api re-delivery after no ack
    int max_redeliveries = 3;
    std::chrono::seconds ticket_ttl{30};
    int approximate_connection_time = 18060;         // seconds, sent in hello
    std::chrono::milliseconds ping_interval{10000};  // server-sent WebSocket pings
    // After `disconnect` (warning, refresh_requested) Slack closes the socket
    // itself a little later if the client has not.
    std::chrono::milliseconds disconnect_close_after{10000};
    std::size_t max_connections = 10;  // one more is told too_many_websockets
    // Serve /_emulator/… control endpoints (the standalone executable does).
    bool control_endpoint = false;
    // Answer calls beyond Slack's per-method tiers with HTTP 429 + Retry-After,
    // timed by the injected clock (see emulator/rate_limits.hpp). Off by
    // default so tests and benchmarks that call in bursts are unaffected.
    bool enforce_rate_limits = false;
    // files.getUploadURLExternal answers file_uploads_disabled (a workspace
    // admin turned uploads off).
    bool file_uploads_disabled = false;
    // The app's App Home Messages tab (manifest features.app_home.
    // messages_tab_enabled), where its direct messages to people land. Off,
    // chat.postMessage to a person answers messages_tab_disabled.
    bool messages_tab_enabled = true;
};

struct Fault {
    enum class Kind {
        RateLimited,      // HTTP 429, Retry-After: retry_after_seconds, error "ratelimited"
        ServerError,      // http_status (5xx) with an HTML body, no effect
        Delay,            // answered normally after `delay`
        DropConnection,   // TCP closed before the call takes effect, no answer
        DropAfterEffect,  // the call takes effect, then the TCP connection closes unanswered
        SlackError        // HTTP 200 {"ok":false,"error":error}, no effect (a refusal the
                          // emulator's own checks would not make, as a stricter Slack may)
    } kind;
    int retry_after_seconds = 1;
    int http_status = 503;
    std::chrono::milliseconds delay{0};
    std::string error = "invalid_blocks";  // SlackError
};

// One request to /api/<method> or to a response_url (method "response_url").
struct ApiCall {
    std::string method;
    // The arguments the method read (form fields and JSON bodies alike,
    // JSON-encoded fields decoded); empty for a JSON body it does not read.
    nlohmann::json args;
    int http_status;
    // null when no answer was sent (faults); a string for a response_url's
    // plain-text answer ("ok", "expired_url").
    nlohmann::json response;
    core::TimePoint at;
};

struct Channel {
    std::string id, name, topic, purpose, creator;
    std::vector<std::string> members;
    bool archived = false, is_private = false;
    core::TimePoint created{};
    // A direct message (an `im`, "D…", no name) between the app's bot user
    // and `user`: listed apart from channels and never found by name.
    bool is_im = false;
    std::string user;
};

struct Message {
    std::string channel, ts, user, text, thread_ts;
    nlohmann::json blocks;
    bool pinned = false;
    bool edited = false;
    std::string subtype;  // "" for ordinary messages; channel_join, channel_topic, …
};

struct Ephemeral {
    std::string channel, user, text;
    nlohmann::json blocks;
    std::string source;  // "ack", "response_url", "chat.postEphemeral"
    std::string ts;      // where it shows among the channel's messages (Slack gives one too)
};

struct AckRecord {
    std::string envelope_id, type;
    std::optional<nlohmann::json> payload;  // the ack's "payload" member, if any
    std::chrono::nanoseconds latency;       // from the envelope's write to its ack
    bool late = false;                      // arrived after the ack deadline
};

// An envelope the bot failed to handle as Slack sees it.
struct Failure {
    std::string envelope_id, type;
    std::string error;  // operation_timeout, dispatch_failed, not_acked (events, retries spent)
};

// A file shared by files.completeUploadExternal (or completed without a
// channel: then `channel` is empty and the file is private).
struct SharedFile {
    std::string id, name, title, channel, ts, initial_comment, user;
    std::string content;  // the bytes POSTed to the upload URL
};

struct View {
    std::string id, user, trigger_id;
    nlohmann::json view;
};

class Server;

class SlackEmulator {
  public:
    SlackEmulator(boost::asio::io_context& io, core::Clock& clock, Options options = {});
    SlackEmulator(boost::asio::io_context& io, core::Clock& clock, Options options,
                  spdlog::logger& logger);
    ~SlackEmulator();
    SlackEmulator(const SlackEmulator&) = delete;
    SlackEmulator& operator=(const SlackEmulator&) = delete;

    unsigned short listen(unsigned short port = 0);  // 127.0.0.1, returns the port
    std::string api_url() const;                     // "http://127.0.0.1:PORT/api/"
    const Options& options() const;
    void stop();

    // Workspace.
    std::string bot_user_id() const;
    std::string add_user(const std::string& name, const std::string& real_name = "");  // "U…"
    // A user group (`@handle`, "S…"); a disabled one is listed by
    // usergroups.list only with include_disabled. Returns its id.
    std::string add_user_group(const std::string& handle, const std::vector<std::string>& users,
                               bool disabled = false);
    // Deactivates a person: users.list and users.info still show them, deleted:true.
    void deactivate_user(const std::string& user_id);
    // A channel that already exists, as if made by a person: the bot is a
    // member only if listed (and sees a private one only then).
    std::string add_channel(const std::string& name, const std::vector<std::string>& members,
                            bool is_private = false);
    std::optional<Channel> channel(const std::string& id) const;  // a DM's "D…" too
    std::optional<Channel> channel_by_name(const std::string& name) const;
    std::vector<Channel> channels() const;  // not the app's DMs
    // The app's DM with a person (its Messages tab in their Slack), once the
    // app opened it by posting to their user id; read it with messages(id).
    std::optional<Channel> app_dm(const std::string& user_id) const;
    std::vector<Message> messages(const std::string& channel_id) const;  // oldest first
    std::vector<Ephemeral> ephemerals(const std::string& user_id = "") const;
    std::vector<ApiCall> calls(const std::string& method = "") const;
    std::vector<View> views() const;
    std::vector<SharedFile> files() const;  // completed uploads, oldest first

    // Socket Mode driving: these return at once; the bot's ack arrives
    // asynchronously. `text` is the command text as Slack sends it (already
    // escaped: `&amp;`, `<@U…|name>`).
    std::string send_slash_command(const std::string& user_id, const std::string& channel_id,
                                   const std::string& text);  // returns the envelope_id
    // Built from the element's own action_id/block_id/value, as Slack does;
    // "" when the message has no such button.
    std::string click_button(const std::string& user_id, const std::string& channel_id,
                             const std::string& message_ts, const std::string& label_or_action_id);
    std::string select_user(const std::string& user_id, const std::string& channel_id,
                            const std::string& message_ts, const std::string& action_id,
                            const std::string& selected_user);
    // A button on an ephemeral message the user was shown (`blocks` as shown).
    std::string click_ephemeral_button(const std::string& user_id, const std::string& channel_id,
                                       const nlohmann::json& blocks,
                                       const std::string& label_or_action_id);
    // The same, for the users_select with `action_id` in the block `block_id`.
    std::string select_user(const std::string& user_id, const std::string& channel_id,
                            const std::string& message_ts, const std::string& block_id,
                            const std::string& action_id, const std::string& selected_user);
    // A person's message in a channel, as typed in Slack; returns its ts.
    std::string post_as(const std::string& user_id, const std::string& channel_id,
                        const std::string& text);
    // A person archives a channel from its menu in Slack's client: "archived
    // the channel" shows as theirs, and nothing can be posted there after.
    // "" when done, else Slack's reason (channel_not_found, already_archived,
    // cant_archive_general, not_in_channel, method_not_supported_for_channel_type).
    std::string archive_channel(const std::string& user_id, const std::string& channel_id);
    // A person removes `member` (the app's bot user, say) from a channel, as
    // "Remove from channel" in Slack's client. "" when done, else Slack's
    // reason (channel_not_found, cant_kick_self, not_in_channel, …).
    std::string remove_from_channel(const std::string& user_id, const std::string& channel_id,
                                    const std::string& member);
    // A message deleted in Slack's client (by its author or an admin), pin
    // and all: chat.update and pins.add on it then answer message_not_found.
    bool delete_message(const std::string& channel_id, const std::string& ts);
    // A person's reaction (`name` without colons) or pin on a message, added
    // or taken away as in Slack's client. nullopt: nothing changed (already
    // there, or not there to take away). Otherwise the event_id the app was
    // sent (reaction_added/removed, pin_added/removed), or "" when the app is
    // not in the channel, so hears nothing.
    std::optional<std::string> react(const std::string& user_id, const std::string& channel_id,
                                     const std::string& message_ts, const std::string& name,
                                     bool add = true);
    std::optional<std::string> pin(const std::string& user_id, const std::string& channel_id,
                                   const std::string& message_ts, bool add = true);
    // A message shortcut (`callback_id` from the app's manifest) on a message.
    std::string message_shortcut(const std::string& user_id, const std::string& channel_id,
                                 const std::string& message_ts, const std::string& callback_id);
    // view_submission for a view the bot opened; `values` becomes view.state.values.
    std::string submit_view(const std::string& user_id, const std::string& view_id,
                            const nlohmann::json& values);
    std::string send_event(const nlohmann::json& event);  // events_api; returns the event_id
    // The same event again (retry_attempt one more, retry_reason "timeout"),
    // as Slack does when it did not see the ack; returns the envelope_id.
    std::string redeliver_event(const std::string& event_id);
    // True once `acks` deliveries of the event were acked.
    bool wait_for_event_acks(const std::string& event_id, std::size_t acks,
                             std::chrono::milliseconds timeout) const;
    std::string send_raw_frame(const std::string& text);  // to every open connection
    std::optional<AckRecord> wait_for_ack(const std::string& envelope_id,
                                          std::chrono::milliseconds timeout) const;
    std::vector<AckRecord> acks() const;
    std::vector<nlohmann::json> envelopes() const;  // every envelope sent, in order
    std::vector<Failure> failures() const;
    // warning | refresh_requested | link_disabled | too_many_websockets, to every connection
    void send_disconnect(const std::string& reason);
    void drop_connections();     // abrupt TCP close, no close frame
    void silence_connections();  // stop reading and pinging: a silently dead TCP link
    // Slack stops pinging the open connections but still reads them and
    // answers the client's pings (as a proxy in front of a stuck backend may).
    void stop_pinging();
    // While held, new connections are accepted but get no hello (nor any
    // envelope): a client must not count them as connected.
    void hold_hello(bool hold);
    std::size_t open_connections() const;
    std::size_t connections_opened() const;  // handshakes completed since start

    void inject(const std::string& method, Fault fault, int count = 1);  // next `count` calls
    bool wait_until(const std::function<bool()>& pred, std::chrono::milliseconds timeout) const;

  private:
    std::shared_ptr<Server> server_;
};

}  // namespace emulator
