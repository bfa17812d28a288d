// Storage benchmark: prints figures, asserts nothing.
//   build-store/storage_bench [path-to-db-file] [incidents]
// Declares N incidents (default 10,000) on a fresh file database, each in the
// transaction the bot uses (incident + timeline row + three outbox rows +
// reminder and escalation timers), then times the scheduler's queries.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "storage/database.hpp"
#include "storage/incidents.hpp"
#include "storage/outbox.hpp"
#include "storage/schedule.hpp"
#include "storage/timeline.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

double micros(Clock::duration d) {
    return std::chrono::duration<double, std::micro>(d).count();
}

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

// Calls `f` `n` times and returns the mean cost of one call in microseconds.
template <class F>
double per_call(int n, F&& f) {
    const auto start = Clock::now();
    for (int i = 0; i < n; ++i) f();
    return micros(Clock::now() - start) / n;
}

}  // namespace

int main(int argc, char** argv) {
    const std::filesystem::path dir =
        std::filesystem::temp_directory_path() / "incident-bot-storage-bench";
    std::string path = argc > 1 ? argv[1] : (dir / "incidents.db").string();
    const int n = argc > 2 ? std::atoi(argv[2]) : 10'000;
    if (argc <= 1) std::filesystem::create_directories(dir);
    storage::Database::erase(path);

    storage::Database db(path);
    storage::Incidents incidents(db);
    storage::Timeline timeline(db);
    storage::Outbox outbox(db);
    storage::Schedule schedule(db);
    const core::TimePoint t0 = core::from_unix_seconds(1'772'000'000);

    std::vector<double> declare_us;
    declare_us.reserve(static_cast<std::size_t>(n));
    const auto all_start = Clock::now();
    for (int i = 0; i < n; ++i) {
        const auto at = t0 + std::chrono::seconds(i);
        const auto start = Clock::now();
        db.transaction([&] {
            auto inc = incidents.declare({"Payment processing down " + std::to_string(i),
                                          core::Severity::Sev1, "U01DECLARER", "C01GENERAL", at,
                                          "incident-2026-02-25-payment-processing-down"});
            timeline.append({0, inc.id, at, "U01DECLARER", core::EventKind::Declared, inc.title});
            outbox.enqueue(inc.id, "create_channel", {{"name", inc.channel_name}}, at);
            outbox.enqueue(inc.id, "invite", {{"users", "U01DECLARER"}}, at);
            outbox.enqueue(inc.id, "post_opening", {{"title", inc.title}}, at);
            schedule.set(inc.id, storage::TimerKind::Reminder, at + 15min);
            schedule.set(inc.id, storage::TimerKind::Escalation, at + 5min, 0);
        });
        declare_us.push_back(micros(Clock::now() - start));
    }
    const double total_s = micros(Clock::now() - all_start) / 1e6;

    std::printf("storage bench: %d incidents, file %s (WAL, synchronous=NORMAL)\n", n,
                path.c_str());
    std::printf("declare transaction (incident + timeline + 3 outbox + 2 timers):\n");
    std::printf("  total %.2f s, %.0f declares/s\n", total_s, n / total_s);
    std::printf("  p50 %.1f us, p99 %.1f us, max %.1f us\n", percentile(declare_us, 0.50),
                percentile(declare_us, 0.99), percentile(declare_us, 1.0));

    const auto now = t0 + std::chrono::seconds(n) + 1h;
    std::printf("schedule with %lld timers:\n", static_cast<long long>(schedule.count()));
    std::printf("  next_due_at()          %.2f us/call\n",
                per_call(100'000, [&] { (void)schedule.next_due_at(); }));
    std::printf("  due(now, 100)          %.1f us/call\n",
                per_call(1'000, [&] { (void)schedule.due(now, 100); }));
    std::printf("  set() one timer        %.1f us/call (autocommit)\n",
                per_call(1'000, [&] { schedule.set(1, storage::TimerKind::Reminder, now); }));

    std::printf("outbox with %lld pending rows over %d incidents:\n",
                static_cast<long long>(outbox.pending_count()), n);
    std::printf("  next_ready(now, 100)   %.1f us/call\n",
                per_call(100, [&] { (void)outbox.next_ready(now, 100); }));
    std::printf("  next_available_after() %.1f us/call\n",
                per_call(100, [&] { (void)outbox.next_available_after(now); }));

    // Drain as the scheduler would: each ready head marked done, in batches.
    const auto drain_start = Clock::now();
    std::size_t sent = 0;
    for (;;) {
        auto batch = outbox.next_ready(now, 100);
        if (batch.empty()) break;
        db.transaction([&] {
            for (const auto& m : batch) outbox.mark_done(m.id, now);
        });
        sent += batch.size();
    }
    const double drain_s = micros(Clock::now() - drain_start) / 1e6;
    std::printf("  drain all (batches of 100): %zu rows in %.2f s, %.0f rows/s\n", sent, drain_s,
                static_cast<double>(sent) / drain_s);
    std::printf("database file: %.1f MB (+ WAL %.1f MB)\n",
                static_cast<double>(std::filesystem::file_size(path)) / 1e6,
                std::filesystem::exists(path + "-wal")
                    ? static_cast<double>(std::filesystem::file_size(path + "-wal")) / 1e6
                    : 0.0);
    return 0;
}
