#include "emulator/web_api.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <map>
#include <optional>
#include <sstream>
#include <string_view>

#include "emulator/block_kit_rules.hpp"
#include "emulator/request_body.hpp"

namespace emulator {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxTextChars = 40000;
constexpr std::size_t kMaxTopicChars = 250;
constexpr std::size_t kMaxChannelName = 80;
constexpr auto kTriggerValidity = std::chrono::seconds(3);

// A ts or a history bound ("1700000000.000100", or whole seconds) in
// microseconds; nullopt when it is not one.
std::optional<std::int64_t> ts_micros(const std::string& s) {
    const auto dot = s.find('.');
    const auto whole = s.substr(0, dot);
    auto fraction = dot == std::string::npos ? std::string{} : s.substr(dot + 1);
    if (whole.empty() || whole.size() > 12 || fraction.size() > 6) return std::nullopt;
    for (char c : whole + fraction)
        if (c < '0' || c > '9') return std::nullopt;
    if (dot != std::string::npos && fraction.empty()) return std::nullopt;
    fraction.resize(6, '0');
    return std::stoll(whole) * 1000000 + std::stoll(fraction);
}

bool looks_like_ts(const std::string& s) {
    const auto dot = s.find('.');
    if (dot == 0 || dot == std::string::npos || dot + 1 == s.size()) return false;
    for (std::size_t i = 0; i < s.size(); ++i)
        if (i != dot && (s[i] < '0' || s[i] > '9')) return false;
    return true;
}

std::size_t chars(const std::string& utf8) {
    std::size_t n = 0;
    for (unsigned char c : utf8)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

ApiAnswer ok(json fields = json::object()) {
    json body = {{"ok", true}};
    for (auto& [k, v] : fields.items()) body[k] = v;
    return ApiAnswer{200, body};
}

ApiAnswer invalid_arguments(const std::string& message) {
    auto a = slack_error("invalid_arguments");
    a.body["response_metadata"] = {{"messages", json::array({"[ERROR] " + message})}};
    return a;
}

ApiAnswer block_problem(const BlockKitProblem& p) {
    auto a = slack_error(p.error);
    a.body["response_metadata"] = {{"messages", json::array({p.message})}};
    return a;
}

std::optional<std::string> channel_name_error(const std::string& name) {
    if (name.empty()) return "invalid_name_required";
    if (chars(name) > kMaxChannelName) return "invalid_name_maxlength";
    bool any_alnum = false;
    for (unsigned char c : name) {
        const bool lower = c >= 'a' && c <= 'z', digit = c >= '0' && c <= '9';
        if (!lower && !digit && c != '-' && c != '_') return "invalid_name_specials";
        any_alnum = any_alnum || lower || digit;
    }
    if (!any_alnum) return "invalid_name_punctuation";
    return std::nullopt;
}

// Paginates `ids` with Slack's opaque base64 cursors ("user:U…" / "team:C…").
struct Page {
    std::vector<std::string> ids;
    std::string next_cursor;
    bool bad_cursor = false;
};
// `limit` 0: everything from the cursor on.
Page paginate(const std::vector<std::string>& ids, std::size_t limit, const std::string& cursor,
              const std::string& kind) {
    Page page;
    if (limit == 0) limit = ids.size();
    std::size_t start = 0;
    if (!cursor.empty()) {
        const auto decoded = base64_decode(cursor);
        const auto prefix = kind + ":";
        const auto it = decoded.rfind(prefix, 0) == 0
                            ? std::find(ids.begin(), ids.end(), decoded.substr(prefix.size()))
                            : ids.end();
        if (it == ids.end()) {
            page.bad_cursor = true;
            return page;
        }
        start = static_cast<std::size_t>(it - ids.begin());
    }
    const auto end = std::min(ids.size(), start + limit);
    page.ids.assign(ids.begin() + static_cast<std::ptrdiff_t>(start),
                    ids.begin() + static_cast<std::ptrdiff_t>(end));
    if (end < ids.size()) page.next_cursor = base64_encode(kind + ":" + ids[end]);
    return page;
}

// `limit` as the list methods read it: absent is `fallback`, and conversations.*
// document "an integer no larger than 1000" (invalid_limit otherwise).
std::optional<std::size_t> read_limit(const json& args, std::size_t fallback) {
    if (!args.contains("limit") || args.at("limit").is_null()) return fallback;
    const auto text = arg_string(args, "limit");
    int value = -1;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || ptr != text.data() + text.size() || value < 0 || value > 1000)
        return std::nullopt;
    return value == 0 ? fallback : static_cast<std::size_t>(value);
}

class Methods {
  public:
    explicit Methods(Workspace& ws) : ws_(ws), bot_(ws.bot().id) {}

    ApiAnswer call(const std::string& method, const json& args) {
        using Handler = ApiAnswer (Methods::*)(const json&);
        static const std::map<std::string, Handler, std::less<>> table = {
            {"auth.test", &Methods::auth_test},
            {"conversations.create", &Methods::conversations_create},
            {"conversations.invite", &Methods::conversations_invite},
            {"conversations.join", &Methods::conversations_join},
            {"conversations.info", &Methods::conversations_info},
            {"conversations.list", &Methods::conversations_list},
            {"conversations.members", &Methods::conversations_members},
            {"conversations.history", &Methods::conversations_history},
            {"conversations.replies", &Methods::conversations_replies},
            {"conversations.setTopic", &Methods::conversations_set_topic},
            {"conversations.setPurpose", &Methods::conversations_set_purpose},
            {"conversations.archive", &Methods::conversations_archive},
            {"chat.postMessage", &Methods::chat_post_message},
            {"chat.update", &Methods::chat_update},
            {"chat.postEphemeral", &Methods::chat_post_ephemeral},
            {"chat.getPermalink", &Methods::chat_get_permalink},
            {"pins.add", &Methods::pins_add},
            {"pins.list", &Methods::pins_list},
            {"users.info", &Methods::users_info},
            {"users.list", &Methods::users_list},
            {"usergroups.list", &Methods::usergroups_list},
            {"views.open", &Methods::views_open},
            {"files.getUploadURLExternal", &Methods::files_get_upload_url_external},
            {"files.completeUploadExternal", &Methods::files_complete_upload_external},
        };
        const auto it = table.find(method);
        if (it == table.end()) return slack_error("unknown_method");
        return (this->*(it->second))(args);
    }

  private:
    // A channel the bot can see: public ones, and private ones it is in.
    ChannelState* visible(const std::string& id) {
        auto* c = ws_.channel(id);
        if (!c || (c->channel.is_private && !ws_.is_member(*c, bot_))) return nullptr;
        return c;
    }

    // chat.* accept a channel id or a name ("#ops" or "ops").
    ChannelState* resolve(const std::string& channel) {
        if (auto* c = visible(channel)) return c;
        auto name = channel.rfind('#', 0) == 0 ? channel.substr(1) : channel;
        auto* c = ws_.channel_by_name(name);
        if (c && c->channel.is_private && !ws_.is_member(*c, bot_)) return nullptr;
        return c;
    }

    std::optional<ApiAnswer> check_content(const json& args, bool require_content,
                                           json* blocks_out) {
        const auto text = arg_string(args, "text");
        const bool has_blocks = args.contains("blocks") && !args.at("blocks").is_null() &&
                                !(args.at("blocks").is_array() && args.at("blocks").empty());
        const bool has_attachments = args.contains("attachments");
        if (require_content && text.empty() && !has_blocks && !has_attachments)
            return slack_error("no_text");
        if (chars(text) > kMaxTextChars) return slack_error("msg_too_long");
        if (has_blocks) {
            if (auto problem = check_blocks(args.at("blocks"))) return block_problem(*problem);
            *blocks_out = args.at("blocks");
            fill_missing_ids(*blocks_out, [this] { return ws_.random_chars(5); });
        }
        return std::nullopt;
    }

    ApiAnswer auth_test(const json&) {
        return ok({{"url", "https://" + ws_.options().team_domain + ".slack.com/"},
                   {"team", ws_.options().team_domain},
                   {"user", ws_.bot().name},
                   {"team_id", ws_.options().team_id},
                   {"user_id", bot_},
                   {"bot_id", ws_.bot_id()},
                   {"is_enterprise_install", false}});
    }

    ApiAnswer conversations_create(const json& args) {
        const auto name = arg_string(args, "name");
        if (auto error = channel_name_error(name)) return slack_error(*error);
        // Archived channels keep their names.
        if (ws_.channel_by_name(name)) return slack_error("name_taken");
        auto& c = ws_.add_channel(name, bot_, arg_bool(args, "is_private"));
        ws_.join(c, bot_);
        return ok({{"channel", channel_json(ws_, c)}});
    }

    ApiAnswer conversations_invite(const json& args) {
        auto* c = visible(arg_string(args, "channel"));
        if (!c) return slack_error("channel_not_found");
        if (c->channel.is_im) return slack_error("method_not_supported_for_channel_type");
        if (c->channel.archived) return slack_error("is_archived");
        if (!ws_.is_member(*c, bot_)) return slack_error("not_in_channel");
        std::vector<std::string> users;
        std::stringstream list(arg_string(args, "users"));
        for (std::string u; std::getline(list, u, ',');)
            if (!u.empty()) users.push_back(u);
        if (users.empty()) return slack_error("no_user");
        for (const auto& u : users) {
            if (u == bot_) return slack_error("cant_invite_self");
            if (!ws_.user(u)) return slack_error("user_not_found");
            if (ws_.is_member(*c, u)) {
                auto a = slack_error("already_in_channel");
                a.body["errors"] =
                    json::array({{{"user", u}, {"ok", false}, {"error", "already_in_channel"}}});
                return a;
            }
        }
        for (const auto& u : users) ws_.join(*c, u);
        return ok({{"channel", channel_json(ws_, *c)}});
    }

    ApiAnswer conversations_join(const json& args) {
        // A private channel the bot is not in is invisible to it, as everywhere.
        auto* c = visible(arg_string(args, "channel"));
        if (!c) return slack_error("channel_not_found");
        if (c->channel.is_im) return slack_error("method_not_supported_for_channel_type");
        if (c->channel.archived) return slack_error("is_archived");
        if (ws_.is_member(*c, bot_)) {
            return ok({{"channel", channel_json(ws_, *c)},
                       {"warning", "already_in_channel"},
                       {"response_metadata", {{"warnings", {"already_in_channel"}}}}});
        }
        ws_.join(*c, bot_);
        return ok({{"channel", channel_json(ws_, *c)}});
    }

    ApiAnswer conversations_info(const json& args) {
        auto* c = visible(arg_string(args, "channel"));
        if (!c) return slack_error("channel_not_found");
        return ok({{"channel", channel_json(ws_, *c)}});
    }

    ApiAnswer conversations_list(const json& args) {
        auto types = arg_string(args, "types");
        if (types.empty()) types = "public_channel";
        bool want_public = false, want_private = false, want_im = false;
        std::stringstream list(types);
        for (std::string type; std::getline(list, type, ',');) {
            std::erase(type, ' ');
            if (type == "public_channel")
                want_public = true;
            else if (type == "private_channel")
                want_private = true;
            else if (type == "im")
                want_im = true;
            else if (type != "mpim")  // the app is in no group DM here
                return slack_error("invalid_types");
        }
        const auto limit = read_limit(args, 100);
        if (!limit) return slack_error("invalid_limit");
        const bool exclude_archived = arg_bool(args, "exclude_archived");
        std::vector<std::string> ids;
        for (const auto& id : ws_.channel_order()) {
            const auto* c = visible(id);
            if (!c || (exclude_archived && c->channel.archived)) continue;
            if (c->channel.is_private ? want_private : want_public) ids.push_back(id);
        }
        // The app's DMs, only when asked for: real Slack wants im:read for
        // them, a scope the emulator does not check (it checks none).
        if (want_im) ids.insert(ids.end(), ws_.im_order().begin(), ws_.im_order().end());
        const auto page = paginate(ids, *limit, arg_string(args, "cursor"), "team");
        if (page.bad_cursor) return slack_error("invalid_cursor");
        json channels = json::array();
        for (const auto& id : page.ids) channels.push_back(channel_json(ws_, *ws_.channel(id)));
        return ok(
            {{"channels", channels}, {"response_metadata", {{"next_cursor", page.next_cursor}}}});
    }

    ApiAnswer conversations_members(const json& args) {
        auto* c = visible(arg_string(args, "channel"));
        if (!c) return slack_error("channel_not_found");
        const auto limit = read_limit(args, 100);
        if (!limit) return slack_error("invalid_limit");
        const auto page = paginate(c->channel.members, *limit, arg_string(args, "cursor"), "user");
        if (page.bad_cursor) return slack_error("invalid_cursor");
        return ok(
            {{"members", page.ids}, {"response_metadata", {{"next_cursor", page.next_cursor}}}});
    }

    ApiAnswer conversations_history(const json& args) {
        auto* c = visible(arg_string(args, "channel"));
        if (!c) return slack_error("channel_not_found");
        // A bot token reads only conversations the bot is a member of.
        if (!ws_.is_member(*c, bot_)) return slack_error("not_in_channel");
        const auto oldest_arg = arg_string(args, "oldest"), latest_arg = arg_string(args, "latest");
        const auto oldest =
            oldest_arg.empty() ? std::optional<std::int64_t>{0} : ts_micros(oldest_arg);
        const auto latest =
            latest_arg.empty() ? std::optional<std::int64_t>{INT64_MAX} : ts_micros(latest_arg);
        if (!oldest) return slack_error("invalid_ts_oldest");
        if (!latest) return slack_error("invalid_ts_latest");
        // "inclusive" is ignored unless a bound is given; without one nothing sits on it.
        const bool inclusive = arg_bool(args, "inclusive");
        // "Maximum of 999"; conversations.history lists no invalid_limit error.
        const auto limit =
            static_cast<std::size_t>(std::clamp(arg_int(args, "limit", 100), 0, 999));
        // Pages hold the messages closest to `latest`; with only `oldest`
        // given, the ones closest to `oldest` (paging forward).
        const bool forward = !oldest_arg.empty() && latest_arg.empty();
        std::vector<std::string> walk;
        auto consider = [&](const StoredMessage& sm) {
            const auto& m = sm.message;
            // Thread replies live in conversations.replies.
            if (!m.thread_ts.empty() && m.thread_ts != m.ts && m.subtype != "thread_broadcast")
                return;
            const auto ts = ts_micros(m.ts).value_or(0);
            if (inclusive ? ts < *oldest : ts <= *oldest) return;
            if (inclusive ? ts > *latest : ts >= *latest) return;
            walk.push_back(m.ts);
        };
        if (forward)
            for (const auto& m : c->messages) consider(m);
        else
            for (auto it = c->messages.rbegin(); it != c->messages.rend(); ++it) consider(*it);
        const auto page =
            paginate(walk, limit == 0 ? 100 : limit, arg_string(args, "cursor"), "next_ts");
        if (page.bad_cursor) return slack_error("invalid_cursor");
        auto ids = page.ids;
        if (forward) std::reverse(ids.begin(), ids.end());  // every page lists newest first
        json messages = json::array();
        for (const auto& ts : ids) messages.push_back(message_json(ws_, *ws_.message(*c, ts)));
        const auto pins = std::count_if(c->messages.begin(), c->messages.end(),
                                        [](const StoredMessage& m) { return m.message.pinned; });
        auto answer = ok({{"messages", messages},
                          {"has_more", !page.next_cursor.empty()},
                          {"pin_count", pins},
                          {"response_metadata", {{"next_cursor", page.next_cursor}}}});
        if (!latest_arg.empty()) answer.body["latest"] = latest_arg;
        return answer;
    }

    // https://<domain>.slack.com/archives/<channel>/p<ts without its dot>; no
    // scope needed, but only for a channel the token can see.
    ApiAnswer chat_get_permalink(const json& args) {
        const auto channel = arg_string(args, "channel");
        const auto ts = arg_string(args, "message_ts");
        if (channel.empty() || ts.empty()) return slack_error("invalid_arguments");
        auto* c = visible(channel);
        if (!c) return slack_error("channel_not_found");
        if (!ws_.message(*c, ts)) return slack_error("message_not_found");
        return ok({{"channel", channel}, {"permalink", permalink(ws_, channel, ts)}});
    }

    ApiAnswer conversations_replies(const json& args) {
        auto* c = visible(arg_string(args, "channel"));
        if (!c) return slack_error("channel_not_found");
        const auto ts = arg_string(args, "ts");
        auto* parent = ws_.message(*c, ts);
        if (!parent) return slack_error("thread_not_found");
        const auto root = parent->message.thread_ts.empty() ? ts : parent->message.thread_ts;
        json messages = json::array();
        for (const auto& m : c->messages)
            if (m.message.ts == root || m.message.thread_ts == root)
                messages.push_back(message_json(ws_, m));
        return ok({{"messages", messages}, {"has_more", false}});
    }

    ApiAnswer set_text_field(const json& args, const std::string& key, bool topic) {
        auto* c = visible(arg_string(args, "channel"));
        if (!c) return slack_error("channel_not_found");
        if (c->channel.archived) return slack_error("is_archived");
        if (!ws_.is_member(*c, bot_)) return slack_error("not_in_channel");
        const auto value = arg_string(args, key);
        if (chars(value) > kMaxTopicChars) return slack_error("too_long");
        if (topic) {
            c->channel.topic = value;
            c->topic_creator = bot_;
            c->topic_set = ws_.now();
            ws_.post(*c, bot_, "set the channel topic: " + value, nullptr, "", "channel_topic");
        } else {
            c->channel.purpose = value;
            c->purpose_creator = bot_;
            c->purpose_set = ws_.now();
            ws_.post(*c, bot_, "set the channel description: " + value, nullptr, "",
                     "channel_purpose");
        }
        return ok({{"channel", channel_json(ws_, *c)}});
    }
    ApiAnswer conversations_set_topic(const json& args) {
        return set_text_field(args, "topic", true);
    }
    ApiAnswer conversations_set_purpose(const json& args) {
        return set_text_field(args, "purpose", false);
    }

    ApiAnswer conversations_archive(const json& args) {
        auto* c = visible(arg_string(args, "channel"));
        if (!c) return slack_error("channel_not_found");
        if (auto error = ws_.archive(*c, bot_)) return slack_error(*error);
        return ok();
    }

    // Why chat.postMessage cannot write to `person`; nullopt when it can.
    std::optional<ApiAnswer> refuse_direct_message(const User& person) {
        // Slack never opens a DM between two bots, the app's own user
        // included; undocumented for this method, seen from im.open and
        // conversations.open (github.com/HubSpot/slack-client/pull/90).
        if (person.is_bot) return slack_error("cannot_dm_bot");
        // A deactivated person's DM still exists and takes messages (Slack's
        // answer in github.com/slackapi/python-slack-sdk/issues/1156). With no
        // DM yet nothing specific is documented: the method's reference
        // answers channel_not_found when the app "doesn't have permission to
        // enter into a DM with the intended user" (conversations.open says
        // user_disabled, an error chat.postMessage does not list).
        if (person.deleted && !ws_.im_with(person.id)) return slack_error("channel_not_found");
        return std::nullopt;
    }

    ApiAnswer chat_post_message(const json& args) {
        const auto channel = arg_string(args, "channel");
        // A person's user id posts in the app's DM with them, opened if it is
        // not yet ("Post to a direct message channel" in the method's
        // reference), with chat:write alone; the answer names the DM ("D…").
        // A new DM is opened only once the message is accepted.
        const auto* person = ws_.user(channel);
        if (person) {
            if (auto refused = refuse_direct_message(*person)) return *refused;
        }
        auto* c = person ? ws_.im_with(person->id) : resolve(channel);
        if (!c && !person) return slack_error("channel_not_found");
        // With the App Home's Messages tab off the app cannot write to people.
        if ((person || c->channel.is_im) && !ws_.options().messages_tab_enabled)
            return slack_error("messages_tab_disabled");
        if (c && c->channel.archived) return slack_error("is_archived");
        if (c && !ws_.is_member(*c, bot_)) return slack_error("not_in_channel");
        json blocks;
        if (auto problem = check_content(args, true, &blocks)) return *problem;
        auto thread_ts = arg_string(args, "thread_ts");
        if (!thread_ts.empty()) {
            if (!looks_like_ts(thread_ts)) {
                auto a = slack_error("invalid_thread_ts");
                a.body["response_metadata"] = {
                    {"messages", {"[ERROR] " + thread_ts + " is not a valid thread_ts"}}};
                return a;
            }
            auto* parent = c ? ws_.message(*c, thread_ts) : nullptr;
            if (!parent) return slack_error("thread_not_found");
            // Replying to a reply lands in the parent's thread.
            if (!parent->message.thread_ts.empty()) thread_ts = parent->message.thread_ts;
        }
        if (!c) c = &ws_.open_im(person->id);
        // A reply also sent to the channel shows in its history too.
        const bool broadcast = !thread_ts.empty() && arg_bool(args, "reply_broadcast");
        auto& m = ws_.post(*c, bot_, arg_string(args, "text"), blocks, thread_ts,
                           broadcast ? "thread_broadcast" : "");
        auto answer = ok(
            {{"channel", c->channel.id}, {"ts", m.message.ts}, {"message", message_json(ws_, m)}});
        if (arg_string(args, "text").empty()) {
            // Slack accepts blocks without text but warns: text is the
            // notification and screen-reader fallback.
            answer.body["response_metadata"] = {
                {"warnings", {"missing_text_or_fallback_or_attachments"}}};
        }
        return answer;
    }

    ApiAnswer chat_update(const json& args) {
        auto* c = resolve(arg_string(args, "channel"));
        if (!c) return slack_error("channel_not_found");
        auto* m = ws_.message(*c, arg_string(args, "ts"));
        if (!m) return slack_error("message_not_found");
        // Only messages the app itself posted, and not join/topic/pin notices.
        if (m->message.user != bot_ ||
            (!m->message.subtype.empty() && m->message.subtype != "thread_broadcast"))
            return slack_error("cant_update_message");
        if (c->channel.archived) return slack_error("is_archived");
        const bool has_text = !arg_string(args, "text").empty();
        const bool has_blocks = args.contains("blocks") && !args.at("blocks").is_null();
        const bool has_attachments =
            args.contains("attachments") && !args.at("attachments").is_null();
        json blocks;
        if (auto problem = check_content(args, false, &blocks)) return *problem;
        if (!has_text && !has_blocks && !has_attachments) return slack_error("no_text");
        // Without `blocks`, old blocks survive only if no `text` is given
        // either: new text alone replaces them. Editing blocks shows no
        // "edited" mark; editing text does.
        if (has_blocks)
            m->message.blocks = blocks;
        else if (has_text)
            m->message.blocks = nullptr;
        if (has_text || has_blocks) m->message.text = arg_string(args, "text");
        m->message.edited = !has_blocks;
        if (m->message.edited) m->edited_ts = ws_.next_ts();
        return ok({{"channel", c->channel.id},
                   {"ts", m->message.ts},
                   {"text", m->message.text},
                   {"message", message_json(ws_, *m)}});
    }

    ApiAnswer chat_post_ephemeral(const json& args) {
        auto* c = resolve(arg_string(args, "channel"));
        if (!c) return slack_error("channel_not_found");
        if (c->channel.archived) return slack_error("is_archived");
        const auto user = arg_string(args, "user");
        if (!ws_.user(user)) return slack_error("user_not_found");
        if (!ws_.is_member(*c, bot_)) return slack_error("not_in_channel");
        if (!ws_.is_member(*c, user)) return slack_error("user_not_in_channel");
        json blocks;
        if (auto problem = check_content(args, true, &blocks)) return *problem;
        const auto ts = ws_.next_ts();
        ws_.ephemerals.push_back(Ephemeral{c->channel.id, user, arg_string(args, "text"), blocks,
                                           "chat.postEphemeral", ts});
        return ok({{"message_ts", ts}});
    }

    ApiAnswer pins_add(const json& args) {
        auto* c = visible(arg_string(args, "channel"));
        if (!c) return slack_error("channel_not_found");
        const auto ts = arg_string(args, "timestamp");
        if (ts.empty()) return slack_error("no_item_specified");
        if (c->channel.archived) return slack_error("is_archived");
        if (!ws_.is_member(*c, bot_)) return slack_error("not_in_channel");
        auto* m = ws_.message(*c, ts);
        if (!m) return slack_error("message_not_found");
        if (m->message.pinned) return slack_error("already_pinned");
        // Every member hears pin_added, the app included.
        if (auto marked = ws_.pin(*c, bot_, ts, true); marked.event)
            ws_.raised_events.push_back(*marked.event);
        return ok();
    }

    ApiAnswer pins_list(const json& args) {
        auto* c = visible(arg_string(args, "channel"));
        if (!c) return slack_error("channel_not_found");
        json items = json::array();
        for (const auto& m : c->messages) {
            if (!m.message.pinned) continue;
            items.push_back({{"type", "message"},
                             {"created", core::unix_seconds(m.pinned_at)},
                             {"created_by", m.pinned_by},
                             {"channel", c->channel.id},
                             {"message", message_json(ws_, m)}});
        }
        return ok({{"items", items}});
    }

    ApiAnswer users_info(const json& args) {
        const auto* u = ws_.user(arg_string(args, "user"));
        if (!u) return slack_error("user_not_found");
        return ok({{"user", user_json(ws_, *u)}});
    }

    ApiAnswer users_list(const json& args) {
        // Everyone, deactivated people included (with deleted:true).
        std::vector<std::string> ids;
        for (const auto& u : ws_.users()) ids.push_back(u.id);
        // No `limit`: "Slack attempting to deliver you the entire result set".
        const auto limit = static_cast<std::size_t>(std::clamp(arg_int(args, "limit", 0), 0, 1000));
        const auto page = paginate(ids, limit, arg_string(args, "cursor"), "user");
        if (page.bad_cursor) return slack_error("invalid_cursor");
        json members = json::array();
        for (const auto& id : page.ids) members.push_back(user_json(ws_, *ws_.user(id)));
        return ok({{"members", members},
                   {"cache_ts", core::unix_seconds(ws_.now())},
                   {"response_metadata", {{"next_cursor", page.next_cursor}}}});
    }

    // Disabled groups only with include_disabled (then date_delete > 0);
    // members only with include_users; user_count only with include_count.
    ApiAnswer usergroups_list(const json& args) {
        json groups = json::array();
        const auto created = core::unix_seconds(ws_.now());
        for (const auto& g : ws_.user_groups) {
            if (g.disabled && !arg_bool(args, "include_disabled")) continue;
            json j = {{"id", g.id},
                      {"team_id", ws_.options().team_id},
                      {"is_usergroup", true},
                      {"name", g.name},
                      {"description", ""},
                      {"handle", g.handle},
                      {"is_external", false},
                      {"date_create", created},
                      {"date_update", created},
                      {"date_delete", g.disabled ? created : 0},
                      {"auto_type", nullptr},
                      {"created_by", ws_.bot().id},
                      {"updated_by", ws_.bot().id},
                      {"deleted_by", nullptr},
                      {"prefs", {{"channels", json::array()}, {"groups", json::array()}}}};
            if (arg_bool(args, "include_users")) j["users"] = g.users;
            if (arg_bool(args, "include_count")) j["user_count"] = g.users.size();
            groups.push_back(std::move(j));
        }
        return ok({{"usergroups", groups}});
    }

    // files.getUploadURLExternal: filename and length required; the URL is
    // good for one POST of exactly `length` bytes.
    ApiAnswer files_get_upload_url_external(const json& args) {
        if (ws_.options().file_uploads_disabled) return slack_error("file_uploads_disabled");
        const auto filename = arg_string(args, "filename");
        if (filename.empty()) return invalid_arguments("missing required field: filename");
        const auto length_text = arg_string(args, "length");
        if (length_text.empty()) return invalid_arguments("missing required field: length");
        std::size_t length = 0;
        const auto [end, ec] =
            std::from_chars(length_text.data(), length_text.data() + length_text.size(), length);
        if (ec != std::errc{} || end != length_text.data() + length_text.size())
            return invalid_arguments("invalid type for field: length");
        if (length == 0) return slack_error("missing_argument");
        const auto alt_txt = arg_string(args, "alt_txt");
        if (chars(alt_txt) > 1000) return slack_error("alt_txt_too_large");
        FileUpload f;
        f.id = ws_.new_id('F');
        f.filename = filename;
        f.alt_txt = alt_txt;
        f.snippet_type = arg_string(args, "snippet_type");
        f.user = bot_;
        f.length = length;
        f.created = ws_.now();
        f.upload_path = "/upload/v1/" + ws_.random_chars(40);
        const std::string url = ws_.base_url + f.upload_path;
        const std::string id = f.id;
        ws_.uploads[id] = std::move(f);
        ws_.upload_order.push_back(id);
        return ok({{"upload_url", url}, {"file_id", id}});
    }

    // files.completeUploadExternal: `files` a JSON array of {id, title};
    // shared into channel_id (or the first of `channels`) as a file_share.
    ApiAnswer files_complete_upload_external(const json& args) {
        if (!args.contains("files") || !args.at("files").is_array() || args.at("files").empty())
            return invalid_arguments("missing required field: files");
        std::string channel = arg_string(args, "channel_id");
        if (channel.empty()) {
            const auto channels = arg_string(args, "channels");
            channel = channels.substr(0, channels.find(','));
        }
        if (!channel.empty()) {
            // ^[CGDZ][A-Z0-9]{8,}$, as Slack checks it (a user id fails here).
            bool well_formed =
                channel.size() >= 9 && std::string("CGDZ").find(channel[0]) != std::string::npos;
            for (char ch : channel.substr(1))
                well_formed = well_formed && ((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9'));
            if (!well_formed) return invalid_arguments("invalid channel_id");
        }
        std::vector<FileUpload*> files;
        std::vector<std::string> titles;
        for (const json& entry : args.at("files")) {
            if (!entry.is_object() || !entry.contains("id") || !entry.at("id").is_string())
                return invalid_arguments("files: each entry needs an id");
            const auto it = ws_.uploads.find(entry.at("id").get<std::string>());
            // Never uploaded, or already completed (the call is made once).
            if (it == ws_.uploads.end() || !it->second.received || it->second.completed)
                return slack_error("file_not_found");
            files.push_back(&it->second);
            titles.push_back(entry.contains("title") && entry.at("title").is_string()
                                 ? entry.at("title").get<std::string>()
                                 : std::string{});
        }
        ChannelState* c = nullptr;
        if (!channel.empty()) {
            c = visible(channel);
            if (!c) return slack_error("channel_not_found");
            if (c->channel.archived) return slack_error("is_archived");
            if (!ws_.is_member(*c, bot_)) return slack_error("not_in_channel");
        }
        const auto thread_ts = arg_string(args, "thread_ts");
        if (c && !thread_ts.empty() && !ws_.message(*c, thread_ts))
            return invalid_arguments("thread_ts: no such message");
        const auto comment = arg_string(args, "initial_comment");
        json objects = json::array();
        for (std::size_t i = 0; i < files.size(); ++i) {
            auto& f = *files[i];
            f.completed = true;
            f.title = titles[i].empty() ? f.filename : titles[i];
            f.initial_comment = comment;
            if (c) f.channel = c->channel.id;
            objects.push_back(file_json(ws_, f));
        }
        if (c) {
            auto& m = ws_.post(*c, bot_, comment, nullptr, thread_ts, "file_share");
            m.files = objects;
            for (auto* f : files) f->ts = m.message.ts;
            for (auto& o : objects)
                o["shares"] = {
                    {"public", {{c->channel.id, json::array({{{"ts", m.message.ts}}})}}}};
        }
        return ok({{"files", objects}});
    }

    ApiAnswer views_open(const json& args) {
        const auto trigger_id = arg_string(args, "trigger_id");
        const auto it = ws_.triggers.find(trigger_id);
        if (it == ws_.triggers.end()) return slack_error("invalid_trigger_id");
        if (it->second.used) return slack_error("exchanged_trigger_id");
        if (ws_.now() - it->second.issued > kTriggerValidity)
            return slack_error("expired_trigger_id");
        if (!args.contains("view") || !args.at("view").is_object())
            return invalid_arguments("missing required field: view [json-pointer:/view]");
        auto view = args.at("view");
        if (view.value("type", std::string{}) != "modal")
            return invalid_arguments("must be modal [json-pointer:/view/type]");
        const auto title = view.value("title", json{});
        if (!title.is_object() || title.value("type", std::string{}) != "plain_text" ||
            title.value("text", std::string{}).empty() ||
            chars(title.value("text", std::string{})) > 24)
            return invalid_arguments(
                "must be plain_text of at most 24 characters [json-pointer:/view/title]");
        if (auto problem = check_blocks(view.value("blocks", json{}), 100)) {
            auto a = block_problem(*problem);
            a.body["error"] = "invalid_arguments";
            return a;
        }
        if (chars(view.value("private_metadata", std::string{})) > 3000)
            return invalid_arguments(
                "must be less than 3001 characters [json-pointer:/view/private_metadata]");
        it->second.used = true;
        fill_missing_ids(view["blocks"], [this] { return ws_.random_chars(5); });
        const auto id = ws_.new_id('V');
        view["id"] = id;
        view["team_id"] = ws_.options().team_id;
        view["app_id"] = ws_.options().app_id;
        view["bot_id"] = ws_.bot_id();
        view["hash"] = ws_.random_chars(10, true);
        view["state"] = {{"values", json::object()}};
        ws_.views.push_back(View{id, it->second.user, trigger_id, view});
        return ok({{"view", view}});
    }

    Workspace& ws_;
    std::string bot_;
};

}  // namespace

ApiAnswer authenticate(const Workspace& ws, const std::string& method, const std::string& token) {
    const auto& o = ws.options();
    if (token.empty()) return slack_error("not_authed");
    const bool app_method = method == "apps.connections.open";
    const auto& expected = app_method ? o.app_token : o.bot_token;
    if (token == expected) return ok();
    // A real token of the other kind is recognised, and refused for its type.
    if (token == (app_method ? o.bot_token : o.app_token))
        return slack_error("not_allowed_token_type");
    return slack_error("invalid_auth");
}

ApiAnswer call_web_api(Workspace& ws, const std::string& method, const std::string& token,
                       const json& args) {
    if (!find_method(method)) return slack_error("unknown_method");
    if (auto auth = authenticate(ws, method, token); !auth.body.at("ok").get<bool>()) return auth;
    if (method == "apps.connections.open") {
        auto url = ws.base_url;
        url.replace(0, 4, "ws");  // http://… → ws://…
        return ok({{"url", url + "/link/?ticket=" + ws.issue_ticket() +
                               "&app_id=" + ws.options().app_id}});
    }
    return Methods(ws).call(method, args);
}

}  // namespace emulator
