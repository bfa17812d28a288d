#pragma once
// What both benchmarks stand on: the emulated Slack on its own io_context
// thread (the bot is a separate process, as in production), a scratch
// directory for the bot's database and log, the bot's environment, and the
// few statistics the figures need. Header-only: see bot_process.hpp.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <sched.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "bench/bot_process.hpp"
#include "core/clock.hpp"
#include "emulator/slack_emulator.hpp"

namespace bench {

using SteadyClock = std::chrono::steady_clock;

inline double ms(std::chrono::nanoseconds d) {
    return std::chrono::duration<double, std::milli>(d).count();
}

inline double mib(long kib) {
    return static_cast<double>(kib) / 1024.0;
}

// Nearest-rank percentile of an unsorted sample; 0 for an empty one.
inline double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const auto rank = static_cast<std::size_t>(p * static_cast<double>(v.size()) + 0.999999);
    return v[std::clamp<std::size_t>(rank, 1, v.size()) - 1];
}

struct Summary {
    double p50 = 0, p99 = 0, max = 0;
    std::size_t n = 0;
};

inline Summary summarise(const std::vector<double>& v) {
    return {percentile(v, 0.50), percentile(v, 0.99), percentile(v, 1.0), v.size()};
}

inline void print_memory(const char* when, const Memory& m) {
    std::printf("  %-22s VmRSS %6.2f MiB (anon %5.2f + files %5.2f)   VmHWM (peak) %6.2f MiB\n",
                when, mib(m.rss_kib), mib(m.anon_kib), mib(m.file_kib), mib(m.hwm_kib));
}

// `n` commands at `rate`/s, each {user, channel, text} as `next` gives it;
// ack latencies in ms as the emulated Slack saw them.
struct SlashCommand {
    std::string user, channel, text;
};
inline std::vector<double> paced(emulator::SlackEmulator& slack, long n, long rate,
                                 const std::function<SlashCommand()>& next) {
    std::vector<std::string> ids;
    const auto start = SteadyClock::now();
    for (long i = 0; i < n; ++i) {
        std::this_thread::sleep_until(start + std::chrono::microseconds(1'000'000 * i / rate));
        const auto c = next();
        ids.push_back(slack.send_slash_command(c.user, c.channel, c.text));
    }
    std::vector<double> out;
    for (const auto& id : ids)
        if (auto ack = slack.wait_for_ack(id, std::chrono::seconds(5)))
            out.push_back(ms(ack->latency));
    return out;
}

// `n` `/incident list` commands (a read, answered in the ack) at `rate`/s.
inline std::vector<double> paced_list(emulator::SlackEmulator& slack, const std::string& user,
                                      const std::string& channel, long n, long rate) {
    return paced(slack, n, rate, [&] { return SlashCommand{user, channel, "list"}; });
}

// One line: p50 / p99 / max of `v` and how many of `sent` were acked.
inline void print_acks(const char* what, const std::vector<double>& v, long sent, int width) {
    const auto s = summarise(v);
    std::printf("  %-*s p50 %6.2f ms  p99 %6.2f ms  max %7.2f ms  (%zu/%ld acked)\n", width, what,
                s.p50, s.p99, s.max, s.n, sent);
}

// A fresh directory under the system temp dir; removed unless kept.
class ScratchDir {
  public:
    explicit ScratchDir(const std::string& prefix, bool keep = false) : keep_(keep) {
        std::string pattern =
            (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
        if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    ~ScratchDir() {
        std::error_code ignored;
        if (!keep_) std::filesystem::remove_all(path_, ignored);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    const std::string& path() const { return path_; }
    std::string file(const std::string& name) const { return path_ + "/" + name; }

  private:
    std::string path_;
    bool keep_;
};

// The emulated Slack serving 127.0.0.1 from a thread of its own.
class EmulatedSlack {
  public:
    explicit EmulatedSlack(emulator::Options options = {})
        : slack(io, clock, std::move(options)), work_(boost::asio::make_work_guard(io)) {
        slack.listen();
        thread_ = std::thread([this] { io.run(); });
    }
    ~EmulatedSlack() {
        slack.stop();
        work_.reset();
        io.stop();
        thread_.join();
    }
    EmulatedSlack(const EmulatedSlack&) = delete;
    EmulatedSlack& operator=(const EmulatedSlack&) = delete;

    // The bot's configuration for this Slack; `extra` adds or overrides.
    std::map<std::string, std::string> bot_env(
        const std::string& db_path, const std::map<std::string, std::string>& extra) const {
        std::map<std::string, std::string> env{
            {"SLACK_APP_TOKEN", slack.options().app_token},
            {"SLACK_BOT_TOKEN", slack.options().bot_token},
            {"SLACK_API_URL", slack.api_url()},
            {"INCIDENT_DB_PATH", db_path},
            {"LOG_LEVEL", "info"},
            {"HTTP_ADDR", "off"},  // a benchmark that wants it names a free port
        };
        for (const auto& [k, v] : extra) env[k] = v;
        return env;
    }

    // Polls `pred` every `step`: finer than wait_until's 20 ms back-stop,
    // for figures measured in milliseconds.
    template <class Pred>
    static bool spin_until(Pred pred, std::chrono::milliseconds timeout,
                           std::chrono::microseconds step = std::chrono::microseconds(100)) {
        const auto deadline = SteadyClock::now() + timeout;
        while (!pred()) {
            if (SteadyClock::now() > deadline) return false;
            std::this_thread::sleep_for(step);
        }
        return true;
    }

    core::SystemClock clock;
    boost::asio::io_context io;
    emulator::SlackEmulator slack;

  private:
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
    std::thread thread_;
};

// The last `lines` lines of a log file, for a failure message.
inline std::string tail(const std::string& path, std::size_t lines = 20) {
    std::ifstream file(path);
    std::vector<std::string> all;
    for (std::string line; std::getline(file, line);) all.push_back(line);
    std::ostringstream out;
    for (std::size_t i = all.size() > lines ? all.size() - lines : 0; i < all.size(); ++i)
        out << "    " << all[i] << '\n';
    return out.str();
}

// The bot's log lines at warn level or above (spdlog's "[warning]",
// "[error]", "[critical]"), counted by message with digits masked, so that
// ten dropped sockets read as one line.
inline void print_log_problems(const std::string& path) {
    std::map<std::string, int> counts;
    std::ifstream file(path);
    for (std::string line; std::getline(file, line);) {
        for (const char* level : {"[warning] ", "[error] ", "[critical] "}) {
            const auto at = line.find(level);
            if (at == std::string::npos) continue;
            std::string message = line.substr(at, 160);
            for (auto& c : message)
                if (std::isdigit(static_cast<unsigned char>(c))) c = '#';
            ++counts[message];
        }
    }
    std::printf("  bot log: %s\n", counts.empty() ? "no warnings or errors" : "");
    for (const auto& [message, count] : counts)
        std::printf("    %5d x %s\n", count, message.c_str());
}

// "--name value" flags with integer values (and, where a benchmark declares
// them, string values); "--keep" and "--quick" are switches. Unknown flags
// stop the program.
class Flags {
  public:
    Flags(int argc, char** argv, std::map<std::string, long> defaults, const char* usage,
          std::map<std::string, std::string> string_defaults = {})
        : values_(std::move(defaults)), strings_(std::move(string_defaults)) {
        for (int i = 1; i < argc; ++i) {
            const std::string arg = argv[i];
            if (arg == "--help" || arg == "-h") {
                std::printf("%s", usage);
                std::exit(0);
            }
            if (arg == "--keep" || arg == "--quick") {
                (arg == "--keep" ? keep_ : quick_) = true;
                continue;
            }
            const auto name = arg.rfind("--", 0) == 0 ? arg.substr(2) : std::string();
            const auto it = values_.find(name);
            const auto text = strings_.find(name);
            if ((it == values_.end() && text == strings_.end()) || i + 1 >= argc) {
                std::fprintf(stderr, "unknown flag or missing value: %s\n%s", arg.c_str(), usage);
                std::exit(2);
            }
            if (it != values_.end())
                it->second = std::strtol(argv[++i], nullptr, 10);
            else
                text->second = argv[++i];
            given_.push_back(name);
        }
    }
    long operator[](const std::string& name) const { return values_.at(name); }
    const std::string& text(const std::string& name) const { return strings_.at(name); }
    bool given(const std::string& name) const {
        return std::find(given_.begin(), given_.end(), name) != given_.end();
    }
    // A default that a flag given on the command line still overrides.
    void set_default(const std::string& name, long value) {
        if (!given(name)) values_.at(name) = value;
    }
    bool keep() const { return keep_; }
    bool quick() const { return quick_; }

  private:
    std::map<std::string, long> values_;
    std::map<std::string, std::string> strings_;
    std::vector<std::string> given_;
    bool keep_ = false;
    bool quick_ = false;
};

// Now, as the figures' heading gives it: "2026-12-04 07:58 UTC".
inline std::string utc_now() {
    const auto when = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    char date[32];
    std::strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", std::gmtime(&when));
    return date;
}

// The machine the figures come from: cores and load now.
inline std::string machine_note() {
    double load[3] = {0, 0, 0};
    const int n = ::getloadavg(load, 3);
    cpu_set_t cpus;
    CPU_ZERO(&cpus);
    const int cores = ::sched_getaffinity(0, sizeof cpus, &cpus) == 0 ? CPU_COUNT(&cpus) : -1;
    char buf[128];
    std::snprintf(buf, sizeof buf, "%d cores (nproc), load average %.2f %.2f %.2f", cores,
                  n > 0 ? load[0] : -1.0, n > 1 ? load[1] : -1.0, n > 2 ? load[2] : -1.0);
    return buf;
}

// One figure per run, printed as min / median / max over the runs.
struct Spread {
    double min = 0, median = 0, max = 0;
};

inline Spread spread(const std::vector<double>& v) {
    if (v.empty()) return {};
    return {percentile(v, 0.0), percentile(v, 0.5), percentile(v, 1.0)};
}

}  // namespace bench
