#include "reports/stats.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include <nlohmann/json.hpp>

#include "messages/time_text.hpp"
#include "messages/utf8.hpp"

namespace reports {

namespace {

using std::chrono::seconds;

struct Samples {
    std::vector<seconds::rep> tta, ttr, ttm;
};

std::optional<seconds> nearest_rank(std::vector<seconds::rep>& values, double q) {
    if (values.empty()) return std::nullopt;
    const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(values.size())));
    const std::size_t index = std::max<std::size_t>(rank, 1) - 1;
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(index),
                     values.end());
    return seconds(values[index]);
}

void tally(SeverityStats& s, Samples& samples, const IncidentFacts& f, core::TimePoint now) {
    // Seconds from declaring to `t`, where the incident got that far.
    const auto sample = [&](std::vector<seconds::rep>& into,
                            const std::optional<core::TimePoint>& t) {
        if (t) into.push_back(std::chrono::duration_cast<seconds>(*t - f.declared_at).count());
    };
    ++s.declared;
    ++(f.resolved_at ? s.resolved : s.open);
    sample(samples.ttr, f.resolved_at);
    sample(samples.tta, f.acknowledged_at);
    sample(samples.ttm, f.mitigated_at);
    if (f.postmortem_done)
        ++s.postmortems_done;
    else if (f.postmortem_due_at && *f.postmortem_due_at <= now)
        ++s.postmortems_overdue;
    else if (f.postmortem_due_at)
        ++s.postmortems_due;
    s.actions_overdue += f.actions_overdue;
}

void finish(SeverityStats& s, Samples& samples) {
    s.tta_median = nearest_rank(samples.tta, 0.5);
    s.tta_p90 = nearest_rank(samples.tta, 0.9);
    s.ttr_median = nearest_rank(samples.ttr, 0.5);
    s.ttr_p90 = nearest_rank(samples.ttr, 0.9);
    s.ttm_median = nearest_rank(samples.ttm, 0.5);
    s.ttm_p90 = nearest_rank(samples.ttm, 0.9);
}

std::string duration(const std::optional<seconds>& d) {
    if (!d) return "—";
    if (*d < std::chrono::minutes(1)) return std::to_string(d->count()) + " s";
    return messages::age(*d);
}

nlohmann::json seconds_or_null(const std::optional<seconds>& d) {
    return d ? nlohmann::json(d->count()) : nlohmann::json(nullptr);
}

nlohmann::json to_json(const SeverityStats& s) {
    return {{"declared", s.declared},
            {"resolved", s.resolved},
            {"open", s.open},
            {"time_to_acknowledge_seconds",
             {{"median", seconds_or_null(s.tta_median)}, {"p90", seconds_or_null(s.tta_p90)}}},
            {"time_to_resolve_seconds",
             {{"median", seconds_or_null(s.ttr_median)}, {"p90", seconds_or_null(s.ttr_p90)}}},
            {"time_to_mitigate_seconds",
             {{"median", seconds_or_null(s.ttm_median)}, {"p90", seconds_or_null(s.ttm_p90)}}},
            {"postmortems",
             {{"done", s.postmortems_done},
              {"due", s.postmortems_due},
              {"overdue", s.postmortems_overdue}}},
            {"action_items_overdue", s.actions_overdue}};
}

}  // namespace

StatsReport compute_stats(std::span<const IncidentFacts> incidents, std::optional<int> days,
                          core::TimePoint now) {
    StatsReport report;
    report.days = days;
    std::array<Samples, 4> samples;
    Samples all;
    for (const auto& f : incidents) {
        if (f.duplicate) {
            ++report.duplicates;
            continue;
        }
        const auto index = core::index(f.severity);
        tally(report.by_severity[index], samples[index], f, now);
        tally(report.total, all, f, now);
    }
    for (std::size_t i = 0; i < 4; ++i) finish(report.by_severity[i], samples[i]);
    finish(report.total, all);
    return report;
}

std::string duplicates_note(const StatsReport& report) {
    if (report.duplicates == 0) return {};
    return std::to_string(report.duplicates) +
           (report.duplicates == 1 ? " incident closed as a duplicate is"
                                   : " incidents closed as duplicates are") +
           " left out.";
}

std::string stats_text(const StatsReport& report) {
    // Padded by code point, not by byte as printf's %-12s would: "—" is three
    // bytes and one column, and the table is read in a monospaced block.
    const auto cell = [](std::string text, std::size_t width, bool right) {
        const auto n = messages::code_points(text);
        if (n >= width) return text;
        return right ? std::string(width - n, ' ') + text : text + std::string(width - n, ' ');
    };
    const auto line = [&](const std::string& label, std::array<std::string, 3> counts,
                          std::array<std::string, 5> times, const std::string& pm,
                          const std::string& actions) {
        std::string out = cell(label, 6, false);
        for (auto& c : counts) out += " " + cell(std::move(c), 5, true);
        out += " ";
        for (auto& t : times) out += " " + cell(std::move(t), 12, false);
        return out + "  " + cell(pm, 14, false) + " " + actions + "\n";
    };
    std::string out = "Incidents " +
                      (report.days ? "of the last " + std::to_string(*report.days) + " days"
                                   : std::string("of all time")) +
                      " (times from declaring)\n";
    out += line("", {"decl", "res", "open"},
                {"MTTA median", "MTTA p90", "MTTR median", "MTTR p90", "MTTM median"},
                "PM done/due/od", "actions overdue");
    const auto row = [&](const std::string& label, const SeverityStats& s) {
        const std::string pm = std::to_string(s.postmortems_done) + "/" +
                               std::to_string(s.postmortems_due) + "/" +
                               std::to_string(s.postmortems_overdue);
        out += line(
            label, {std::to_string(s.declared), std::to_string(s.resolved), std::to_string(s.open)},
            {duration(s.tta_median), duration(s.tta_p90), duration(s.ttr_median),
             duration(s.ttr_p90), duration(s.ttm_median)},
            pm, std::to_string(s.actions_overdue));
    };
    for (std::size_t i = 0; i < 4; ++i) row("SEV" + std::to_string(i + 1), report.by_severity[i]);
    row("all", report.total);
    if (report.duplicates > 0) out += duplicates_note(report) + "\n";
    return out;
}

void write_stats_json(std::ostream& out, const StatsReport& report) {
    nlohmann::json j;
    j["period_days"] = report.days ? nlohmann::json(*report.days) : nlohmann::json(nullptr);
    nlohmann::json by = nlohmann::json::object();
    for (std::size_t i = 0; i < 4; ++i)
        by["SEV" + std::to_string(i + 1)] = to_json(report.by_severity[i]);
    j["by_severity"] = by;
    j["all"] = to_json(report.total);
    j["duplicates_left_out"] = report.duplicates;
    out << j.dump(2) << '\n';
}

}  // namespace reports
