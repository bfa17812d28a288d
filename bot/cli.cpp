#include "bot/cli.hpp"

namespace bot {

core::Result<CommandLine> parse_command_line(const std::vector<std::string>& args) {
    CommandLine cl;
    for (const auto& a : args) {
        if (a == "--sandbox")
            cl.sandbox = true;
        else if (a == "--print-config")
            cl.print_config = true;
        else if (a == "--help" || a == "-h")
            cl.help = true;
        else if (a == "--version")
            cl.version = true;
        else if (a == "--check")
            cl.check = true;
        else
            return core::make_error("bad_argument", "unknown argument `" + a + "`; try --help");
    }
    return cl;
}

std::string usage() {
    return "usage: incident-bot [--sandbox] [--check] [--print-config] [--help] [--version]\n"
           "\n"
           "  (no flags)      connect to Slack over Socket Mode; needs SLACK_APP_TOKEN and\n"
           "                  SLACK_BOT_TOKEN (environment or ./.env, see .env.example)\n"
           "  --sandbox       run against an emulated Slack workspace in this terminal;\n"
           "                  no tokens needed. `incident-bot --sandbox < drill.txt` runs a\n"
           "                  scripted drill and prints the transcript\n"
           "  --check         check tokens, granted scopes, Socket Mode, the database,\n"
           "                  ALERT_DECLARE_CHANNEL and escalation contacts; one line\n"
           "                  each; exit 0 only if all pass\n"
           "  --print-config  print the effective configuration (tokens redacted) and exit\n"
           "  --version       print the version and the git commit it was built from\n"
           "\n"
           "       incident-bot export INC-2026-001 [--format md|json|yaml] [--output FILE]\n"
           "       incident-bot export --all [--since 2026-01-01] [--format json|yaml]\n"
           "       incident-bot stats [--since 2026-01-01|30d|all] [--format text|json]\n"
           "  export / stats  read INCIDENT_DB_PATH (safe while the bot runs); no tokens needed\n";
}

}  // namespace bot
