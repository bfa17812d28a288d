// Kill soak (issue 17): prints counts, asserts nothing.
//   build/kill_soak [--kills 100] [--rate 200] [--min-ms 100] [--max-ms 1500] [--seed 17]
//                   [--quick] [--keep]
// The real incident-bot on one database, a mixed load over Socket Mode from
// the emulated Slack (declares, updates, notes, role clicks, status), and
// `kill -9` at a random moment of that load, --kills times; after each kill
// the bot starts again on the same database. At the end a last bot finishes
// the outbox and stops, and the soak checks, from the database and from what
// the emulated Slack holds:
//   - every acknowledged change is stored exactly once (each command carries
//     a unique marker, looked for in incident titles and timeline rows), and
//     no unacknowledged one twice;
//   - every incident has one channel and one opening message, pinned, and no
//     channel was created twice;
//   - no message was posted twice (the bot's block_id markers).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "bench/bot_process.hpp"
#include "bench/emulated_slack.hpp"
#include "messages/action_ids.hpp"

namespace {

using namespace std::chrono_literals;
using bench::SteadyClock;

constexpr const char* kUsage =
    "kill_soak: kill -9 the real incident-bot at random moments of a mixed load; prints counts.\n"
    "  --kills N    kill -9 and restart this many times (100)\n"
    "  --rate R     commands per second while the bot runs (200)\n"
    "  --min-ms T   shortest time from a bot's hello to its kill (100)\n"
    "  --max-ms T   longest time from a bot's hello to its kill (1500)\n"
    "  --seed S     random seed: the same seed kills at the same moments of the load (17)\n"
    "  --quick      a smoke run: 10 kills (flags given still count)\n"
    "  --keep       keep the scratch directory (database, bot.log)\n";

enum class Kind { Declare, Update, Note, Click, Status };

const char* name_of(Kind k) {
    switch (k) {
        case Kind::Declare:
            return "declares";
        case Kind::Update:
            return "updates";
        case Kind::Note:
            return "notes";
        case Kind::Click:
            return "role clicks";
        case Kind::Status:
            return "status";
    }
    return "?";
}

struct Sent {
    Kind kind;
    std::string envelope_id;
    std::string marker;      // unique text the stored change carries
    std::string channel_id;  // clicks: the incident channel clicked in
    std::string user;        // clicks: who clicked
};

struct IncidentChannel {
    std::string id, declarer, opening_ts;
};

// The incident channels with the bot's pinned opening message, found in the
// emulated Slack (opening messages, once seen, are remembered).
class Channels {
  public:
    explicit Channels(emulator::SlackEmulator& slack) : slack_(slack) {}

    const std::vector<IncidentChannel>& refresh() {
        const auto bot_id = slack_.bot_user_id();
        for (const auto& c : slack_.channels()) {
            if (c.name.rfind("incident-", 0) != 0 || known_.count(c.id)) continue;
            for (const auto& m : slack_.messages(c.id)) {
                if (m.user != bot_id || !m.pinned || !m.subtype.empty()) continue;
                std::string declarer;
                for (const auto& member : c.members)
                    if (member != bot_id) declarer = member;
                known_.insert(c.id);
                all_.push_back({c.id, declarer, m.ts});
                break;
            }
        }
        return all_;
    }

  private:
    emulator::SlackEmulator& slack_;
    std::set<std::string> known_;
    std::vector<IncidentChannel> all_;
};

// Of every ten commands: one declare, three updates, three notes, two role
// clicks ("I'll be IC", by each person in turn), one status.
class Load {
  public:
    Load(emulator::SlackEmulator& slack, std::vector<std::string> users, std::string ops)
        : slack_(slack), users_(std::move(users)), ops_(std::move(ops)) {}

    Sent next(const std::vector<IncidentChannel>& channels) {
        const auto slot = step_++ % 10;
        const auto n = std::to_string(step_);
        if (slot == 0 || channels.empty()) {
            const auto marker = "k17d" + n + "x";
            const auto& user = users_[step_ % users_.size()];
            return {Kind::Declare,
                    slack_.send_slash_command(user, ops_, "SEV2 Soak " + marker + " checkout"),
                    marker, "", user};
        }
        const auto& c = channels[turn_++ % channels.size()];
        switch (slot) {
            case 1:
            case 4:
            case 7: {
                const auto marker = "k17u" + n + "x";
                return {Kind::Update,
                        slack_.send_slash_command(
                            c.declarer, c.id,
                            "update status: investigating " + marker + " | impact: some fail"),
                        marker, c.id, c.declarer};
            }
            case 2:
            case 5:
            case 8: {
                const auto marker = "k17n" + n + "x";
                return {Kind::Note,
                        slack_.send_slash_command(c.declarer, c.id, "note Restarted " + marker),
                        marker, c.id, c.declarer};
            }
            case 3:
            case 6: {
                // Each click on a channel is by the next person: never the
                // current commander, so every click is a change.
                const auto& user = users_[clicks_[c.id]++ % users_.size()];
                return {Kind::Click, slack_.click_button(user, c.id, c.opening_ts, "I'll be IC"),
                        "", c.id, user};
            }
            default:
                return {Kind::Status, slack_.send_slash_command(c.declarer, c.id, "status"), "",
                        c.id, c.declarer};
        }
    }

  private:
    emulator::SlackEmulator& slack_;
    std::vector<std::string> users_;
    std::string ops_;
    std::map<std::string, std::size_t> clicks_;
    std::size_t step_ = 0, turn_ = 0;
};

// How often each marker occurs in `texts`; a marker ends in "x" so that
// "k17n12x" is not found inside "k17n123x".
std::map<std::string, int> count_markers(const std::vector<std::string>& texts) {
    std::map<std::string, int> counts;
    for (const auto& t : texts) {
        for (std::size_t at = t.find("k17"); at != std::string::npos; at = t.find("k17", at + 1)) {
            const auto end = t.find('x', at);
            if (end != std::string::npos) ++counts[t.substr(at, end - at + 1)];
        }
    }
    return counts;
}

std::vector<std::string> column(SQLite::Database& db, const char* sql) {
    std::vector<std::string> out;
    SQLite::Statement q(db, sql);
    while (q.executeStep()) out.push_back(q.getColumn(0).getString());
    return out;
}

long count(SQLite::Database& db, const std::string& sql) {
    SQLite::Statement q(db, sql);
    q.executeStep();
    return q.getColumn(0).getInt64();
}

std::string first_block_id(const emulator::Message& m) {
    if (!m.blocks.is_array() || m.blocks.empty() || !m.blocks[0].is_object()) return {};
    return m.blocks[0].value("block_id", std::string{});
}

}  // namespace

int main(int argc, char** argv) {
    bench::Flags flags(
        argc, argv,
        {{"kills", 100}, {"rate", 200}, {"min-ms", 100}, {"max-ms", 1500}, {"seed", 17}}, kUsage);
    if (flags.quick()) flags.set_default("kills", 10);
    if (!bench::bot_binary_present(IB_BOT_BINARY)) return 1;
    if (flags["kills"] < 0 || flags["rate"] < 1 || flags["min-ms"] < 0 ||
        flags["max-ms"] < flags["min-ms"]) {
        std::fprintf(stderr, "bad flags\n%s", kUsage);
        return 2;
    }
    const auto start = SteadyClock::now();
    std::printf(
        "kill soak: %s, %ld kills, %ld commands/s, kill %ld-%ld ms after hello, seed %ld; "
        "%s\n",
        IB_BOT_BINARY, flags["kills"], flags["rate"], flags["min-ms"], flags["max-ms"],
        flags["seed"], bench::machine_note().c_str());
    bench::ScratchDir dir("incident-bot-kill-soak", flags.keep());
    bench::EmulatedSlack world;
    auto& slack = world.slack;
    std::vector<std::string> users;
    for (int i = 1; i <= 10; ++i) users.push_back(slack.add_user("oncall" + std::to_string(i)));
    const auto ops = slack.add_channel("ops", users);
    const auto db_path = dir.file("incidents.db");
    const auto log_path = dir.file("bot.log");
    const auto env = world.bot_env(db_path, {});

    Channels channels(slack);
    Load load(slack, users, ops);
    std::vector<Sent> sent;
    std::mt19937_64 random(static_cast<std::uint64_t>(flags["seed"]));
    std::uniform_int_distribution<long> window(flags["min-ms"], flags["max-ms"]);
    const auto period = std::chrono::nanoseconds(1'000'000'000 / flags["rate"]);

    // Starts a bot and waits for its hello: null (and the log printed) if none came.
    const auto start_bot = [&]() -> std::unique_ptr<bench::BotProcess> {
        const auto opened = slack.connections_opened();
        auto bot = std::make_unique<bench::BotProcess>(IB_BOT_BINARY, env, dir.path(), log_path);
        if (!slack.wait_until([&] { return slack.connections_opened() > opened; }, 15s)) {
            std::fprintf(stderr, "the bot did not connect; its log:\n%s",
                         bench::tail(log_path).c_str());
            return nullptr;
        }
        return bot;
    };

    long kills = 0;
    for (; kills < flags["kills"]; ++kills) {
        auto bot = start_bot();
        if (!bot) return 1;
        const auto& known = channels.refresh();
        const auto kill_at = SteadyClock::now() + std::chrono::milliseconds(window(random));
        for (auto next = SteadyClock::now(); next < kill_at; next += period) {
            std::this_thread::sleep_until(next);
            sent.push_back(load.next(known));
        }
        ::kill(bot->pid(), SIGKILL);
        bot->wait(10s);
        if ((kills + 1) % 10 == 0)
            std::printf("  %ld kills, %zu commands sent, %.0f s\n", kills + 1, sent.size(),
                        std::chrono::duration<double>(SteadyClock::now() - start).count());
        std::fflush(stdout);
    }

    // The last bot: no kill; it finishes what the others started.
    std::printf("last start: waiting for the outbox to empty\n");
    std::fflush(stdout);
    auto last = start_bot();
    if (!last) return 1;
    SQLite::Database reader(db_path, SQLite::OPEN_READONLY);
    reader.setBusyTimeout(5000);
    const auto settle_start = SteadyClock::now();
    bool settled = false;
    while (SteadyClock::now() - settle_start < 300s) {
        if (count(reader, "SELECT COUNT(*) FROM outbox WHERE status = 'pending'") == 0 &&
            static_cast<long>(channels.refresh().size()) >=
                count(reader, "SELECT COUNT(*) FROM incidents")) {
            settled = true;
            break;
        }
        std::this_thread::sleep_for(200ms);
    }
    // Let the acks of the last commands (and a settle seen a poll early) land.
    std::this_thread::sleep_for(500ms);
    const auto stopped = last->stop(10s);
    const auto settle_s = std::chrono::duration<double>(SteadyClock::now() - settle_start).count();

    // ---- checks --------------------------------------------------------------
    std::set<std::string> acked, late;
    for (const auto& a : slack.acks()) {
        acked.insert(a.envelope_id);
        if (a.late) late.insert(a.envelope_id);
    }
    SQLite::Database db(db_path, SQLite::OPEN_READONLY);
    const auto titles = count_markers(column(db, "SELECT title FROM incidents"));
    const auto updates =
        count_markers(column(db, "SELECT body FROM timeline_events WHERE kind = 'update'"));
    const auto notes =
        count_markers(column(db, "SELECT body FROM timeline_events WHERE kind = 'note'"));
    // Role rows by (channel, clicker): clicks are told apart by who clicked where.
    std::map<std::pair<std::string, std::string>, long> role_rows;
    {
        SQLite::Statement q(db,
                            "SELECT i.channel_id, t.actor, COUNT(*) FROM timeline_events t JOIN "
                            "incidents i ON i.id = t.incident_id WHERE t.kind = 'role_assigned' "
                            "GROUP BY 1, 2");
        while (q.executeStep())
            role_rows[{q.getColumn(0).getString(), q.getColumn(1).getString()}] =
                q.getColumn(2).getInt64();
    }

    std::map<Kind, long> sent_by_kind, acked_by_kind;
    long acked_changes = 0, stored_once = 0, lost = 0, doubled = 0, unacked_changes = 0,
         unacked_stored = 0;
    std::map<std::pair<std::string, std::string>, std::pair<long, long>> clicks;  // sent, acked
    for (const auto& s : sent) {
        ++sent_by_kind[s.kind];
        const bool was_acked = acked.count(s.envelope_id) > 0;
        if (was_acked) ++acked_by_kind[s.kind];
        if (s.kind == Kind::Status) continue;
        if (s.kind == Kind::Click) {
            auto& c = clicks[{s.channel_id, s.user}];
            ++c.first;
            if (was_acked) ++c.second;
            continue;
        }
        const auto& stored = s.kind == Kind::Declare  ? titles
                             : s.kind == Kind::Update ? updates
                                                      : notes;
        const auto it = stored.find(s.marker);
        const int times = it == stored.end() ? 0 : it->second;
        if (times > 1) ++doubled;
        if (was_acked) {
            ++acked_changes;
            if (times == 1) ++stored_once;
            if (times == 0) ++lost;
        } else {
            ++unacked_changes;
            if (times == 1) ++unacked_stored;
        }
    }
    long clicks_acked = 0, clicks_lost = 0, clicks_doubled = 0;
    for (const auto& [key, c] : clicks) {
        const auto it = role_rows.find(key);
        const long rows = it == role_rows.end() ? 0 : it->second;
        clicks_acked += c.second;
        clicks_lost += std::max(0L, c.second - rows);
        clicks_doubled += std::max(0L, rows - c.first);
    }

    // Incidents, their channels and opening messages, as Slack holds them.
    const auto bot_id = slack.bot_user_id();
    std::map<std::string, std::string> blocks_seen;  // "channel block_id" -> ts
    long posts = 0, posted_twice = 0, unmarked = 0;
    std::set<std::string> bound;
    long incidents = 0, with_channel = 0, one_opening = 0;
    {
        SQLite::Statement q(db, "SELECT id, COALESCE(channel_id, '') FROM incidents");
        while (q.executeStep()) {
            ++incidents;
            const auto id = q.getColumn(0).getInt64();
            const auto channel_id = q.getColumn(1).getString();
            if (channel_id.empty() || !slack.channel(channel_id)) continue;
            ++with_channel;
            bound.insert(channel_id);
            const auto marker = messages::action_ids::opening_block_id(id);
            long openings = 0, pinned = 0;
            for (const auto& m : slack.messages(channel_id))
                if (m.user == bot_id && first_block_id(m) == marker) {
                    ++openings;
                    pinned += m.pinned;
                }
            if (openings == 1 && pinned == 1) ++one_opening;
        }
    }
    long bot_channels = 0;
    for (const auto& c : slack.channels()) {
        if (c.creator != bot_id) continue;
        ++bot_channels;
        std::map<std::string, int> by_marker;
        for (const auto& m : slack.messages(c.id)) {
            if (m.user != bot_id || !m.subtype.empty()) continue;
            ++posts;
            const auto marker = first_block_id(m);
            if (marker.empty())
                ++unmarked;
            else if (++by_marker[marker] == 2)
                ++posted_twice;
        }
    }
    const auto created = slack.calls("conversations.create");
    long created_ok = 0;
    for (const auto& call : created)
        if (call.response.is_object() && call.response.value("ok", false)) ++created_ok;

    const long pending = count(db, "SELECT COUNT(*) FROM outbox WHERE status = 'pending'");
    const long failed = count(db, "SELECT COUNT(*) FROM outbox WHERE status = 'failed'");

    std::printf(
        "\n%ld kill -9 at random moments, %ld restarts on the same database; %.0f s "
        "(last bot: outbox %s in %.1f s, SIGTERM exit %s)\n",
        kills, kills + 1, std::chrono::duration<double>(SteadyClock::now() - start).count(),
        settled ? "empty" : "NOT empty", settle_s,
        stopped ? std::to_string(*stopped).c_str() : "none");
    std::printf("commands sent %zu:", sent.size());
    for (const auto kind : {Kind::Declare, Kind::Update, Kind::Note, Kind::Click, Kind::Status})
        std::printf(" %s %ld (acked %ld)", name_of(kind), sent_by_kind[kind], acked_by_kind[kind]);
    std::printf(
        "\n  acked %zu (of them late %zu); not acked %zu (sent to a bot that was then "
        "killed, or while none was connected)\n",
        acked.size(), late.size(), sent.size() - std::min(sent.size(), acked.size()));
    std::printf(
        "acked changes (declares, updates, notes) stored exactly once: %ld of %ld; lost "
        "%ld\n",
        stored_once, acked_changes, lost);
    std::printf(
        "unacked changes stored: %ld of %ld (at most once is right: the kill came "
        "after the commit or before it)\n",
        unacked_stored, unacked_changes);
    std::printf("changes stored twice: %ld\n", doubled);
    std::printf(
        "acked role clicks %ld: without their timeline row %ld; rows beyond the clicks "
        "sent %ld\n",
        clicks_acked, clicks_lost, clicks_doubled);
    std::printf(
        "incidents %ld: with their channel %ld, with exactly one opening message, "
        "pinned %ld\n",
        incidents, with_channel, one_opening);
    std::printf(
        "channels the bot created %ld (conversations.create answered ok %ld times), "
        "not bound to an incident %ld\n",
        bot_channels, created_ok, bot_channels - static_cast<long>(bound.size()));
    std::printf(
        "bot messages in channels %ld: posted twice (same block_id marker) %ld, without "
        "a marker %ld\n",
        posts, posted_twice, unmarked);
    std::printf("outbox at the end: %ld pending, %ld failed\n", pending, failed);
    bench::print_log_problems(log_path);
    const bool ok = settled && lost == 0 && doubled == 0 && clicks_lost == 0 &&
                    clicks_doubled == 0 && with_channel == incidents && one_opening == incidents &&
                    bot_channels == static_cast<long>(bound.size()) && posted_twice == 0 &&
                    pending == 0 && failed == 0;
    std::printf("%s\n", ok ? "every acked change stored once, every Slack side effect once"
                           : "PROBLEMS: see above");
    return 0;
}
