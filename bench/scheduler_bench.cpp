// Scheduler benchmark (issue 7): prints figures, asserts nothing.
//   build-bench/scheduler_bench [--incidents 10000] [--first-wave 1000] [--gap 15] [--idle 10]
//                               [--lead 4] [--keep]
// Prepares a database of open SEV1 incidents with the bot's own writer
// (bot::IncidentWriter::declare: incident, timeline row, outbox rows, timers,
// one transaction each), gives each its channel in the emulated Slack and
// marks the declare's Slack work done, as if the bot had carried it out. Then
// runs the real incident-bot on that database, on the real clock, with a
// reminder cadence chosen so that every incident's first reminder falls due
// a little after the idle window: the first wave together, the rest
// together `--gap` seconds later. Prints the bot's idle CPU time and memory
// with all incidents open, and how late the reminders reach Slack (the
// emulator's message ts against the due time, which the database holds in
// whole seconds).
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "bench/bot_process.hpp"
#include "bench/emulated_slack.hpp"
#include "bot/incident_writer.hpp"
#include "commands/command.hpp"
#include "core/runbook.hpp"
#include "storage/database.hpp"
#include "storage/incidents.hpp"
#include "storage/outbox.hpp"
#include "storage/schedule.hpp"

namespace {

using namespace std::chrono_literals;
using bench::SteadyClock;

constexpr const char* kUsage =
    "scheduler_bench: the real incident-bot with many open incidents; prints figures.\n"
    "  --incidents N   open SEV1 incidents, each with its channel (10000)\n"
    "  --first-wave N  incidents whose reminder falls due first, together (1000);\n"
    "                  the rest fall due together --gap seconds later\n"
    "  --gap S         seconds between the two waves (15)\n"
    "  --idle S        seconds of idle CPU measured, all incidents open (10)\n"
    "  --lead S        seconds allowed for the bot's start-up before the idle window (4)\n"
    "  --prune-done 1  delete the declares' done outbox rows before the bot starts (the bot\n"
    "                  itself never prunes them: 0, the default, is what a bot that\n"
    "                  declared these incidents would find)\n"
    "  --keep          keep the scratch directory (database, bot.log)\n";

// Whole seconds since the epoch, the database's unit.
std::int64_t unix_now() {
    return core::unix_seconds(std::chrono::system_clock::now());
}

double ts_seconds(const std::string& ts) {
    return std::strtod(ts.c_str(), nullptr);
}

struct Prepared {
    std::map<std::string, int> wave_of_channel;  // channel id -> 0 or 1
    double seconds = 0;
    long timers = 0;
};

// Incidents declared by the bot's own writer at `declared_at[wave]`, each
// given a channel in the emulated Slack (declarer and bot as members), and
// the declare's outbox rows marked done.
Prepared prepare(const std::string& db_path, emulator::SlackEmulator& slack,
                 const std::vector<std::string>& users, const std::string& ops, long incidents,
                 long first_wave, const std::array<core::TimePoint, 2>& declared_at,
                 bool prune_done) {
    Prepared out;
    const auto start = SteadyClock::now();
    storage::Database db(db_path);
    const core::Runbook runbook;  // timers are recomputed from the bot's configuration on start
    bot::IncidentWriter writer(db, runbook);
    storage::Incidents table(db);
    const auto bot_id = slack.bot_user_id();
    for (long i = 0; i < incidents; ++i) {
        const int wave = i < first_wave ? 0 : 1;
        const auto& declarer = users[static_cast<std::size_t>(i) % users.size()];
        const auto incident = writer.declare(
            commands::Declare{core::Severity::Sev1,
                              "Checkout errors in region " + std::to_string(i)},
            declarer, bot::slack_work::ReplyTarget{"", ops, declarer}, declared_at[wave]);
        const auto channel = slack.add_channel(incident.channel_name, {declarer, bot_id});
        table.set_channel(incident.id, channel, incident.channel_name);
        out.wave_of_channel[channel] = wave;
    }
    storage::Outbox outbox(db);
    const auto later = std::chrono::system_clock::now() + 24h;
    for (;;) {
        const auto rows = outbox.next_ready(later, 2000);
        if (rows.empty()) break;
        db.transaction([&] {
            for (const auto& row : rows) outbox.mark_done(row.id, declared_at[0]);
        });
    }
    if (prune_done) outbox.prune_done(later);
    out.timers = static_cast<long>(storage::Schedule(db).count());
    out.seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
    return out;
}

// Outbox rows of the running bot, read beside it from its database (WAL).
class OutboxReader {
  public:
    explicit OutboxReader(const std::string& db_path) : db_(db_path, SQLite::OPEN_READONLY) {
        db_.setBusyTimeout(5000);
    }
    long count(const char* status, const char* kind = nullptr) {
        SQLite::Statement q(db_, kind ? "SELECT COUNT(*) FROM outbox WHERE status = ? AND kind = ?"
                                      : "SELECT COUNT(*) FROM outbox WHERE status = ?");
        q.bind(1, status);
        if (kind) q.bind(2, kind);
        q.executeStep();
        return q.getColumn(0).getInt64();
    }

  private:
    SQLite::Database db_;
};

}  // namespace

int main(int argc, char** argv) {
    const bench::Flags flags(argc, argv,
                             {{"incidents", 10000},
                              {"first-wave", 1000},
                              {"gap", 15},
                              {"idle", 10},
                              {"lead", 4},
                              {"prune-done", 0}},
                             kUsage);
    if (!bench::bot_binary_present(IB_BOT_BINARY)) return 1;
    const long incidents = flags["incidents"];
    const long first_wave = std::clamp(flags["first-wave"], 1L, incidents);
    const long waves = first_wave < incidents ? 2 : 1;
    const auto total_start = SteadyClock::now();
    bench::ScratchDir dir("incident-bot-scheduler-bench", flags.keep());
    bench::EmulatedSlack world;
    auto& slack = world.slack;
    std::vector<std::string> users;
    for (int i = 1; i <= 10; ++i) users.push_back(slack.add_user("oncall" + std::to_string(i)));
    const auto ops = slack.add_channel("ops", users);

    // Declared an hour ago (the second wave `gap` seconds later); the cadence,
    // set once the database is ready, puts the first wave's due time at the
    // end of the idle window.
    const std::int64_t declared = unix_now() - 3600;
    const std::array<core::TimePoint, 2> declared_at{
        core::from_unix_seconds(declared), core::from_unix_seconds(declared + flags["gap"])};
    const auto db_path = dir.file("incidents.db");
    const auto prepared = prepare(db_path, slack, users, ops, incidents, first_wave, declared_at,
                                  flags["prune-done"] != 0);

    const std::int64_t due0 = unix_now() + 1 + flags["lead"] + flags["idle"];
    const std::array<std::int64_t, 2> due{due0, due0 + flags["gap"]};
    const std::int64_t cadence = due0 - declared;
    const auto log_path = dir.file("bot.log");
    const auto spawned = SteadyClock::now();
    bench::BotProcess bot(
        IB_BOT_BINARY,
        world.bot_env(db_path, {{"REMINDER_CADENCE_SEV1", std::to_string(cadence) + "s"}}),
        dir.path(), log_path);
    if (!slack.wait_until([&] { return slack.open_connections() > 0; }, 20s)) {
        std::fprintf(stderr, "the bot did not connect; its log:\n%s",
                     bench::tail(log_path).c_str());
        return 1;
    }
    const double connect_s = std::chrono::duration<double>(SteadyClock::now() - spawned).count();
    const double startup_cpu = bot.cpu_seconds();
    std::this_thread::sleep_for(1s);
    const auto started = bot.memory();

    std::printf("scheduler bench: %s, %ld open SEV1 incidents, each with its channel\n",
                IB_BOT_BINARY, incidents);
    std::printf("bot pid %d, log %s%s\n", static_cast<int>(bot.pid()), log_path.c_str(),
                flags.keep() ? "" : " (removed at exit; --keep keeps it)");
    std::printf(
        "\ndatabase prepared with bot::IncidentWriter::declare in %.2f s: %ld incidents, "
        "%ld timers, the declares' outbox rows marked done%s\n",
        prepared.seconds, incidents, prepared.timers, flags["prune-done"] ? " and deleted" : "");
    const double due_in =
        static_cast<double>(due[0]) -
        std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    std::printf("REMINDER_CADENCE_SEV1=%llds: %ld reminders fall due together in %.1f s",
                static_cast<long long>(cadence), first_wave, due_in);
    if (waves == 2) std::printf(", %ld more %ld s later", incidents - first_wave, flags["gap"]);
    std::printf("\n");
    std::printf(
        "\nstart-up (connect, recompute %ld incidents' timers): %.2f s to Socket Mode "
        "hello, %.2f s CPU\n",
        incidents, connect_s, startup_cpu);

    // Idle: everything open, nothing due, nobody typing.
    const auto idle_end_limit =
        std::chrono::system_clock::time_point(std::chrono::seconds(due[0])) - 500ms;
    const auto idle_want = std::chrono::seconds(flags["idle"]);
    const auto idle_span = std::min<std::chrono::system_clock::duration>(
        idle_want, idle_end_limit - std::chrono::system_clock::now());
    const double cpu0 = bot.cpu_seconds();
    const long wakeups0 = bot.wakeups();
    const auto idle_start = SteadyClock::now();
    std::this_thread::sleep_for(idle_span);
    const double cpu1 = bot.cpu_seconds();
    const long wakeups = bot.wakeups() - wakeups0;
    const double idle_s = std::chrono::duration<double>(SteadyClock::now() - idle_start).count();
    const auto idle_memory = bot.memory();
    std::printf("\nidle with %ld open incidents (%ld timers in SQLite)\n", incidents,
                prepared.timers);
    std::printf("  CPU (utime+stime, 10 ms ticks) over %.1f s: %.2f s = %.2f %% of one core\n",
                idle_s, cpu1 - cpu0, 100.0 * (cpu1 - cpu0) / idle_s);
    std::printf("  wake-ups (voluntary context switches, all threads): %ld = %.1f/s\n", wakeups,
                static_cast<double>(wakeups) / idle_s);

    // The reminders: wait until the bot has posted one per incident (its
    // outbox, read cheaply; the emulator's record of the calls is read once).
    OutboxReader outbox(db_path);
    const auto deadline =
        std::chrono::system_clock::time_point(std::chrono::seconds(due[1])) + 120s;
    while (std::chrono::system_clock::now() < deadline &&
           outbox.count("done", "post") + outbox.count("failed", "post") < incidents)
        std::this_thread::sleep_for(250ms);
    const double cpu2 = bot.cpu_seconds();
    const auto posts = slack.calls("chat.postMessage");
    std::array<std::vector<double>, 2> late_ms;
    long unexpected = 0, failed_calls = 0, not_reminders = 0;
    std::map<std::string, int> per_channel;
    for (const auto& call : posts) {
        const auto channel = call.args.value("channel", std::string{});
        const auto it = prepared.wave_of_channel.find(channel);
        if (it == prepared.wave_of_channel.end()) {
            ++unexpected;
            continue;
        }
        if (!call.response.is_object() || !call.response.value("ok", false)) {
            ++failed_calls;
            continue;
        }
        if (call.args.value("text", std::string{}).find("Status update due") == std::string::npos)
            ++not_reminders;
        ++per_channel[channel];
        const double ts = ts_seconds(call.response.value("ts", std::string{"0"}));
        const int wave = it->second;
        late_ms[wave].push_back((ts - static_cast<double>(due[wave])) * 1000.0);
    }
    long doubled = 0;
    for (const auto& [channel, count] : per_channel) doubled += count > 1;

    std::printf("\nreminder lateness (emulator message ts - due time)\n");
    for (int wave = 0; wave < waves; ++wave) {
        const long expected = wave == 0 ? first_wave : incidents - first_wave;
        const auto s = bench::summarise(late_ms[static_cast<std::size_t>(wave)]);
        std::printf(
            "  %5ld due together: p50 %8.1f ms  p99 %8.1f ms  max %8.1f ms  (%zu of %ld "
            "posted, %.0f/s from due time to last)\n",
            expected, s.p50, s.p99, s.max, s.n, expected,
            s.max > 0 ? static_cast<double>(s.n) / (s.max / 1000.0) : 0.0);
    }
    std::printf("  CPU while firing: %.2f s\n", cpu2 - cpu1);

    // The bot is done with Slack when its outbox is empty.
    const bool drained = bench::EmulatedSlack::spin_until(
        [&] { return outbox.count("pending") == 0; }, 30s, std::chrono::microseconds(100'000));
    std::printf("\nmemory of the bot (/proc/%d/status)\n", static_cast<int>(bot.pid()));
    bench::print_memory("after start-up", started);
    bench::print_memory("while idle", idle_memory);
    bench::print_memory("after the reminders", bot.memory());

    std::printf("\nchecks\n");
    std::printf(
        "  reminders posted %zu of %ld; channels with more than one %ld; posts that "
        "are not reminders %ld; posts in other channels %ld; refused by Slack %ld\n",
        per_channel.size(), incidents, doubled, not_reminders, unexpected, failed_calls);
    std::printf("  bot outbox: %s, %ld failed rows; emulator failures %zu\n",
                drained ? "drained" : "STILL PENDING after 30 s", outbox.count("failed"),
                slack.failures().size());
    bench::print_log_problems(log_path);
    const auto exit_code = bot.stop(10s);
    std::printf("  SIGTERM: bot exited with %s\n",
                exit_code ? std::to_string(*exit_code).c_str() : "nothing (killed after 10 s)");
    std::printf("\ntotal run time %.1f s\n",
                std::chrono::duration<double>(SteadyClock::now() - total_start).count());
    return 0;
}
