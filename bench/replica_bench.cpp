// Replica benchmark (issue 15): prints figures, asserts nothing.
//   build/replica_bench [--runs 3] [--rate 500] [--paced 2500] [--burst 3000] [--warmup 50]
//                       [--failovers 3] [--lease 10] [--pg-fsync 1] [--setups 1234]
//                       [--pg-statements 0] [--quick] [--keep]
// The mixed `/incident` load of transport_bench against SQLite, and against
// PostgreSQL 15 with one, two and three replicas of the real binary behind
// one emulated Slack, which spreads the envelopes over their Socket Mode
// connections as Slack does. The PostgreSQL server is a throwaway one the
// benchmark starts itself (initdb into a temp dir, pg_ctl on a free loopback
// port), on the same machine as everything else, with PostgreSQL's own
// durability settings (fsync, synchronous_commit on), as the SQLite setup
// runs with DB_SYNC=full: both fsync before an ack. Every setup gets a fresh
// Slack and a fresh database; the setups take turns run by run so that a
// change in the machine's load falls on all of them.
//
// Failover: two replicas, a SEV1 whose status reminder falls due; the
// reminder's chat.postMessage is held by the emulated Slack (as an answer
// lost in the network would be) so that the replica that claimed it is
// known (its id, host:pid:random, is in the outbox row's claimed_by); that
// replica is killed with SIGKILL, and the figure is the time from the kill
// to the reminder posted by the other one. The lease bounds it.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "bench/bot_process.hpp"
#include "bench/emulated_slack.hpp"
#include "bench/mixed_traffic.hpp"
#include "storage/database.hpp"
#include "tests/support/postgres_server.hpp"

namespace {

using namespace std::chrono_literals;
using bench::SteadyClock;
using bench::Traffic;

constexpr const char* kUsage =
    "replica_bench: the mixed load against SQLite and against PostgreSQL with 1, 2 and 3\n"
    "replicas; then the failover time after kill -9 of the replica holding a due reminder.\n"
    "  --runs N       runs of every setup, taking turns (3; 0: the failover only)\n"
    "  --rate R       pace of the paced phase, commands per second (500)\n"
    "  --paced N      commands in the paced phase (2500)\n"
    "  --burst N      back-to-back commands for throughput at saturation (3000)\n"
    "  --warmup N     declares whose channels carry the traffic (50)\n"
    "  --failovers N  kill -9 rounds in the failover phase (3)\n"
    "  --lease S      LEASE_SECONDS of the replicas (10, the default)\n"
    "  --pg-fsync 0   run PostgreSQL without fsync, as the tests do (1: as shipped)\n"
    "  --setups D     which setups run, as digits: 1 SQLite, 2/3/4 PostgreSQL with\n"
    "                 1/2/3 replicas (1234)\n"
    "  --pg-statements N  after each PostgreSQL setup, its N most frequent statements\n"
    "                 (pg_stat_statements) per acked command, with their server time\n"
    "  --quick        a smoke run: 1 run, small counts (flags given still count)\n"
    "  --keep         keep the scratch directories (bot logs)\n";

struct Setup {
    std::string name;
    bool postgres;
    int replicas;
};

// A fresh emulated Slack with its people and #ops, a fresh database, and
// `replicas` bots on it.
class Deployment {
  public:
    Deployment(const Setup& setup, test::PostgresServer& pg, const bench::Flags& flags,
               std::map<std::string, std::string> extra = {})
        : dir_("incident-bot-replica-bench", flags.keep()), traffic_(people()) {
        if (setup.postgres) {
            url_ = pg.create_database();
            extra["INCIDENT_DB_URL"] = url_;
        }
        extra["LEASE_SECONDS"] = std::to_string(flags["lease"]);
        env_ = world_.bot_env(dir_.file("incidents.db"), extra);
        for (int i = 0; i < setup.replicas; ++i) add_replica();
    }

    // One more bot on the same database; waits for its Socket Mode connection.
    bench::BotProcess& add_replica() {
        const auto opened = slack().connections_opened();
        const auto log = dir_.file("bot" + std::to_string(++started_) + ".log");
        bots_.push_back(std::make_unique<bench::BotProcess>(IB_BOT_BINARY, env_, dir_.path(), log));
        logs_.push_back(log);
        if (!slack().wait_until([&] { return slack().connections_opened() > opened; }, 20s))
            throw std::runtime_error("a replica did not connect; its log:\n" + bench::tail(log));
        return *bots_.back();
    }

    emulator::SlackEmulator& slack() { return world_.slack; }
    Traffic& traffic() { return traffic_; }
    std::vector<std::unique_ptr<bench::BotProcess>>& bots() { return bots_; }
    const std::vector<std::string>& logs() const { return logs_; }

    // The bot's database, opened beside the running replicas.
    storage::Database& db() {
        if (!db_)
            db_ = std::make_unique<storage::Database>(url_.empty() ? env_.at("INCIDENT_DB_PATH")
                                                                   : url_);
        return *db_;
    }
    long count(const char* sql) {
        auto q = db().query(sql);
        q.step();
        return static_cast<long>(q.int64(0));
    }

    // Incident channels whose pinned opening message the bot has posted.
    std::vector<Traffic::IncidentChannel> opened_channels() {
        std::vector<Traffic::IncidentChannel> out;
        const auto bot_id = slack().bot_user_id();
        for (const auto& c : slack().channels()) {
            if (c.name.rfind("incident-", 0) != 0) continue;
            const auto messages = slack().messages(c.id);
            const auto openings = std::count_if(messages.begin(), messages.end(), [&](auto& m) {
                return m.user == bot_id && m.pinned && m.subtype.empty();
            });
            if (openings == 0) continue;
            doubled_openings_ += openings > 1;
            std::string declarer;
            for (const auto& m : c.members)
                if (m != bot_id) declarer = m;
            out.push_back({c.id, declarer});
        }
        return out;
    }
    long doubled_openings() const { return doubled_openings_; }

    // Every stored incident has its channel and opening message and the
    // outbox is empty; false after `timeout`.
    bool settle(std::chrono::seconds timeout) {
        const auto deadline = SteadyClock::now() + timeout;
        while (SteadyClock::now() < deadline) {
            doubled_openings_ = 0;
            if (count("SELECT COUNT(*) FROM outbox WHERE status = 'pending'") == 0 &&
                static_cast<long>(opened_channels().size()) >=
                    count("SELECT COUNT(*) FROM incidents"))
                return true;
            std::this_thread::sleep_for(100ms);
        }
        return false;
    }

  private:
    // Ten people on call, all in #ops.
    Traffic people() {
        std::vector<std::string> users;
        for (int i = 1; i <= 10; ++i)
            users.push_back(world_.slack.add_user("oncall" + std::to_string(i)));
        const auto ops = world_.slack.add_channel("ops", users);
        return Traffic(users, ops);
    }

    bench::ScratchDir dir_;
    bench::EmulatedSlack world_;
    Traffic traffic_;
    std::string url_;
    std::map<std::string, std::string> env_;
    std::vector<std::unique_ptr<bench::BotProcess>> bots_;
    std::vector<std::string> logs_;
    std::unique_ptr<storage::Database> db_;
    int started_ = 0;
    long doubled_openings_ = 0;
};

struct Acked {
    std::vector<double> latency_ms;
    std::size_t missing = 0, late = 0;
    double seconds = 0;  // first send to last ack
};

// Sends `commands` (at `rate` per second, or back to back when 0) and
// collects their acks: every one, or until none has come for 4 s.
Acked send(Deployment& d, const std::vector<Traffic::Command>& commands, long rate) {
    auto& slack = d.slack();
    std::vector<std::pair<std::string, SteadyClock::time_point>> sent;
    const auto period = std::chrono::nanoseconds(1'000'000'000 / std::max(rate, 1L));
    const auto start = SteadyClock::now();
    for (std::size_t i = 0; i < commands.size(); ++i) {
        if (rate > 0) std::this_thread::sleep_until(start + static_cast<long>(i) * period);
        const auto& c = commands[i];
        const auto at = SteadyClock::now();
        sent.emplace_back(slack.send_slash_command(c.user, c.channel, c.text), at);
    }
    Acked out;
    std::unordered_map<std::string, emulator::AckRecord> by_id;
    std::size_t seen = 0;
    auto progress = SteadyClock::now();
    for (;;) {
        by_id.clear();
        for (auto& a : slack.acks()) by_id.emplace(a.envelope_id, std::move(a));
        std::size_t found = 0;
        for (const auto& s : sent) found += by_id.count(s.first);
        if (found > seen) seen = found, progress = SteadyClock::now();
        if (found == sent.size() || SteadyClock::now() - progress > 4s) break;
        std::this_thread::sleep_for(20ms);
    }
    SteadyClock::time_point last{};
    for (const auto& [id, at] : sent) {
        const auto it = by_id.find(id);
        if (it == by_id.end()) {
            ++out.missing;
            continue;
        }
        out.late += it->second.late;
        out.latency_ms.push_back(bench::ms(it->second.latency));
        last = std::max(last,
                        at + std::chrono::duration_cast<SteadyClock::duration>(it->second.latency));
    }
    out.seconds = std::chrono::duration<double>(last - start).count();
    return out;
}

// The statements the replicas sent PostgreSQL, most frequent first, per
// acknowledged command (pg_stat_statements counts each statement of a
// multi-statement round trip on its own).
void print_statements(Deployment& d, long top, double commands) {
    auto total = d.db().query(
        "SELECT SUM(calls), SUM(total_exec_time) FROM pg_stat_statements "
        "WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())");
    total.step();
    std::printf("    statements per acked command: %.1f, server time %.3f ms per command\n",
                static_cast<double>(total.int64(0)) / commands,
                std::stod(total.text(1).empty() ? "0" : total.text(1)) / commands);
    auto q = d.db().query(
        "SELECT calls, total_exec_time, regexp_replace(query, '\\s+', ' ', 'g') "
        "FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE "
        "datname = current_database()) ORDER BY calls DESC LIMIT ?1");
    q.bind(1, top);
    while (q.step())
        std::printf(
            "    %6.2f  %7.4f ms  %.110s\n", static_cast<double>(q.int64(0)) / commands,
            std::stod(q.text(1)) / static_cast<double>(std::max<std::int64_t>(1, q.int64(0))),
            q.text(2).c_str());
}

using Figures = std::vector<std::pair<std::string, double>>;

Figures run_setup(const Setup& setup, test::PostgresServer& pg, const bench::Flags& flags) {
    Deployment d(setup, pg, flags);
    auto& traffic = d.traffic();
    std::vector<Traffic::Command> warmup;
    for (long i = 0; i < flags["warmup"]; ++i) warmup.push_back(traffic.declare("Warm-up"));
    send(d, warmup, 0);
    if (!d.settle(60s)) throw std::runtime_error(setup.name + ": the warm-up did not settle");
    traffic.set_channels(d.opened_channels());

    std::vector<Traffic::Command> paced_commands, burst_commands;
    for (long i = 0; i < flags["paced"]; ++i) paced_commands.push_back(traffic.next());
    for (long i = 0; i < flags["burst"]; ++i) burst_commands.push_back(traffic.next());
    if (setup.postgres && flags["pg-statements"] > 0) {
        d.db().query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements").run();
        d.db().query("SELECT pg_stat_statements_reset()").step();
    }
    const auto paced = send(d, paced_commands, flags["rate"]);
    d.settle(120s);
    const auto burst = send(d, burst_commands, 0);
    const bool settled = d.settle(120s);

    // Nothing lost, nothing twice: every declare stored once with one
    // channel and one opening message, every update and note once.
    const long declares = traffic.declares();
    const long incidents = d.count("SELECT COUNT(*) FROM incidents");
    const long channels = static_cast<long>(d.opened_channels().size());
    const long doubled_rows = d.count(
        "SELECT COUNT(*) FROM (SELECT body FROM timeline_events WHERE kind IN ('update', 'note') "
        "GROUP BY incident_id, kind, body HAVING COUNT(*) > 1) AS twice");
    const auto s = bench::summarise(paced.latency_ms);
    const auto b = bench::summarise(burst.latency_ms);
    const double rate = static_cast<double>(burst.latency_ms.size()) / burst.seconds;
    std::printf(
        "  %-22s paced %ld/s: p50 %6.2f ms  p99 %7.2f ms  max %7.2f ms | burst %ld: p99 %7.0f "
        "ms, %5.0f acked/s, %zu late | %ld declares, %ld stored, %ld channels, %ld doubled "
        "openings, %ld doubled rows, %zu + %zu not acked%s\n",
        setup.name.c_str(), flags["rate"], s.p50, s.p99, s.max, flags["burst"], b.p99, rate,
        burst.late, declares, incidents, channels, d.doubled_openings(), doubled_rows,
        paced.missing, burst.missing, settled ? "" : " (Slack work NOT done in 120 s)");
    std::fflush(stdout);
    if (setup.postgres && flags["pg-statements"] > 0)
        print_statements(d, flags["pg-statements"],
                         static_cast<double>(paced.latency_ms.size() + burst.latency_ms.size()));
    for (std::size_t i = 0; i < d.logs().size(); ++i) {
        std::printf("    replica %zu ", i + 1);
        bench::print_log_problems(d.logs()[i]);
    }
    return {{"paced p50 ms", s.p50},
            {"paced p99 ms", s.p99},
            {"paced max ms", s.max},
            {"burst p99 ms", b.p99},
            {"saturation acked/s", rate},
            {"acked late or never",
             static_cast<double>(paced.late + paced.missing + burst.late + burst.missing)},
            {"lost or doubled",
             static_cast<double>(std::abs(declares - incidents) + std::abs(incidents - channels) +
                                 d.doubled_openings() + doubled_rows)}};
}

// The pid in a replica id "host:pid:random".
pid_t claimant_pid(const std::string& replica_id) {
    const auto a = replica_id.find(':'), b = replica_id.rfind(':');
    if (a == std::string::npos || b <= a) return -1;
    return static_cast<pid_t>(std::stol(replica_id.substr(a + 1, b - a - 1)));
}

std::size_t reminders(emulator::SlackEmulator& slack, const std::string& channel) {
    const auto messages = slack.messages(channel);
    return static_cast<std::size_t>(std::count_if(messages.begin(), messages.end(), [](auto& m) {
        return m.text.find("Status update due") != std::string::npos ||
               m.blocks.dump().find("Status update due") != std::string::npos;
    }));
}

void failover(test::PostgresServer& pg, const bench::Flags& flags) {
    std::printf(
        "\nfailover: 2 replicas on PostgreSQL, LEASE_SECONDS=%ld, SEV1 reminders every 3 s\n",
        flags["lease"]);
    Deployment d({"failover", true, 2}, pg, flags, {{"REMINDER_CADENCE_SEV1", "3s"}});
    auto& slack = d.slack();
    std::vector<double> takeover_s;
    std::set<std::string> resolved;  // channels of earlier rounds
    for (long round = 1; round <= flags["failovers"]; ++round) {
        auto declare = d.traffic().declare("Failover");
        declare.text.replace(0, 4, "SEV1");
        send(d, {declare}, 0);
        if (!d.settle(30s)) throw std::runtime_error("failover: the declare did not settle");
        std::string channel, declarer;
        for (const auto& c : d.opened_channels())
            if (!resolved.count(c.id)) channel = c.id, declarer = c.user;
        const auto incident = d.count("SELECT MAX(id) FROM incidents");
        const auto before = reminders(slack, channel);
        // The next chat.postMessage is this reminder: hold it longer than the benchmark runs.
        slack.inject("chat.postMessage", {emulator::Fault::Kind::Delay, 1, 503, 3600s});
        std::string holder;
        const auto deadline = SteadyClock::now() + 10s;
        while (holder.empty() && SteadyClock::now() < deadline) {
            auto q = d.db().query(
                "SELECT claimed_by FROM outbox WHERE status = 'pending' AND claimed_by <> '' "
                "AND attempts = 0 AND incident_id = ?1");
            q.bind(1, static_cast<std::int64_t>(incident));
            if (q.step()) holder = q.text(0);
            std::this_thread::sleep_for(1ms);
        }
        auto& bots = d.bots();
        const auto victim = std::find_if(bots.begin(), bots.end(),
                                         [&](auto& b) { return b->pid() == claimant_pid(holder); });
        if (victim == bots.end())
            throw std::runtime_error("failover: no replica claimed the reminder");
        const auto killed = SteadyClock::now();
        (*victim)->kill_hard();
        const bool posted =
            bench::EmulatedSlack::spin_until([&] { return reminders(slack, channel) > before; },
                                             std::chrono::seconds(flags["lease"] + 30), 5ms);
        const double s = std::chrono::duration<double>(SteadyClock::now() - killed).count();
        std::printf("  round %ld: killed pid %d holding the reminder; %s %.2f s after the kill\n",
                    round, static_cast<int>((*victim)->pid()),
                    posted ? "the other replica posted it" : "NOT posted", s);
        std::fflush(stdout);
        if (posted) takeover_s.push_back(s);
        bots.erase(victim);
        d.add_replica();
        // Resolved, its reminders stop: the next round's is the only one due.
        send(d, {{declarer, channel, "resolve failover round " + std::to_string(round)}}, 0);
        resolved.insert(channel);
    }
    const auto f = bench::spread(takeover_s);
    std::printf(
        "  kill -9 -> reminder posted by another replica: min %.2f / median %.2f / max %.2f s "
        "over %zu rounds (bound: the lease, %ld s)\n",
        f.min, f.median, f.max, takeover_s.size(), flags["lease"]);
}

// One line per setup: each figure as min / median / max over the runs.
void print_spread(std::map<std::string, std::vector<Figures>>& runs,
                  const std::vector<Setup>& setups, long n) {
    std::printf("\nmin / median / max over %ld runs; %s at the end\n", n,
                bench::machine_note().c_str());
    std::printf("  %-24s", "setup");
    for (const auto& [name, value] : runs.begin()->second.front()) {
        (void)value;
        std::printf("  %-24s", name.c_str());
    }
    std::printf("\n");
    for (const auto& setup : setups) {
        std::printf("  %-24s", setup.name.c_str());
        const auto& figures = runs[setup.name];
        for (std::size_t k = 0; k < figures.front().size(); ++k) {
            std::vector<double> values;
            for (const auto& f : figures) values.push_back(f[k].second);
            const auto s = bench::spread(values);
            char cell[64];
            std::snprintf(cell, sizeof cell, "%.3g / %.3g / %.3g", s.min, s.median, s.max);
            std::printf("  %-24s", cell);
        }
        std::printf("\n");
    }
}

}  // namespace

int main(int argc, char** argv) {
    bench::Flags flags(argc, argv,
                       {{"runs", 3},
                        {"rate", 500},
                        {"paced", 2500},
                        {"burst", 3000},
                        {"warmup", 50},
                        {"failovers", 3},
                        {"lease", 10},
                        {"pg-fsync", 1},
                        {"setups", 1234},
                        {"pg-statements", 0}},
                       kUsage);
    if (flags.quick()) {
        flags.set_default("runs", 1);
        flags.set_default("paced", 500);
        flags.set_default("burst", 500);
        flags.set_default("warmup", 20);
        flags.set_default("failovers", 1);
        flags.set_default("lease", 3);
    }
    if (!bench::bot_binary_present(IB_BOT_BINARY)) return 1;
    if (flags["runs"] < 0 || flags["rate"] < 1 || flags["warmup"] < 1 || flags["lease"] < 1) {
        std::fprintf(stderr, "--rate, --warmup and --lease must be at least 1\n%s", kUsage);
        return 2;
    }
    const auto date = bench::utc_now();
    std::printf("replica bench: %s, %ld runs per setup; PostgreSQL %s; %s; %s\n", IB_BOT_BINARY,
                flags["runs"], flags["pg-fsync"] ? "with fsync" : "WITHOUT fsync", date.c_str(),
                bench::machine_note().c_str());
    try {
        test::PostgresServer pg(
            flags["pg-fsync"] ? test::PostgresServer::Disk::Durable
                              : test::PostgresServer::Disk::NoSync,
            flags["pg-statements"] > 0
                ? "-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all"
                : "");
        const std::vector<Setup> all = {{"SQLite", false, 1},
                                        {"PostgreSQL, 1 replica", true, 1},
                                        {"PostgreSQL, 2 replicas", true, 2},
                                        {"PostgreSQL, 3 replicas", true, 3}};
        std::vector<Setup> setups;
        const auto chosen = std::to_string(flags["setups"]);
        for (std::size_t i = 0; i < all.size(); ++i)
            if (chosen.find(static_cast<char>('1' + i)) != std::string::npos)
                setups.push_back(all[i]);
        if (setups.empty() && flags["runs"] > 0) {
            std::fprintf(stderr, "--setups names none of 1, 2, 3, 4\n%s", kUsage);
            return 2;
        }
        std::map<std::string, std::vector<Figures>> runs;
        for (long i = 0; i < flags["runs"]; ++i) {
            std::printf("\nrun %ld of %ld\n", i + 1, flags["runs"]);
            for (const auto& setup : setups)
                runs[setup.name].push_back(run_setup(setup, pg, flags));
        }
        if (flags["runs"] > 0) print_spread(runs, setups, flags["runs"]);
        failover(pg, flags);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "replica_bench: %s\n", e.what());
        return 1;
    }
    return 0;
}
