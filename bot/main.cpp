// Assembly only: read flags and configuration, build the logger, hand over to
// the runner for real Slack or for the sandbox.
#include <cstdlib>
#include <iostream>

#include <unistd.h>
#include <string>
#include <vector>

#include "bot/build_info.hpp"
#include "bot/cli.hpp"
#include "bot/config.hpp"
#include "bot/env.hpp"
#include "bot/logging.hpp"
#include "bot/preflight.hpp"
#include "bot/report_commands.hpp"
#include "bot/run.hpp"

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (bot::is_report_command(args)) {
        const auto env = bot::Env::load(".env");
        if (!env) {
            std::cerr << "incident-bot: " << env.error().message << '\n';
            return 2;
        }
        const core::SystemClock clock;
        return bot::run_report_command(args, *env, std::cout, std::cerr, clock);
    }
    const auto cl = bot::parse_command_line(args);
    if (!cl) {
        std::cerr << "incident-bot: " << cl.error().message << '\n';
        return 2;
    }
    if (cl->help) {
        std::cout << bot::usage();
        return 0;
    }
    if (cl->version) {
        std::cout << "incident-bot " << bot::kVersion << " (commit " << bot::git_commit() << ")\n";
        return 0;
    }
    const auto env = bot::Env::load(".env");
    if (!env) {
        std::cerr << "incident-bot: " << env.error().message << '\n';
        return 2;
    }
    // OpenSSL reads these from the process environment: a `.env` gives them too.
    for (const char* name : {"SSL_CERT_FILE", "SSL_CERT_DIR"})
        if (const auto value = env->get(name); value && std::getenv(name) == nullptr)
            ::setenv(name, value->c_str(), 0);
    const auto mode = cl->sandbox ? bot::Mode::Sandbox : bot::Mode::Slack;
    const auto config = bot::load_config(*env, mode);
    if (!config) {
        std::cerr << "incident-bot: " << config.error().message << '\n';
        return 2;
    }
    if (cl->check) return bot::run_preflight(*config, std::cout);
    if (cl->print_config) {
        std::cout << config->describe() << '\n';
        return 0;
    }
    return mode == bot::Mode::Sandbox
               ? bot::run_sandbox(*config, std::cin, std::cout, ::isatty(STDIN_FILENO) != 0)
               : bot::run_slack(*config);
}
