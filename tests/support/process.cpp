#include "tests/support/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <thread>

namespace test {

namespace {
void set_nonblocking(int fd) {
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

void read_available(int fd, std::string& into) {
    if (fd < 0) return;
    char buf[8192];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n <= 0) return;
        into.append(buf, static_cast<std::size_t>(n));
    }
}
}  // namespace

Process::Process(const std::string& program, ProcessOptions options) {
    int out_pipe[2], err_pipe[2], in_pipe[2];
    if (pipe(out_pipe) != 0 || pipe(err_pipe) != 0 || pipe(in_pipe) != 0)
        throw std::runtime_error("pipe failed");
    std::vector<std::string> env_strings;
    if (!options.env.count("PATH")) options.env["PATH"] = "/usr/local/bin:/usr/bin:/bin";
    for (const auto& [k, v] : options.env) env_strings.push_back(k + "=" + v);
    std::vector<char*> argv{const_cast<char*>(program.c_str())};
    for (auto& a : options.args) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (auto& e : env_strings) envp.push_back(e.data());
    envp.push_back(nullptr);

    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        dup2(in_pipe[0], 0);
        const int file = options.output_file.empty() ? -1
                                                     : open(options.output_file.c_str(),
                                                            O_WRONLY | O_CREAT | O_APPEND, 0600);
        dup2(file >= 0 ? file : out_pipe[1], 1);
        dup2(file >= 0 ? file : err_pipe[1], 2);
        if (file >= 0) close(file);
        for (int fd : {out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1], in_pipe[0], in_pipe[1]})
            close(fd);
        if (!options.working_dir.empty() && chdir(options.working_dir.c_str()) != 0) _exit(126);
        execve(program.c_str(), argv.data(), envp.data());
        _exit(127);
    }
    close(out_pipe[1]);
    close(err_pipe[1]);
    close(in_pipe[0]);
    out_fd_ = out_pipe[0];
    err_fd_ = err_pipe[0];
    set_nonblocking(out_fd_);
    set_nonblocking(err_fd_);
    if (options.stdin_text) {
        // Written from a thread so that a large script cannot dead-lock on a full pipe.
        std::thread([fd = in_pipe[1], text = *options.stdin_text] {
            std::size_t off = 0;
            while (off < text.size()) {
                const ssize_t n = ::write(fd, text.data() + off, text.size() - off);
                if (n <= 0) break;
                off += static_cast<std::size_t>(n);
            }
            close(fd);
        }).detach();
    } else {
        close(in_pipe[1]);
    }
}

Process::~Process() {
    if (running()) kill_hard();
    if (out_fd_ >= 0) close(out_fd_);
    if (err_fd_ >= 0) close(err_fd_);
}

void Process::drain() {
    read_available(out_fd_, out_);
    read_available(err_fd_, err_);
}

bool Process::running() {
    if (status_) return false;
    int st = 0;
    const pid_t r = waitpid(pid_, &st, WNOHANG);
    if (r == pid_) {
        status_ = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
        drain();
        return false;
    }
    return true;
}

std::optional<int> Process::wait(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (running()) {
        drain();
        if (std::chrono::steady_clock::now() > deadline) return std::nullopt;
        pollfd fds[2] = {{out_fd_, POLLIN, 0}, {err_fd_, POLLIN, 0}};
        poll(fds, 2, 10);
    }
    drain();
    return status_;
}

void Process::signal(int sig) {
    if (running()) ::kill(pid_, sig);
}

void Process::kill_hard() {
    if (!running()) return;
    ::kill(pid_, SIGKILL);
    wait(std::chrono::seconds(10));
}

std::string Process::out() {
    drain();
    return out_;
}

std::string Process::err() {
    drain();
    return err_;
}

bool Process::wait_for_output(const std::string& needle, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        drain();
        if (out_.find(needle) != std::string::npos || err_.find(needle) != std::string::npos)
            return true;
        if (!running() || std::chrono::steady_clock::now() > deadline) {
            drain();
            return out_.find(needle) != std::string::npos || err_.find(needle) != std::string::npos;
        }
        pollfd fds[2] = {{out_fd_, POLLIN, 0}, {err_fd_, POLLIN, 0}};
        poll(fds, 2, 10);
    }
}

RunResult run(const std::string& program, ProcessOptions options,
              std::chrono::milliseconds timeout) {
    Process p(program, std::move(options));
    RunResult r;
    const auto code = p.wait(timeout);
    if (!code) p.kill_hard();
    r.code = code.value_or(-1);
    r.out = p.out();
    r.err = p.err();
    return r;
}

TempDir::TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "incident-bot-test-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

}  // namespace test
