#pragma once
// Runs a program (the real incident-bot binary) as a child process for
// end-to-end tests: environment given explicitly, output captured, killable.
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

namespace test {

struct ProcessOptions {
    std::vector<std::string> args = {};           // argv[1..]
    std::map<std::string, std::string> env = {};  // the whole environment (PATH is added)
    std::string working_dir = {};                 // empty: inherit
    std::optional<std::string> stdin_text = {};   // written then closed; nullopt: /dev/null
    // Non-empty: stdout and stderr are appended to this file instead of pipes,
    // so a chatty long-running child never blocks on a full pipe.
    std::string output_file = {};
};

class Process {
  public:
    Process(const std::string& program, ProcessOptions options);
    ~Process();  // kills (SIGKILL) a child still running
    Process(const Process&) = delete;
    Process& operator=(const Process&) = delete;

    // Waits for exit; nullopt on timeout. Returns the exit code, or 128+signal.
    std::optional<int> wait(std::chrono::milliseconds timeout);
    void signal(int sig);
    void kill_hard();  // SIGKILL and reap
    bool running();
    pid_t pid() const { return pid_; }

    // Output so far (drained from the pipes without blocking).
    std::string out();
    std::string err();
    // Waits until stderr+stdout contain `needle`; false on timeout or exit.
    bool wait_for_output(const std::string& needle, std::chrono::milliseconds timeout);

  private:
    void drain();
    pid_t pid_ = -1;
    int out_fd_ = -1;
    int err_fd_ = -1;
    std::string out_, err_;
    std::optional<int> status_;
};

// Runs to completion (with a timeout) and returns {exit code, stdout, stderr}.
struct RunResult {
    int code = -1;
    std::string out, err;
};
RunResult run(const std::string& program, ProcessOptions options,
              std::chrono::milliseconds timeout = std::chrono::seconds(20));

// A fresh empty directory under the build tree, removed by the destructor.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    const std::string& path() const { return path_; }
    std::string file(const std::string& name) const { return path_ + "/" + name; }

  private:
    std::string path_;
};

}  // namespace test
