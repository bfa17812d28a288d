#include "sandbox/feed.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>

namespace sandbox {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto end = std::min(text.find('\n', start), text.size());
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

// The lines of `now` that `before` did not have: what changed, as a reader sees it.
std::string raw_of(const emulator::Message& m) {
    return m.text + '\n' + m.blocks.dump();
}

std::string raw_of(const emulator::Ephemeral& e) {
    return e.text + '\n' + e.blocks.dump();
}

std::string changed_lines(const std::string& before, const std::string& now) {
    auto old_lines = lines_of(before);
    std::string out;
    for (const auto& line : lines_of(now)) {
        const auto it = std::find(old_lines.begin(), old_lines.end(), line);
        if (it != old_lines.end()) {
            old_lines.erase(it);
            continue;
        }
        if (!out.empty()) out += '\n';
        out += line;
    }
    return out;
}

bool is_member(const emulator::Channel& channel, const std::string& user) {
    return std::find(channel.members.begin(), channel.members.end(), user) != channel.members.end();
}

}  // namespace

std::pair<std::int64_t, std::int64_t> ts_order(std::string_view ts) {
    const auto dot = std::min(ts.find('.'), ts.size());
    std::int64_t seconds = 0;
    std::int64_t fraction = 0;
    std::from_chars(ts.data(), ts.data() + dot, seconds);
    if (dot < ts.size()) std::from_chars(ts.data() + dot + 1, ts.data() + ts.size(), fraction);
    return {seconds, fraction};
}

std::string ts_clock_time(std::string_view ts) {
    using namespace std::chrono;
    const auto t = sys_seconds{seconds{ts_order(ts).first}};
    const hh_mm_ss<seconds> hms{t - floor<days>(t)};
    const auto two = [](long v) { return std::string(v < 10 ? "0" : "") + std::to_string(v); };
    return two(hms.hours().count()) + ":" + two(hms.minutes().count());
}

Feed::Feed(emulator::SlackEmulator& slack, const core::Clock& clock, std::ostream& out,
           TextStyle style)
    : slack_(slack), clock_(clock), out_(out), style_(std::move(style)) {}

TextStyle Feed::style() const {
    auto s = style_;
    s.now = clock_.now();
    return s;
}

void Feed::print_block(std::string_view heading, const std::string& body) {
    out_ << heading << '\n';
    for (const auto& line : lines_of(body)) out_ << "  " << line << '\n';
}

void Feed::print_message(const std::string& channel_name, const emulator::Message& message,
                         std::string_view tag) {
    const auto s = style();
    std::string heading = "#" + channel_name + " · " +
                          render_mrkdwn("<@" + message.user + ">", s).substr(1) + " · " +
                          ts_clock_time(message.ts);
    if (!message.thread_ts.empty() && message.thread_ts != message.ts) heading += " · in thread";
    if (!tag.empty()) heading += " · " + std::string(tag);
    std::string body = render_message(message.text, message.blocks, s);
    // A shared file shows with its content, as a person would open it in Slack.
    if (message.subtype == "file_share")
        for (const auto& f : slack_.files())
            if (f.channel == message.channel && f.ts == message.ts)
                body += "\n[file] " + f.name + " · " + f.title + " · " +
                        std::to_string(f.content.size()) + " bytes\n" + f.content;
    print_block(heading, body);
}

std::string Feed::direct_heading(const std::string& viewer, const emulator::Message& message,
                                 std::string_view tag) const {
    const auto s = style();
    const auto name = [&](const std::string& id) { return render_mrkdwn("<@" + id + ">", s); };
    std::string heading = "── DM · " + name(message.user).substr(1) + " → you (" + name(viewer) +
                          ") · " + ts_clock_time(message.ts);
    if (!message.thread_ts.empty() && message.thread_ts != message.ts) heading += " · in thread";
    if (!tag.empty()) heading += " · " + std::string(tag);
    return heading + " ──";
}

void Feed::print_direct(const std::string& viewer, const emulator::Message& message,
                        std::string_view tag) {
    print_block(direct_heading(viewer, message, tag),
                render_message(message.text, message.blocks, style()));
}

void Feed::print_ephemeral(const std::string& channel_id, const std::string& text,
                           const nlohmann::json& blocks, bool replaced) {
    const auto s = style();
    const auto channel = slack_.channel(channel_id);
    const auto bot = render_mrkdwn("<@" + slack_.bot_user_id() + ">", s).substr(1);
    print_block("#" + (channel ? channel->name : channel_id) + " · " + bot +
                    " · only visible to you" + (replaced ? " · (replaced)" : ""),
                render_message(text, blocks, s));
}

void Feed::mark_seen(const std::vector<std::string>& all_users) {
    const auto s = style();
    for (const auto& user : all_users)
        for (const auto& e : slack_.ephemerals(user)) ephemerals_seen_[user][e.ts] = raw_of(e);
    for (const auto& channel : slack_.channels()) {
        for (const auto& m : slack_.messages(channel.id))
            seen_[{channel.id, m.ts}] = Seen{render_message(m.text, m.blocks, s), raw_of(m)};
    }
}

void Feed::show_news(const std::string& viewer, const std::vector<std::string>& all_users) {
    const auto s = style();
    for (const auto& user : all_users) {
        auto& seen = ephemerals_seen_[user];
        for (const auto& e : slack_.ephemerals(user)) {
            auto raw = raw_of(e);
            const auto before = seen.find(e.ts);
            // The session already printed an ack's payload when the ack came;
            // a reply replaced through its response_url shows again (Slack's
            // copy changed, not only how its date tokens read today).
            const bool replaced = before != seen.end() && before->second != raw;
            if (user == viewer &&
                (replaced || (before == seen.end() && !e.source.starts_with("ack"))))
                print_ephemeral(e.channel, e.text, e.blocks, replaced);
            seen[e.ts] = std::move(raw);
        }
    }

    struct News {
        const emulator::Channel* channel;
        emulator::Message message;
        std::string edit;  // changed lines; empty for a new message
    };
    std::vector<News> fresh;
    std::vector<News> edits;
    const auto look_at = [&](const emulator::Channel& channel, bool visible) {
        for (auto& m : slack_.messages(channel.id)) {
            auto rendered = render_message(m.text, m.blocks, s);
            auto raw = raw_of(m);
            const auto it = seen_.find({channel.id, m.ts});
            if (it == seen_.end()) {
                if (visible) fresh.push_back({&channel, m, {}});
            } else if (it->second.raw != raw) {
                auto changed = changed_lines(it->second.rendered, rendered);
                if (visible && !changed.empty()) edits.push_back({&channel, m, changed});
            }
            seen_[{channel.id, m.ts}] = Seen{std::move(rendered), std::move(raw)};
        }
    };
    const auto channels = slack_.channels();
    for (const auto& channel : channels) look_at(channel, is_member(channel, viewer));
    // Only the viewer's own DM: other people's stay unseen until they look.
    const auto dm = slack_.app_dm(viewer);
    if (dm) look_at(*dm, true);

    std::stable_sort(fresh.begin(), fresh.end(), [](const News& a, const News& b) {
        return ts_order(a.message.ts) < ts_order(b.message.ts);
    });
    for (const auto& n : fresh) {
        if (n.channel->is_im)
            print_direct(viewer, n.message);
        else
            print_message(n.channel->name, n.message);
    }
    for (const auto& n : edits) {
        const std::string tag = n.message.pinned ? "(edited, pinned)" : "(edited)";
        const auto author = render_mrkdwn("<@" + n.message.user + ">", s).substr(1);
        print_block(n.channel->is_im ? direct_heading(viewer, n.message, tag)
                                     : "#" + n.channel->name + " · " + author + " · " +
                                           ts_clock_time(n.message.ts) + " · " + tag,
                    n.edit);
    }
}

}  // namespace sandbox
