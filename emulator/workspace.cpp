#include "emulator/workspace.hpp"

#include <algorithm>
#include <cstdio>

namespace emulator {

Workspace::Workspace(const Options& options, core::Clock& clock)
    : options_(options), clock_(clock) {
    users_.push_back(User{"U0EMULBOT1", options_.bot_name, options_.bot_name, true});
}

std::string Workspace::new_id(char prefix) {
    // Slack ids are upper-case alphanumerics of 9-11 characters.
    static constexpr char kDigits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    std::uint64_t n = ++id_counter_ * 7919 + 46656;
    std::string body;
    while (n > 0) {
        body.insert(body.begin(), kDigits[n % 36]);
        n /= 36;
    }
    while (body.size() < 9) body.insert(body.begin(), '0');
    return std::string(1, prefix) + body;
}

std::string Workspace::random_chars(std::size_t n, bool lower) {
    static constexpr char kUpper[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    static constexpr char kLower[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += (lower ? kLower : kUpper)[random_() % 36];
    return out;
}

std::string Workspace::uuid() {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (int i = 0; i < 32; ++i) {
        if (i == 8 || i == 12 || i == 16 || i == 20) out += '-';
        out += kHex[random_() % 16];
    }
    return out;
}

std::string Workspace::next_ts() {
    const auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(clock_.now().time_since_epoch())
            .count();
    // Unique and increasing even when the clock stands still (ManualClock)
    // or steps back: Slack's ts identifies a message.
    last_ts_micros_ = std::max<std::int64_t>(micros, last_ts_micros_ + 100);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%lld.%06lld", static_cast<long long>(last_ts_micros_ / 1000000),
                  static_cast<long long>(last_ts_micros_ % 1000000));
    return buf;
}

std::string Workspace::add_user(const std::string& name, const std::string& real_name,
                                bool is_bot) {
    const auto id = new_id('U');
    users_.push_back(User{id, name, real_name.empty() ? name : real_name, is_bot});
    return id;
}

const User* Workspace::user(const std::string& id) const {
    const auto it = std::find_if(users_.begin(), users_.end(), [&](auto& u) { return u.id == id; });
    return it == users_.end() ? nullptr : &*it;
}

User* Workspace::user(const std::string& id) {
    const auto it = std::find_if(users_.begin(), users_.end(), [&](auto& u) { return u.id == id; });
    return it == users_.end() ? nullptr : &*it;
}

ChannelState& Workspace::add_channel(const std::string& name, const std::string& creator,
                                     bool is_private) {
    const auto id = new_id('C');
    ChannelState state;
    state.channel.id = id;
    state.channel.name = name;
    state.channel.creator = creator;
    state.channel.is_private = is_private;
    state.channel.created = clock_.now();
    channel_order_.push_back(id);
    return channels_[id] = std::move(state);
}

ChannelState* Workspace::channel(const std::string& id) {
    const auto it = channels_.find(id);
    return it == channels_.end() ? nullptr : &it->second;
}

const ChannelState* Workspace::channel(const std::string& id) const {
    const auto it = channels_.find(id);
    return it == channels_.end() ? nullptr : &it->second;
}

ChannelState* Workspace::channel_by_name(const std::string& name) {
    for (auto& [id, c] : channels_)
        if (!c.channel.is_im && c.channel.name == name) return &c;
    return nullptr;
}

ChannelState& Workspace::open_im(const std::string& user) {
    if (const auto it = ims_.find(user); it != ims_.end()) return channels_.at(it->second);
    const auto id = new_id('D');
    ChannelState state;
    state.channel.id = id;
    state.channel.is_im = true;
    state.channel.user = user;
    state.channel.members = {bot().id, user};
    state.channel.created = clock_.now();
    ims_[user] = id;
    im_order_.push_back(id);
    return channels_[id] = std::move(state);
}

ChannelState* Workspace::im_with(const std::string& user) {
    const auto it = ims_.find(user);
    return it == ims_.end() ? nullptr : channel(it->second);
}

std::string Workspace::conversation_key(const std::string& channel) const {
    // A DM is named by its person, so that the first message to their user
    // id (which opens it) counts with the later ones to its D… id.
    if (const auto* c = this->channel(channel)) return c->channel.is_im ? c->channel.user : channel;
    if (user(channel)) return channel;
    const auto name = channel.starts_with('#') ? channel.substr(1) : channel;
    for (const auto& [id, c] : channels_)
        if (!c.channel.is_im && c.channel.name == name) return id;
    return channel;  // nothing that exists
}

const ChannelState* Workspace::im_with(const std::string& user) const {
    const auto it = ims_.find(user);
    return it == ims_.end() ? nullptr : channel(it->second);
}

bool Workspace::is_member(const ChannelState& c, const std::string& user) const {
    const auto& m = c.channel.members;
    return std::find(m.begin(), m.end(), user) != m.end();
}

void Workspace::join(ChannelState& c, const std::string& user) {
    if (is_member(c, user)) return;
    c.channel.members.push_back(user);
    post(c, user, "<@" + user + "> has joined the channel", nullptr, "", "channel_join");
}

std::optional<std::string> Workspace::remove_member(ChannelState& c, const std::string& by,
                                                    const std::string& member) {
    // conversations.kick's errors, in the order its reference lists them.
    if (c.channel.is_im) return "method_not_supported_for_channel_type";
    if (c.channel.name == "general") return "cant_kick_from_general";
    if (by == member) return "cant_kick_self";
    if (!user(member)) return "user_not_found";
    if (!is_member(c, by) || !is_member(c, member)) return "not_in_channel";
    std::erase(c.channel.members, member);
    return std::nullopt;
}

std::optional<std::string> Workspace::archive(ChannelState& c, const std::string& user) {
    // conversations.archive: "Not all types of conversations can be archived".
    if (c.channel.is_im) return "method_not_supported_for_channel_type";
    if (c.channel.archived) return "already_archived";
    if (c.channel.name == "general") return "cant_archive_general";
    if (!is_member(c, user)) return "not_in_channel";
    post(c, user, "archived the channel", nullptr, "", "channel_archive");
    c.channel.archived = true;
    return std::nullopt;
}

StoredMessage& Workspace::post(ChannelState& c, const std::string& user, const std::string& text,
                               nlohmann::json blocks, const std::string& thread_ts,
                               const std::string& subtype) {
    StoredMessage m;
    m.message.channel = c.channel.id;
    m.message.ts = next_ts();
    m.message.user = user;
    m.message.text = text;
    m.message.blocks = std::move(blocks);
    m.message.subtype = subtype;
    if (user == bot().id) m.bot_id = bot_id();
    if (!thread_ts.empty()) {
        m.message.thread_ts = thread_ts;
        if (auto* parent = message(c, thread_ts)) {
            parent->message.thread_ts = thread_ts;
            ++parent->reply_count;
            parent->latest_reply = m.message.ts;
        }
    }
    c.messages.push_back(std::move(m));
    return c.messages.back();
}

StoredMessage* Workspace::message(ChannelState& c, const std::string& ts) {
    for (auto& m : c.messages)
        if (m.message.ts == ts) return &m;
    return nullptr;
}

void Workspace::remove_message(ChannelState& c, const std::string& ts) {
    std::erase_if(c.messages, [&](const StoredMessage& m) { return m.message.ts == ts; });
}

std::string Workspace::issue_ticket() {
    const auto ticket = uuid();
    tickets[ticket] = Ticket{clock_.now(), false};
    return ticket;
}

std::string Workspace::issue_trigger(const std::string& user) {
    // Shaped like Slack's: "<digits>.<digits>.<32 hex>".
    const auto id =
        std::to_string(1000000000 + id_counter_++) + ".4242424242." + random_chars(32, true);
    triggers[id] = Trigger{user, clock_.now(), false};
    return id;
}

std::string Workspace::issue_response_url(const std::string& kind, const std::string& channel,
                                          const std::string& user, const std::string& message_ts) {
    const auto path = "/" + kind + "/" + options_.team_id + "/" +
                      std::to_string(1000000000 + id_counter_++) + "/" + random_chars(24, true);
    response_urls[path] = ResponseUrl{channel, user, message_ts, clock_.now(), 0};
    return base_url + path;
}

nlohmann::json user_json(const Workspace& ws, const User& u) {
    nlohmann::json profile = {{"real_name", u.real_name},
                              {"display_name", u.is_bot ? "" : u.name},
                              {"real_name_normalized", u.real_name},
                              {"display_name_normalized", u.is_bot ? "" : u.name}};
    if (u.is_bot) profile["bot_id"] = ws.bot_id();
    nlohmann::json j = {{"id", u.id},
                        {"team_id", ws.options().team_id},
                        {"name", u.name},
                        {"deleted", u.deleted},
                        {"real_name", u.real_name},
                        {"tz", "Etc/UTC"},
                        {"tz_offset", 0},
                        {"is_admin", false},
                        {"is_owner", false},
                        {"is_restricted", false},
                        {"is_ultra_restricted", false},
                        {"is_bot", u.is_bot},
                        {"is_app_user", false},
                        {"updated", core::unix_seconds(ws.now())},
                        {"profile", profile}};
    return j;
}

namespace {

// The im object (docs.slack.dev/reference/objects/im-object) as the
// conversations.* methods return it.
nlohmann::json im_json(const Workspace& ws, const ChannelState& c) {
    const auto& ch = c.channel;
    const auto* person = ws.user(ch.user);
    return {{"id", ch.id},
            {"created", core::unix_seconds(ch.created)},
            {"is_archived", false},
            {"is_im", true},
            {"is_org_shared", false},
            {"context_team_id", ws.options().team_id},
            {"user", ch.user},
            {"is_user_deleted", person && person->deleted},
            {"priority", 0}};
}

}  // namespace

std::string payload_channel_name(const ChannelState& c) {
    return c.channel.is_im ? "directmessage" : c.channel.name;
}

nlohmann::json channel_json(const Workspace& ws, const ChannelState& c) {
    if (c.channel.is_im) return im_json(ws, c);
    const auto& ch = c.channel;
    return {{"id", ch.id},
            {"name", ch.name},
            {"name_normalized", ch.name},
            {"is_channel", true},
            {"is_group", false},
            {"is_im", false},
            {"is_mpim", false},
            {"is_private", ch.is_private},
            {"created", core::unix_seconds(ch.created)},
            {"creator", ch.creator},
            {"is_archived", ch.archived},
            {"is_general", ch.name == "general"},
            {"unlinked", 0},
            {"is_shared", false},
            {"is_ext_shared", false},
            {"is_org_shared", false},
            {"is_member", ws.is_member(c, ws.bot().id)},
            {"num_members", ch.members.size()},
            {"topic",
             {{"value", ch.topic},
              {"creator", c.topic_creator},
              {"last_set", ch.topic.empty() ? 0 : core::unix_seconds(c.topic_set)}}},
            {"purpose",
             {{"value", ch.purpose},
              {"creator", c.purpose_creator},
              {"last_set", ch.purpose.empty() ? 0 : core::unix_seconds(c.purpose_set)}}},
            {"previous_names", nlohmann::json::array()}};
}

nlohmann::json message_json(const Workspace& ws, const StoredMessage& m) {
    nlohmann::json j = {{"type", "message"},
                        {"user", m.message.user},
                        {"text", m.message.text},
                        {"ts", m.message.ts},
                        {"team", ws.options().team_id}};
    if (!m.message.subtype.empty()) j["subtype"] = m.message.subtype;
    if (!m.bot_id.empty()) {
        j["bot_id"] = m.bot_id;
        j["app_id"] = ws.options().app_id;
    }
    if (m.message.blocks.is_array()) j["blocks"] = m.message.blocks;
    if (!m.message.thread_ts.empty()) j["thread_ts"] = m.message.thread_ts;
    if (m.reply_count > 0) {
        j["reply_count"] = m.reply_count;
        j["latest_reply"] = m.latest_reply;
    }
    if (m.message.edited)
        j["edited"] = {{"user", m.message.user},
                       {"ts", m.edited_ts.empty() ? m.message.ts : m.edited_ts}};
    if (m.message.pinned) j["pinned_to"] = nlohmann::json::array({m.message.channel});
    if (!m.reactions.empty()) {
        auto& reactions = j["reactions"] = nlohmann::json::array();
        for (const auto& [name, users] : m.reactions)
            reactions.push_back({{"name", name}, {"users", users}, {"count", users.size()}});
    }
    if (m.files.is_array() && !m.files.empty()) {
        j["files"] = m.files;
        j["upload"] = true;
        j["display_as_bot"] = false;
    }
    return j;
}

std::string permalink(const Workspace& ws, const std::string& channel, std::string ts) {
    std::erase(ts, '.');
    return "https://" + ws.options().team_domain + ".slack.com/archives/" + channel + "/p" + ts;
}

Workspace::Marked Workspace::react(ChannelState& c, const std::string& user, const std::string& ts,
                                   const std::string& name, bool add) {
    auto* m = message(c, ts);
    if (!m || name.empty()) return {};
    auto& users = m->reactions[name];
    const auto it = std::find(users.begin(), users.end(), user);
    if (add == (it != users.end())) return {};  // already_reacted / no_reaction
    if (add)
        users.push_back(user);
    else
        users.erase(it);
    if (users.empty()) m->reactions.erase(name);
    if (!is_member(c, bot().id)) return {true, std::nullopt};
    nlohmann::json event = {{"type", add ? "reaction_added" : "reaction_removed"},
                            {"user", user},
                            {"reaction", name},
                            {"item", {{"type", "message"}, {"channel", c.channel.id}, {"ts", ts}}},
                            {"event_ts", next_ts()}};
    if (!m->message.user.empty()) event["item_user"] = m->message.user;
    return {true, event};
}

Workspace::Marked Workspace::pin(ChannelState& c, const std::string& user, const std::string& ts,
                                 bool add) {
    auto* m = message(c, ts);
    if (!m || m->message.pinned == add) return {};  // already_pinned / no_pin
    m->message.pinned = add;
    m->pinned_at = add ? now() : core::TimePoint{};
    m->pinned_by = add ? user : "";
    const auto pinned_ts = next_ts();
    std::size_t pins = 0;
    for (const auto& other : c.messages) pins += other.message.pinned ? 1 : 0;
    auto message_object = message_json(*this, *m);
    message_object["permalink"] = permalink(*this, c.channel.id, ts);
    const std::string author = m->message.user;  // post() below may move the message
    if (add)
        post(c, user, "<@" + user + "> pinned a message to this channel.", nullptr, "",
             "pinned_item");
    if (!is_member(c, bot().id)) return {true, std::nullopt};
    nlohmann::json event = {
        {"type", add ? "pin_added" : "pin_removed"},
        {"user", user},
        {"channel_id", c.channel.id},
        {"item",
         {{"type", "message"},
          {"channel", c.channel.id},
          {"created_by", user},
          {"created", core::unix_seconds(now())},
          {"message", message_object}}},
        {"item_user", author},
        {"pin_count", pins},
        {"pinned_info", {{"channel", c.channel.id}, {"pinned_by", user}, {"pinned_ts", pinned_ts}}},
        {"event_ts", pinned_ts}};
    if (!add) event["has_pins"] = pins > 0;
    return {true, event};
}

nlohmann::json file_json(const Workspace& ws, const FileUpload& f) {
    const auto dot = f.filename.rfind('.');
    const std::string ext = dot == std::string::npos ? "text" : f.filename.substr(dot + 1);
    const std::string mimetype = ext == "md"     ? "text/markdown"
                                 : ext == "json" ? "application/json"
                                 : ext == "yaml" ? "application/x-yaml"
                                                 : "text/plain";
    const std::string files_base =
        "https://files.slack.com/files-pri/" + ws.options().team_id + "-" + f.id + "/";
    nlohmann::json j = {{"id", f.id},
                        {"created", core::unix_seconds(f.created)},
                        {"timestamp", core::unix_seconds(f.created)},
                        {"name", f.filename},
                        {"title", f.title.empty() ? f.filename : f.title},
                        {"mimetype", mimetype},
                        {"filetype", ext == "md" ? "markdown" : ext},
                        {"pretty_type", ext == "md" ? "Markdown" : ext},
                        {"user", f.user},
                        {"user_team", ws.options().team_id},
                        {"mode", "snippet"},
                        {"editable", true},
                        {"is_external", false},
                        {"external_type", ""},
                        {"is_public", !f.channel.empty()},
                        {"size", f.length},
                        {"url_private", files_base + f.filename},
                        {"url_private_download", files_base + "download/" + f.filename},
                        {"permalink", "https://" + ws.options().team_domain + ".slack.com/files/" +
                                          f.user + "/" + f.id + "/" + f.filename}};
    if (!f.alt_txt.empty()) j["alt_txt"] = f.alt_txt;
    return j;
}

}  // namespace emulator
