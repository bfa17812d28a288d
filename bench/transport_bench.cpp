// Transport benchmark (issues 5 and 17): prints figures, asserts nothing.
//   build/transport_bench [--runs 5] [--db-sync full|normal|both] [--quick] [--warmup 100]
//                         [--paced 5000] [--rate 1000] [--small-burst 200] [--burst 10000]
//                         [--reconnects 10] [--close-after-ms 10000] [--bot-cpu N] [--bot PATH] [--keep]
// Every figure is printed per run and then as min / median / max over the
// runs (each a fresh bot on a fresh database), with the core count and load:
// on a shared 2-core machine one run says little.
// Runs the real incident-bot binary against the emulated Slack (in this
// process, on its own thread) and sends `/incident` traffic over Socket Mode:
// declares in #ops, and updates, notes and status requests in the channels
// earlier declares created. Ack latency is the emulator's: from the moment it
// hands the envelope to its socket to the moment the ack frame is read, all
// on loopback. The bot answers a slash command after its SQLite transaction
// (the ack carries the reply), so that write is inside these figures.
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

#include <sys/resource.h>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "bench/bot_process.hpp"
#include "bench/emulated_slack.hpp"
#include "bench/mixed_traffic.hpp"

namespace {

using namespace std::chrono_literals;
using bench::SteadyClock;
using bench::Traffic;

constexpr const char* kUsage =
    "transport_bench: the real incident-bot against the emulated Slack; prints figures as\n"
    "min / median / max over the runs, each run a fresh bot on a fresh database.\n"
    "  --runs N         runs per DB_SYNC mode (5)\n"
    "  --db-sync M      full | normal | both: the bot's DB_SYNC; both alternates the two\n"
    "                   and prints them side by side (full)\n"
    "  --quick          a smoke run: 2 runs, small counts (flags given still count)\n"
    "  --warmup N       declares whose channels carry the later traffic (100)\n"
    "  --paced N        commands sent at --rate per second (5000)\n"
    "  --rate R         pace of the paced phase, commands per second (1000)\n"
    "  --small-burst N  back-to-back commands, Bolt's published case (200)\n"
    "  --burst N        back-to-back commands for sustained throughput (10000)\n"
    "  --reconnects N   rounds each of refresh_requested and TCP drop (10)\n"
    "  --close-after-ms T  Slack closes a refreshed socket T ms after `disconnect` (10000)\n"
    "  --bot-cpu N      the bot alone on CPU N, this bench (the emulated Slack, the sender)\n"
    "                   on the others: its figures without the measuring side's CPU in them;\n"
    "                   core counts printed after the start are then this bench's (-1: shared)\n"
    "  --bot PATH       the program to run as the bot (this build's incident-bot); a wrapper\n"
    "                   that execs it under a profiler, as bench/instructions.sh does\n"
    "  --keep           keep the scratch directory (database, bot.log)\n";

struct Sent {
    std::string envelope_id;
    SteadyClock::time_point at;  // just before the emulator was asked to send it
};

// What the emulator saw of a batch of envelopes.
struct Outcome {
    std::vector<double> latency_ms;
    std::size_t missing = 0, late = 0;
    SteadyClock::time_point first_sent{}, last_acked{};
    // CPU seconds spent from the first send to the last ack: by the bot, and
    // by this process (the sender and the emulated Slack's thread).
    double bot_cpu = 0, slack_cpu = 0;
    // Seconds the bot's threads were ready to run but had no CPU.
    double bot_wait = 0;
};

double own_cpu_seconds() {
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
    };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

class Run {
  public:
    Run(emulator::SlackEmulator& slack, const bench::BotProcess& bot, const std::string& db_path,
        Traffic& traffic)
        : slack_(slack), bot_(bot), db_path_(db_path), traffic_(traffic) {}

    Sent send(const Traffic::Command& c) {
        const auto at = SteadyClock::now();
        return {slack_.send_slash_command(c.user, c.channel, c.text), at};
    }

    // Waits for every ack of `sent`, or until none has come for 4 s: Slack's
    // deadline is 3 s, so an envelope still unacked then is lost for good.
    // The CPU figures are read when the last ack is seen.
    Outcome collect(const std::vector<Sent>& sent) {
        Outcome out;
        if (sent.empty()) return out;
        out.first_sent = sent.front().at;
        slack_.wait_for_ack(sent.back().envelope_id, 3s);
        std::unordered_map<std::string, emulator::AckRecord> by_id;
        std::size_t seen = 0;
        auto progress = SteadyClock::now();
        std::pair<double, double> cpu_at_progress{bot_.cpu_seconds(), own_cpu_seconds()};
        double wait_at_progress = bot_.runqueue_wait_seconds();
        for (;;) {
            by_id.clear();
            for (auto& a : slack_.acks()) by_id.emplace(a.envelope_id, std::move(a));
            std::size_t found = 0;
            for (const auto& s : sent) found += by_id.count(s.envelope_id);
            if (found > seen) {
                seen = found;
                progress = SteadyClock::now();
                cpu_at_progress = {bot_.cpu_seconds(), own_cpu_seconds()};
                wait_at_progress = bot_.runqueue_wait_seconds();
            }
            if (found == sent.size() || SteadyClock::now() - progress > 4s) break;
            std::this_thread::sleep_for(250ms);
        }
        out.bot_cpu = cpu_at_progress.first - cpu_at_start_.first;
        out.slack_cpu = cpu_at_progress.second - cpu_at_start_.second;
        out.bot_wait = wait_at_progress - wait_at_start_;
        for (const auto& s : sent) {
            const auto it = by_id.find(s.envelope_id);
            if (it == by_id.end()) {
                ++out.missing;
                continue;
            }
            out.late += it->second.late;
            out.latency_ms.push_back(bench::ms(it->second.latency));
            out.last_acked = std::max(
                out.last_acked,
                s.at + std::chrono::duration_cast<SteadyClock::duration>(it->second.latency));
        }
        return out;
    }

    // Commands at `rate` per second: each sent at its slot, or at once when
    // the sender fell behind (the achieved rate is printed).
    Outcome paced(long n, long rate, bool status_only = false) {
        std::vector<Sent> sent;
        sent.reserve(static_cast<std::size_t>(n));
        const auto period = std::chrono::nanoseconds(1'000'000'000 / std::max(rate, 1L));
        start_cpu();
        const auto start = SteadyClock::now();
        for (long i = 0; i < n; ++i) {
            std::this_thread::sleep_until(start + i * period);
            sent.push_back(send(status_only ? traffic_.status() : traffic_.next()));
        }
        paced_seconds_ = std::chrono::duration<double>(SteadyClock::now() - start).count();
        return collect(sent);
    }

    Outcome burst(long n) {
        std::vector<Traffic::Command> commands;
        for (long i = 0; i < n; ++i) commands.push_back(traffic_.next());
        std::vector<Sent> sent;
        sent.reserve(commands.size());
        start_cpu();
        for (const auto& c : commands) sent.push_back(send(c));
        burst_send_seconds_ =
            std::chrono::duration<double>(SteadyClock::now() - sent.front().at).count();
        return collect(sent);
    }

    // Incident channels that have the bot's pinned opening message.
    std::vector<Traffic::IncidentChannel> incident_channels() {
        std::vector<Traffic::IncidentChannel> out;
        const auto bot_id = slack_.bot_user_id();
        for (const auto& c : slack_.channels()) {
            if (c.name.rfind("incident-", 0) != 0) continue;
            if (!confirmed_.count(c.id)) {
                const auto messages = slack_.messages(c.id);
                const bool opened = std::any_of(messages.begin(), messages.end(), [&](auto& m) {
                    return m.user == bot_id && m.pinned && m.subtype.empty();
                });
                if (!opened) continue;
                confirmed_.insert(c.id);
            }
            std::string declarer;
            for (const auto& m : c.members)
                if (m != bot_id) declarer = m;
            out.push_back({c.id, declarer});
        }
        return out;
    }

    // Every incident the bot stored has its channel and pinned opening
    // message, and the bot's outbox holds nothing pending. Returns when that
    // was first seen (polled every 100 ms).
    std::optional<SteadyClock::time_point> settle(std::chrono::seconds timeout) {
        const auto start = SteadyClock::now();
        while (SteadyClock::now() - start < timeout) {
            if (outbox_count("pending") == 0 &&
                static_cast<long>(incident_channels().size()) >= stored_incidents())
                return SteadyClock::now();
            std::this_thread::sleep_for(100ms);
        }
        return std::nullopt;
    }

    // Read from the bot's database file, beside the running bot (WAL).
    SQLite::Database& db() {
        if (!db_) {
            db_ = std::make_unique<SQLite::Database>(db_path_, SQLite::OPEN_READONLY);
            db_->setBusyTimeout(5000);
        }
        return *db_;
    }

    long stored_incidents() {
        SQLite::Statement q(db(), "SELECT COUNT(*) FROM incidents");
        q.executeStep();
        return q.getColumn(0).getInt64();
    }

    // Rows of the bot's outbox in a state.
    long outbox_count(const char* status) {
        SQLite::Statement q(db(), "SELECT COUNT(*) FROM outbox WHERE status = ?");
        q.bind(1, status);
        q.executeStep();
        return q.getColumn(0).getInt64();
    }

    std::vector<std::string> failed_rows() {
        std::vector<std::string> out;
        SQLite::Statement q(db(),
                            "SELECT kind, last_error FROM outbox WHERE status = 'failed' LIMIT 5");
        while (q.executeStep())
            out.push_back(q.getColumn(0).getString() + ": " + q.getColumn(1).getString());
        return out;
    }

    // One disconnect: from the moment Slack sends `disconnect` (or drops the
    // TCP connection) to the new connection's hello, and to the acks of two
    // commands sent right after it. Two, because Slack spreads envelopes over
    // the open connections, and after a refresh the old one is still open:
    // the first ack is the next acked envelope, the second shows both
    // connections serve.
    struct Reconnect {
        double hello_ms = -1, first_ack_ms = -1, both_acks_ms = -1;
    };
    Reconnect reconnect(bool drop, const Traffic::IncidentChannel& where) {
        Reconnect r;
        // A refresh starts from one open connection (the drop before it
        // closed the refreshed one); a drop takes down whatever is open.
        if (!drop)
            bench::EmulatedSlack::spin_until([&] { return slack_.open_connections() == 1; }, 15s);
        std::this_thread::sleep_for(50ms);
        const auto opened = slack_.connections_opened();
        const auto t0 = SteadyClock::now();
        if (drop)
            slack_.drop_connections();
        else
            slack_.send_disconnect("refresh_requested");
        if (!bench::EmulatedSlack::spin_until([&] { return slack_.connections_opened() > opened; },
                                              10s))
            return r;
        r.hello_ms = bench::ms(SteadyClock::now() - t0);
        const auto sent_at = SteadyClock::now();
        const auto a = slack_.send_slash_command(where.user, where.id, "status");
        const auto b = slack_.send_slash_command(where.user, where.id, "status");
        const auto ack_a = slack_.wait_for_ack(a, 5s), ack_b = slack_.wait_for_ack(b, 5s);
        if (!ack_a || !ack_b) return r;
        const auto acked_ms = [&](const emulator::AckRecord& ack) {
            return bench::ms(sent_at - t0) + bench::ms(ack.latency);
        };
        r.first_ack_ms = std::min(acked_ms(*ack_a), acked_ms(*ack_b));
        r.both_acks_ms = std::max(acked_ms(*ack_a), acked_ms(*ack_b));
        return r;
    }

    // A refresh in the middle of a stream of commands: none may be lost.
    Outcome refresh_under_traffic(long n, long rate) {
        std::vector<Sent> sent;
        const auto period = std::chrono::nanoseconds(1'000'000'000 / rate);
        bench::EmulatedSlack::spin_until([&] { return slack_.open_connections() == 1; }, 15s);
        start_cpu();
        const auto start = SteadyClock::now();
        for (long i = 0; i < n; ++i) {
            std::this_thread::sleep_until(start + i * period);
            if (i == n / 4) slack_.send_disconnect("refresh_requested");
            sent.push_back(send(traffic_.next()));
        }
        return collect(sent);
    }

    void start_cpu() {
        cpu_at_start_ = {bot_.cpu_seconds(), own_cpu_seconds()};
        wait_at_start_ = bot_.runqueue_wait_seconds();
    }
    double paced_seconds() const { return paced_seconds_; }
    double burst_send_seconds() const { return burst_send_seconds_; }

  private:
    emulator::SlackEmulator& slack_;
    const bench::BotProcess& bot_;
    std::string db_path_;
    Traffic& traffic_;
    std::set<std::string> confirmed_;
    std::unique_ptr<SQLite::Database> db_;
    std::pair<double, double> cpu_at_start_{0, 0};
    double wait_at_start_ = 0;
    double paced_seconds_ = 0, burst_send_seconds_ = 0;
};

// How long after `from` the Slack work was seen done.
std::string seconds_after(const std::optional<SteadyClock::time_point>& done,
                          SteadyClock::time_point from) {
    if (!done) return "NOT within 120 s";
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.2f s",
                  std::max(0.0, std::chrono::duration<double>(*done - from).count()));
    return buf;
}

// One run's figures, in the order they are printed.
class Figures {
  public:
    void add(const std::string& name, double value) {
        for (auto& [n, v] : values_)
            if (n == name) {
                v = value;
                return;
            }
        values_.emplace_back(name, value);
    }
    void latency(const std::string& what, const Outcome& o) {
        const auto s = bench::summarise(o.latency_ms);
        add(what + " p50 ms", s.p50);
        add(what + " p99 ms", s.p99);
        add(what + " max ms", s.max);
        add(what + ": bot waited for a CPU, ms", 1000.0 * o.bot_wait);
    }
    const std::vector<std::pair<std::string, double>>& values() const { return values_; }

  private:
    std::vector<std::pair<std::string, double>> values_;
};

void print_latency(const char* what, const Outcome& o, const char* target) {
    const auto s = bench::summarise(o.latency_ms);
    std::printf(
        "  %-38s p50 %7.3f ms  p99 %7.3f ms  max %8.3f ms  (%zu acked, %zu missing, "
        "%zu late)%s%s\n",
        what, s.p50, s.p99, s.max, s.n, o.missing, o.late, *target ? "  target: " : "", target);
    const auto n = static_cast<double>(std::max<std::size_t>(s.n, 1));
    std::printf(
        "  %-38s per command: bot CPU %.3f ms, bot waiting for a CPU %.3f ms, sender + "
        "emulated Slack CPU %.3f ms\n",
        "", 1000.0 * o.bot_cpu / n, 1000.0 * o.bot_wait / n, 1000.0 * o.slack_cpu / n);
}

// One complete run: a fresh bot on a fresh database with DB_SYNC=`sync`, the
// whole sequence of phases, its figures printed and returned. Empty figures
// when the bot could not even start.
Figures run_once(const bench::Flags& flags, const std::string& sync) {
    Figures fig;
    const auto total_start = SteadyClock::now();
    bench::ScratchDir dir("incident-bot-transport-bench", flags.keep());

    emulator::Options options;
    options.disconnect_close_after = std::chrono::milliseconds(flags["close-after-ms"]);
    bench::EmulatedSlack world(options);
    auto& slack = world.slack;
    std::vector<std::string> users;
    for (int i = 1; i <= 10; ++i) users.push_back(slack.add_user("oncall" + std::to_string(i)));
    const auto ops = slack.add_channel("ops", users);
    Traffic traffic(users, ops);

    const auto db_path = dir.file("incidents.db");
    const auto log_path = dir.file("bot.log");
    bench::BotProcess bot(
        flags.text("bot"), world.bot_env(db_path, {{"DB_SYNC", sync}}), dir.path(), log_path,
        flags["bot-cpu"] < 0 ? std::nullopt
                             : std::optional<int>(static_cast<int>(flags["bot-cpu"])));
    if (!slack.wait_until([&] { return slack.open_connections() > 0; }, 10s)) {
        std::fprintf(stderr, "the bot did not connect; its log:\n%s",
                     bench::tail(log_path).c_str());
        return {};
    }
    const auto started = bot.memory();
    Run run(slack, bot, db_path, traffic);

    std::printf("DB_SYNC=%s, bot pid %d, log %s%s; %s\n", sync.c_str(), static_cast<int>(bot.pid()),
                log_path.c_str(), flags.keep() ? "" : " (removed at exit; --keep keeps it)",
                bench::machine_note().c_str());

    // Warm-up: incidents whose channels carry the updates, notes and status requests.
    std::vector<Sent> warmup;
    for (long i = 0; i < flags["warmup"]; ++i)
        warmup.push_back(run.send(traffic.declare("Warm-up")));
    const auto warm = run.collect(warmup);
    const auto warm_settled = run.settle(60s);
    if (!warm_settled || warm.latency_ms.empty()) {
        std::fprintf(stderr, "warm-up declares did not all get their channel; bot log:\n%s",
                     bench::tail(log_path).c_str());
        return {};
    }
    traffic.set_channels(run.incident_channels());
    std::printf(
        "  warm-up: %ld declares acked (%zu missing); channels, invites, opening "
        "messages, pins and topics done %s after the last ack\n",
        flags["warmup"], warm.missing, seconds_after(warm_settled, warm.last_acked).c_str());

    const long status_n = std::max(1L, flags["paced"] / 5);
    const auto reads = run.paced(status_n, flags["rate"], true);
    print_latency(("paced " + std::to_string(flags["rate"]) + "/s, " + std::to_string(status_n) +
                   " status (read only)")
                      .c_str(),
                  reads, "");
    fig.latency("paced status", reads);
    const auto paced = run.paced(flags["paced"], flags["rate"]);
    print_latency(("paced " + std::to_string(flags["rate"]) + "/s, " +
                   std::to_string(flags["paced"]) + " commands")
                      .c_str(),
                  paced, "p99 < 1 ms");
    fig.latency("paced mix", paced);
    fig.add("paced mix bot CPU ms/command",
            1000.0 * paced.bot_cpu /
                static_cast<double>(std::max<std::size_t>(paced.latency_ms.size(), 1)));
    std::printf("  %-38s %.0f commands/s achieved by the sender (%.2f s)\n", "",
                static_cast<double>(flags["paced"]) / run.paced_seconds(), run.paced_seconds());
    const auto paced_settled = run.settle(120s);

    const auto small = run.burst(flags["small-burst"]);
    print_latency(("burst of " + std::to_string(flags["small-burst"])).c_str(), small,
                  "Bolt for JavaScript ~300 ms p99");
    fig.latency("burst " + std::to_string(flags["small-burst"]), small);
    run.settle(120s);

    const auto burst = run.burst(flags["burst"]);
    const auto big = "burst " + std::to_string(flags["burst"]);
    print_latency(("burst of " + std::to_string(flags["burst"])).c_str(), burst, "");
    fig.latency(big, burst);
    fig.add(big + " acked late (> 3 s) or never", static_cast<double>(burst.late + burst.missing));
    const double burst_s =
        std::chrono::duration<double>(burst.last_acked - burst.first_sent).count();
    fig.add(big + " envelopes/s", static_cast<double>(burst.latency_ms.size()) / burst_s);
    std::printf(
        "  sustained: %zu envelopes acked, first send -> last ack %.3f s = %.0f envelopes/s "
        "(the emulator took %.3f s to send all %ld)\n",
        burst.latency_ms.size(), burst_s, static_cast<double>(burst.latency_ms.size()) / burst_s,
        run.burst_send_seconds(), flags["burst"]);
    if (burst.missing)
        std::printf("  %zu envelopes of the burst were never acked (see the bot log below)\n",
                    burst.missing);
    const auto burst_settled = run.settle(120s);
    std::printf(
        "  Slack work behind the traffic (channels, invites, posts, pins, topics, "
        "opening-message updates) done: paced phase %s after its last ack, burst %s\n",
        seconds_after(paced_settled, paced.last_acked).c_str(),
        seconds_after(burst_settled, burst.last_acked).c_str());
    if (burst_settled)
        fig.add(big + " Slack work done s after last ack",
                std::chrono::duration<double>(*burst_settled - burst.last_acked).count());

    // Reconnects, measured on an otherwise quiet link.
    const auto probe = run.incident_channels().front();
    std::map<std::string, std::vector<double>> figures;
    int reconnect_failures = 0;
    for (long i = 0; i < flags["reconnects"]; ++i) {
        for (const bool drop : {false, true}) {
            const auto r = run.reconnect(drop, probe);
            if (r.both_acks_ms < 0) {
                ++reconnect_failures;
                continue;
            }
            const std::string what = drop ? "drop" : "refresh";
            figures[what + " hello"].push_back(r.hello_ms);
            figures[what + " first"].push_back(r.first_ack_ms);
            figures[what + " both"].push_back(r.both_acks_ms);
        }
    }
    std::printf("  reconnect (%ld rounds each, on a quiet link; target < 100 ms)\n",
                flags["reconnects"]);
    const auto line = [&](const char* label, const std::string& key) {
        const auto s = bench::summarise(figures[key]);
        std::printf("    %-55s p50 %6.2f ms  max %6.2f ms\n", label, s.p50, s.max);
    };
    line("disconnect (refresh_requested) -> new hello", "refresh hello");
    line("disconnect (refresh_requested) -> next ack", "refresh first");
    line("disconnect (refresh_requested) -> acks on both sockets", "refresh both");
    line("abrupt TCP drop -> new hello", "drop hello");
    line("abrupt TCP drop -> next ack", "drop first");
    fig.add("refresh -> next ack p50 ms", bench::summarise(figures["refresh first"]).p50);
    fig.add("TCP drop -> next ack p50 ms", bench::summarise(figures["drop first"]).p50);
    if (reconnect_failures)
        std::printf("  %d rounds did not reconnect and ack within 10 s\n", reconnect_failures);
    const auto during = run.refresh_under_traffic(std::min(1000L, flags["paced"]), 1000);
    print_latency("refresh during 1,000/s traffic", during, "none missing");

    // Everything the run asked for has happened in Slack.
    const auto final_settled = run.settle(120s);
    const auto memory = bot.memory();
    const auto sent_total = slack.envelopes().size();
    const auto acks = slack.acks();
    const auto failures = slack.failures();
    std::size_t late = 0;
    for (const auto& a : acks) late += a.late;
    const auto declared_channels = run.incident_channels().size();

    bench::print_memory("memory after start-up", started);
    bench::print_memory("memory after the run", memory);
    fig.add("RSS after start-up MiB", bench::mib(started.rss_kib));
    fig.add("RSS peak (VmHWM) MiB", bench::mib(memory.hwm_kib));

    const auto pending = run.outbox_count("pending"), failed = run.outbox_count("failed");
    std::printf(
        "  envelopes sent %zu, acked %zu, late %zu, emulator failures %zu; declares sent %d, "
        "incidents stored %ld, channels with a pinned opening message %zu%s; outbox %ld done, "
        "%ld pending, %ld failed; %zu Web API calls\n",
        sent_total, acks.size(), late, failures.size(), traffic.declares(), run.stored_incidents(),
        declared_channels, final_settled ? "" : " (still waiting after 120 s)",
        run.outbox_count("done"), pending, failed, slack.calls().size());
    for (std::size_t i = 0; i < failures.size() && i < 5; ++i)
        std::printf("    failure: %s %s %s\n", failures[i].envelope_id.c_str(),
                    failures[i].type.c_str(), failures[i].error.c_str());
    for (const auto& row : run.failed_rows()) std::printf("    failed row: %s\n", row.c_str());
    bench::print_log_problems(log_path);
    fig.add("envelopes sent", static_cast<double>(sent_total));
    fig.add("envelopes not acked in 3 s", static_cast<double>(sent_total - acks.size() + late));
    fig.add("incidents without channel + pinned opening",
            static_cast<double>(run.stored_incidents()) - static_cast<double>(declared_channels));

    const auto exit_code = bot.stop(10s);
    const bool lost = acks.size() != sent_total || late || !failures.empty() || !final_settled ||
                      pending || failed || reconnect_failures || exit_code != 0;
    fig.add("runs with a problem", lost ? 1 : 0);
    std::printf("  SIGTERM: exit %s; run time %.1f s; %s\n",
                exit_code ? std::to_string(*exit_code).c_str() : "none (killed after 10 s)",
                std::chrono::duration<double>(SteadyClock::now() - total_start).count(),
                lost ? "PROBLEMS: see above"
                     : "all envelopes acked in time, all Slack work done, none failed");
    return fig;
}

}  // namespace

int main(int argc, char** argv) {
    bench::Flags flags(argc, argv,
                       {{"runs", 5},
                        {"warmup", 100},
                        {"paced", 5000},
                        {"rate", 1000},
                        {"small-burst", 200},
                        {"burst", 10000},
                        {"reconnects", 10},
                        {"close-after-ms", 10000},
                        {"bot-cpu", -1}},
                       kUsage, {{"db-sync", "full"}, {"bot", IB_BOT_BINARY}});
    if (flags.quick()) {
        // A smoke run: every phase, small counts, two runs so the spread shows.
        flags.set_default("runs", 2);
        flags.set_default("warmup", 20);
        flags.set_default("paced", 500);
        flags.set_default("small-burst", 50);
        flags.set_default("burst", 500);
        flags.set_default("reconnects", 2);
    }
    if (!bench::bot_binary_present(flags.text("bot"))) return 1;
    if (flags["warmup"] < 1 || flags["rate"] < 1 || flags["runs"] < 1 || flags["paced"] < 1) {
        std::fprintf(stderr, "--runs, --warmup, --paced and --rate must be at least 1\n%s", kUsage);
        return 2;
    }
    std::vector<std::string> modes;
    const auto& sync = flags.text("db-sync");
    if (sync == "both")
        modes = {"full", "normal"};
    else if (sync == "full" || sync == "normal")
        modes = {sync};
    else {
        std::fprintf(stderr, "--db-sync must be full, normal or both\n%s", kUsage);
        return 2;
    }
    const auto total_start = SteadyClock::now();
    const auto date = bench::utc_now();
    std::printf("transport bench: %s against the emulated Slack, %ld runs x DB_SYNC %s; %s; %s\n",
                flags.text("bot").c_str(), flags["runs"], sync.c_str(), date.c_str(),
                bench::machine_note().c_str());
    if (flags["bot-cpu"] >= 0) {
        if (const auto why = bench::keep_off_cpu(static_cast<int>(flags["bot-cpu"]));
            !why.empty()) {
            std::fprintf(stderr, "--bot-cpu %ld: %s\n", flags["bot-cpu"], why.c_str());
            return 2;
        }
        std::printf(
            "the bot alone on CPU %ld; this bench (the emulated Slack, the sender) on the "
            "%s\n",
            flags["bot-cpu"], bench::machine_note().c_str());
    }

    // Runs of the two modes alternate, so that a change in the machine's
    // load falls on both rather than on one.
    std::map<std::string, std::vector<Figures>> runs;
    for (long i = 0; i < flags["runs"]; ++i)
        for (const auto& mode : modes) {
            std::printf("\nrun %ld of %ld, ", i + 1, flags["runs"]);
            std::fflush(stdout);
            auto figures = run_once(flags, mode);
            if (figures.values().empty()) return 1;
            runs[mode].push_back(std::move(figures));
            std::fflush(stdout);
        }

    std::printf("\nmin / median / max over %ld runs; %s at the end\n", flags["runs"],
                bench::machine_note().c_str());
    std::printf("  %-44s", "figure");
    for (const auto& mode : modes)
        std::printf("  %-30s", ("DB_SYNC=" + mode + ": min / median / max").c_str());
    std::printf("\n");
    for (const auto& [name, value] : runs[modes.front()].front().values()) {
        (void)value;
        std::printf("  %-44s", name.c_str());
        for (const auto& mode : modes) {
            std::vector<double> values;
            for (const auto& figures : runs[mode])
                for (const auto& [n, v] : figures.values())
                    if (n == name) values.push_back(v);
            const auto s = bench::spread(values);
            char cell[64];
            std::snprintf(cell, sizeof cell, "%.4g / %.4g / %.4g", s.min, s.median, s.max);
            std::printf("  %-30s", cell);
        }
        std::printf("\n");
    }
    std::printf("\ntotal run time %.1f s\n",
                std::chrono::duration<double>(SteadyClock::now() - total_start).count());
    return 0;
}
