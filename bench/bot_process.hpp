#pragma once
// The real incident-bot binary as a child process for the benchmarks: an
// explicit environment, its own working directory (so no stray `.env` is
// read), output appended to a log file, and what /proc says about it: CPU
// time and memory. Header-only because every bench/*.cpp is its own
// executable (see the bench section of CMakeLists.txt).
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

namespace bench {

// Kernel memory figures for one process, in KiB (/proc/<pid>/status).
struct Memory {
    long rss_kib = 0;   // VmRSS: resident now
    long hwm_kib = 0;   // VmHWM: the peak resident size so far
    long anon_kib = 0;  // RssAnon: the resident part that is the process's own (heap, stacks)
    long file_kib = 0;  // RssFile: resident mapped files (the binary, shared libraries)
};

// The benchmarks do not depend on the incident-bot target in CMake: say what
// to build instead of failing later with a bot that never connects.
inline bool bot_binary_present(const std::string& program) {
    if (::access(program.c_str(), X_OK) == 0) return true;
    std::fprintf(stderr,
                 "%s is missing: build it first (cmake --build <dir> --target incident-bot)\n",
                 program.c_str());
    return false;
}

// Keeps the calling thread, and the threads it starts from now on (the
// emulated Slack's, the sender), off CPU `bot_cpu`, which a BotProcess given
// that CPU then has to itself: the bot's figures without the measuring
// side's CPU in them. Empty on success, else why not.
inline std::string keep_off_cpu(int bot_cpu) {
    cpu_set_t cpus;
    CPU_ZERO(&cpus);
    if (::sched_getaffinity(0, sizeof cpus, &cpus) != 0) return "sched_getaffinity failed";
    if (bot_cpu < 0 || bot_cpu >= CPU_SETSIZE || !CPU_ISSET(bot_cpu, &cpus))
        return "CPU " + std::to_string(bot_cpu) + " is not one this process may use";
    if (CPU_COUNT(&cpus) < 2) return "one CPU only: nothing left for the bench";
    CPU_CLR(bot_cpu, &cpus);
    if (::sched_setaffinity(0, sizeof cpus, &cpus) != 0) return "sched_setaffinity failed";
    return {};
}

class BotProcess {
  public:
    // `cpu`: the one CPU the bot may run on (see keep_off_cpu); none: any.
    BotProcess(const std::string& program, const std::map<std::string, std::string>& env,
               const std::string& working_dir, const std::string& log_file,
               std::optional<int> cpu = std::nullopt) {
        std::vector<std::string> env_strings;
        for (const auto& [k, v] : env) env_strings.push_back(k + "=" + v);
        if (!env.count("PATH")) env_strings.push_back("PATH=/usr/local/bin:/usr/bin:/bin");
        std::vector<char*> envp;
        for (auto& e : env_strings) envp.push_back(e.data());
        envp.push_back(nullptr);
        std::string argv0 = program;
        char* argv[] = {argv0.data(), nullptr};

        const pid_t bench = ::getpid();
        pid_ = ::fork();
        if (pid_ < 0) throw std::runtime_error("fork failed");
        if (pid_ == 0) {
            // A bench that crashes or is killed takes its bot with it, rather
            // than leaving it running to skew the next bench's figures (the
            // destructor only runs on a clean exit). The signal follows the
            // thread that forked: every bench starts its bots on its main thread.
            if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || ::getppid() != bench) ::_exit(125);
            const int in = ::open("/dev/null", O_RDONLY);
            const int out = ::open(log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
            if (in < 0 || out < 0 || ::chdir(working_dir.c_str()) != 0) ::_exit(126);
            if (cpu) {
                cpu_set_t only;
                CPU_ZERO(&only);
                CPU_SET(*cpu, &only);
                if (::sched_setaffinity(0, sizeof only, &only) != 0) ::_exit(124);
            }
            ::dup2(in, 0);
            ::dup2(out, 1);
            ::dup2(out, 2);
            ::close(in);
            ::close(out);
            ::execve(program.c_str(), argv, envp.data());
            ::_exit(127);
        }
    }
    ~BotProcess() { kill_hard(); }
    BotProcess(const BotProcess&) = delete;
    BotProcess& operator=(const BotProcess&) = delete;

    pid_t pid() const { return pid_; }

    bool running() {
        if (status_) return false;
        int st = 0;
        if (::waitpid(pid_, &st, WNOHANG) != pid_) return true;
        status_ = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
        return false;
    }

    // The exit code (128 + signal for a signal), or nullopt on timeout.
    std::optional<int> wait(std::chrono::milliseconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (running()) {
            if (std::chrono::steady_clock::now() > deadline) return std::nullopt;
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        return status_;
    }

    // SIGTERM (the bot's clean shutdown), then its exit code.
    std::optional<int> stop(std::chrono::milliseconds timeout) {
        if (running()) ::kill(pid_, SIGTERM);
        return wait(timeout);
    }

    void kill_hard() {
        if (!running()) return;
        ::kill(pid_, SIGKILL);
        wait(std::chrono::seconds(10));
    }

    Memory memory() const {
        Memory m;
        std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
        std::string line;
        while (std::getline(status, line)) {
            if (line.rfind("VmRSS:", 0) == 0) m.rss_kib = std::stol(line.substr(6));
            if (line.rfind("VmHWM:", 0) == 0) m.hwm_kib = std::stol(line.substr(6));
            if (line.rfind("RssAnon:", 0) == 0) m.anon_kib = std::stol(line.substr(8));
            if (line.rfind("RssFile:", 0) == 0) m.file_kib = std::stol(line.substr(8));
        }
        return m;
    }

    // utime + stime of every thread, in seconds (clock-tick resolution, 10 ms).
    double cpu_seconds() const {
        std::ifstream stat("/proc/" + std::to_string(pid_) + "/stat");
        std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
        // The command name is in parentheses and may hold spaces: count fields after it.
        const auto close = text.rfind(')');
        if (close == std::string::npos) return 0;
        std::istringstream fields(text.substr(close + 2));
        std::string field;
        std::uint64_t utime = 0, stime = 0;
        // Field 3 (state) is the first after the name; utime is 14, stime 15.
        for (int i = 3; i <= 15 && fields >> field; ++i) {
            if (i == 14) utime = std::stoull(field);
            if (i == 15) stime = std::stoull(field);
        }
        return static_cast<double>(utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
    }

    // Seconds its threads spent ready to run but waiting for a CPU (the
    // second field of /proc/<pid>/task/<tid>/schedstat): time lost to the
    // other processes on the machine, not to the bot's own work.
    double runqueue_wait_seconds() const {
        std::uint64_t total = 0;
        std::error_code ec;
        const std::filesystem::path tasks = "/proc/" + std::to_string(pid_) + "/task";
        for (const auto& task : std::filesystem::directory_iterator(tasks, ec)) {
            std::ifstream stat(task.path() / "schedstat");
            std::uint64_t run = 0, wait = 0;
            if (stat >> run >> wait) total += wait;
        }
        return static_cast<double>(total) / 1e9;
    }

    // Times any of its threads went to sleep and woke again (voluntary
    // context switches): how often an idle process wakes up.
    long wakeups() const {
        long total = 0;
        std::error_code ec;
        const std::filesystem::path tasks = "/proc/" + std::to_string(pid_) + "/task";
        for (const auto& task : std::filesystem::directory_iterator(tasks, ec)) {
            std::ifstream status(task.path() / "status");
            std::string line;
            while (std::getline(status, line))
                if (line.rfind("voluntary_ctxt_switches:", 0) == 0)
                    total += std::stol(line.substr(24));
        }
        return total;
    }

  private:
    pid_t pid_ = -1;
    std::optional<int> status_;
};

}  // namespace bench
