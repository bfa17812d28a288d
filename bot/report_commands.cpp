#include "bot/report_commands.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <ostream>

#include "bot/report_source.hpp"
#include "commands/follow_up_parser.hpp"
#include "core/report_format.hpp"
#include "reports/export.hpp"
#include "reports/stats.hpp"
#include "storage/database.hpp"
#include "storage/incidents.hpp"

namespace bot {

namespace {

struct Options {
    std::string command;
    std::string incident_key;
    bool all = false;
    std::optional<core::ReportFormat> format;
    std::string output;
    std::optional<core::TimePoint> since;
    bool json_stats = false;
};

core::Result<Options> parse(const std::vector<std::string>& args, core::TimePoint now) {
    Options o;
    o.command = args.at(0);
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string& a = args[i];
        const auto value = [&]() -> core::Result<std::string> {
            if (i + 1 >= args.size()) return core::make_error("bad_argument", a + " needs a value");
            return args[++i];
        };
        if (a == "--all" && o.command == "export") {
            o.all = true;
        } else if (a == "--format") {
            auto v = value();
            if (!v) return v.error();
            if (o.command == "stats") {
                if (*v != "text" && *v != "json")
                    return core::make_error("bad_argument", "--format is text or json");
                o.json_stats = *v == "json";
            } else {
                o.format = core::parse_report_format(*v);
                if (!o.format)
                    return core::make_error("bad_argument", "--format is md, json or yaml");
            }
        } else if (a == "--output" && o.command == "export") {
            auto v = value();
            if (!v) return v.error();
            o.output = *v;
        } else if (a == "--since") {
            auto v = value();
            if (!v) return v.error();
            if (*v == "all") {
                o.since.reset();
                continue;
            }
            // `30d`: the last 30 days, as `/incident stats 30d` says it.
            if (const auto days = commands::window_days(*v)) {
                o.since = now - std::chrono::days(*days);
                continue;
            }
            const auto date = core::parse_date(*v);
            const auto exact = commands::parse_utc_time(*v);
            if (!date && !exact)
                return core::make_error("bad_argument",
                                        "--since takes a date (2026-01-01), a UTC time "
                                        "(2026-01-01T00:00:00Z), a number of days (30d) or all");
            o.since = exact ? *exact : core::TimePoint{std::chrono::sys_days{*date}};
        } else if (o.command == "export" && !a.starts_with("-") && o.incident_key.empty()) {
            o.incident_key = a;
        } else {
            return core::make_error("bad_argument", "unknown argument `" + a + "`; try --help");
        }
    }
    if (o.command == "export") {
        if (o.all == !o.incident_key.empty())
            return core::make_error("bad_argument",
                                    "export takes one incident id (INC-2026-001) or --all");
        if (o.all && o.format.value_or(core::ReportFormat::Json) == core::ReportFormat::Markdown)
            return core::make_error("bad_argument", "export --all writes json or yaml");
    }
    return o;
}

int export_command(const Options& o, storage::Database& db, std::ostream& out, std::ostream& err,
                   const core::Clock& clock) {
    std::ofstream file;
    if (!o.output.empty()) {
        file.open(o.output, std::ios::binary | std::ios::trunc);
        if (!file) {
            err << "incident-bot: cannot write " << o.output << '\n';
            return 1;
        }
    }
    std::ostream& sink = o.output.empty() ? out : file;
    if (o.all) {
        const auto format = o.format.value_or(core::ReportFormat::Json);
        db.read_transaction([&] {
            reports::write_incidents(sink, format, [&](const reports::IncidentVisitor& visit) {
                storage::Incidents(db).for_each_since(
                    o.since.value_or(core::TimePoint{}), [&](const core::Incident& incident) {
                        visit(load_report(db, incident), timeline_source(db, incident.id));
                    });
            });
        });
    } else {
        const auto key = core::parse_incident_key(o.incident_key);
        const bool found = db.read_transaction([&] {
            const auto incident =
                key ? storage::Incidents(db).by_key(key->first, key->second) : std::nullopt;
            if (!incident) return false;
            reports::write_incident(sink, o.format.value_or(core::ReportFormat::Markdown),
                                    load_report(db, *incident), timeline_source(db, incident->id),
                                    clock.now());
            return true;
        });
        if (!found) {
            err << "incident-bot: no incident " << o.incident_key << " in " << db.path() << '\n';
            return 1;
        }
    }
    sink.flush();
    if (!sink) {
        err << "incident-bot: writing the export failed\n";
        return 1;
    }
    return 0;
}

int stats_command(const Options& o, storage::Database& db, std::ostream& out,
                  const core::Clock& clock) {
    const auto now = clock.now();
    std::optional<int> days;
    if (o.since)
        days = static_cast<int>(std::chrono::ceil<std::chrono::days>(now - *o.since).count());
    const auto report = db.read_transaction([&] { return load_stats(db, days, now); });
    if (o.json_stats)
        reports::write_stats_json(out, report);
    else
        out << reports::stats_text(report);
    return 0;
}

}  // namespace

bool is_report_command(const std::vector<std::string>& args) {
    return !args.empty() && (args[0] == "export" || args[0] == "stats");
}

int run_report_command(const std::vector<std::string>& args, const Env& env, std::ostream& out,
                       std::ostream& err, const core::Clock& clock) {
    const auto options = parse(args, clock.now());
    if (!options) {
        err << "incident-bot " << args.at(0) << ": " << options.error().message << '\n';
        return 2;
    }
    const std::string url = env.get("INCIDENT_DB_URL").value_or("");
    const std::string path =
        !url.empty() ? url : env.get("INCIDENT_DB_PATH").value_or("incidents.db");
    // Never create a database here: a wrong path is an error, not an empty export.
    if (url.empty() && !std::filesystem::exists(path)) {
        err << "incident-bot: no database at " << path << " (set INCIDENT_DB_PATH)\n";
        return 1;
    }
    auto db = storage::Database::open(path);
    if (!db) {
        err << "incident-bot: " << db.error().message << '\n';
        return 1;
    }
    try {
        if (options->command == "export") return export_command(*options, **db, out, err, clock);
        return stats_command(*options, **db, out, clock);
    } catch (const std::exception& e) {
        err << "incident-bot: reading " << (**db).path() << " failed: " << e.what() << '\n';
        return 1;
    }
}

}  // namespace bot
