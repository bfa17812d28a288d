// Report benchmark: prints figures, asserts nothing.
//   build/report_bench [timeline-rows] [incidents]
// 1. One incident with 100,000 timeline rows (default): `incident-bot export`
//    to md, json and yaml, run as the real binary; wall time and the child's
//    peak RSS (wait4's ru_maxrss).
// 2. 10,000 incidents (default): `stats all` as the bot answers it (the read
//    transaction, the query and the rendering), median of 20 runs in-process,
//    plus the binary's `incident-bot stats` wall time.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "bot/report_source.hpp"
#include "reports/stats.hpp"
#include "storage/action_items.hpp"
#include "storage/database.hpp"
#include "storage/incidents.hpp"
#include "storage/timeline.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

double millis(Clock::duration d) {
    return std::chrono::duration<double, std::milli>(d).count();
}

struct ChildRun {
    int code = -1;
    double ms = 0;
    double cpu_ms = 0;  // user + system: what the export itself cost, whatever else ran
    long max_rss_kib = 0;
};

// Runs incident-bot with `args` and INCIDENT_DB_PATH=db, output to /dev/null.
ChildRun run_binary(const std::vector<std::string>& args, const std::string& db) {
    std::fflush(stdout);  // or the child's freopen flushes our buffer a second time
    const auto start = Clock::now();
    const pid_t pid = fork();
    if (pid == 0) {
        std::vector<char*> argv{const_cast<char*>(IB_BOT_BINARY)};
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        const std::string env_db = "INCIDENT_DB_PATH=" + db;
        char* envp[] = {const_cast<char*>(env_db.c_str()), nullptr};
        if (!freopen("/dev/null", "w", stdout)) _exit(126);
        execve(IB_BOT_BINARY, argv.data(), envp);
        _exit(127);
    }
    int status = 0;
    rusage usage{};
    wait4(pid, &status, 0, &usage);
    const auto cpu = [](const timeval& t) { return t.tv_sec * 1e3 + t.tv_usec / 1e3; };
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, millis(Clock::now() - start),
            cpu(usage.ru_utime) + cpu(usage.ru_stime), usage.ru_maxrss};
}

void fresh(const std::string& path) {
    storage::Database::erase(path);
}

}  // namespace

int main(int argc, char** argv) {
    const int rows = argc > 1 ? std::atoi(argv[1]) : 100'000;
    const int incidents = argc > 2 ? std::atoi(argv[2]) : 10'000;
    const auto dir = std::filesystem::temp_directory_path() / "incident-bot-report-bench";
    std::filesystem::create_directories(dir);
    const core::TimePoint t0 = core::from_unix_seconds(1'768'486'500);  // 2026-01-15 14:15 UTC

    // ---- one long incident -------------------------------------------------
    const std::string long_db = (dir / "long.db").string();
    fresh(long_db);
    {
        storage::Database db(long_db);
        db.transaction([&] {
            auto i = storage::Incidents(db).declare(
                {"Payment processing outage", core::Severity::Sev1, "U0ALICE", "C0OPS", t0, ""});
            storage::Timeline timeline(db);
            for (int n = 0; n < rows; ++n)
                timeline.append({0, i.id, t0 + std::chrono::milliseconds(n * 250L),
                                 n % 3 ? "U0BOB" : "U0ALICE", core::EventKind::Note,
                                 "note " + std::to_string(n) +
                                     ": retries at 40% \"of\" capacity #eu 🔥 | checking pool",
                                 ""});
            i.state = core::IncidentState::Resolved;
            i.resolved_at = t0 + 7h;
            storage::Incidents(db).save(i);
        });
    }
    std::printf("export of one incident with %d timeline rows (incident-bot export, real binary)\n",
                rows);
    std::printf("  %-6s %10s %10s %14s %6s\n", "format", "wall ms", "CPU ms", "peak RSS MiB",
                "exit");
    for (const char* format : {"md", "json", "yaml"}) {
        const auto r = run_binary({"export", "INC-2026-001", "--format", format}, long_db);
        std::printf("  %-6s %10.1f %10.1f %14.1f %6d\n", format, r.ms, r.cpu_ms,
                    static_cast<double>(r.max_rss_kib) / 1024.0, r.code);
    }

    // ---- many incidents -------------------------------------------------------
    const std::string many_db = (dir / "many.db").string();
    fresh(many_db);
    storage::Database db(many_db);
    db.transaction([&] {
        storage::Incidents store(db);
        storage::ActionItems items(db);
        for (int n = 0; n < incidents; ++n) {
            const auto declared = t0 + std::chrono::minutes(n * 7);
            auto i = store.declare({"Incident " + std::to_string(n),
                                    core::kAllSeverities[static_cast<std::size_t>(n % 4)],
                                    "U0ALICE", "C0OPS", declared, ""});
            i.acknowledged_at = declared + std::chrono::seconds(30 + n % 600);
            if (n % 10) {
                i.state = core::IncidentState::Resolved;
                i.resolved_at = declared + std::chrono::minutes(20 + n % 300);
                if (n % 4 < 2) i.postmortem_due_at = *i.resolved_at + 24h;
                if (n % 3 == 0) i.postmortem_link = "https://wiki/pm/" + std::to_string(n);
            }
            store.save(i);
            core::ActionItem a;
            a.incident_id = i.id;
            a.number = 1;
            a.text = "follow up";
            a.due = core::utc_date(declared + 72h);
            a.created_at = declared;
            items.save(a);
        }
    });
    const auto now = t0 + std::chrono::minutes(incidents * 7) + 1h;
    std::vector<double> ms;
    std::string text;
    for (int run = 0; run < 20; ++run) {
        const auto start = Clock::now();
        const auto report =
            db.read_transaction([&] { return bot::load_stats(db, std::nullopt, now); });
        text = reports::stats_text(report);
        ms.push_back(millis(Clock::now() - start));
    }
    std::sort(ms.begin(), ms.end());
    std::printf("\nstats all over %d incidents (read + compute + render, in-process)\n", incidents);
    std::printf("  median %.2f ms, max %.2f ms over %zu runs\n", ms[ms.size() / 2], ms.back(),
                ms.size());
    const auto r = run_binary({"stats", "--format", "text"}, many_db);
    std::printf("  incident-bot stats (real binary, incl. process start): %.1f ms, exit %d\n", r.ms,
                r.code);
    return 0;
}
