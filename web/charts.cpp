#include "web/charts.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <vector>

#include "reports/incident_report.hpp"

namespace web {

namespace {

constexpr int kWidth = 900, kHeight = 260;
constexpr int kLeft = 48, kRight = 12, kTop = 12, kBottom = 36;

std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

std::string open_svg(const std::string& id, const std::string& title, const std::string& desc) {
    return "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 " + std::to_string(kWidth) + " " +
           std::to_string(kHeight) + "\" aria-labelledby=\"" + id + "-t " + id +
           "-d\"><title id=\"" + id + "-t\">" + title + "</title><desc id=\"" + id + "-d\">" +
           desc + "</desc>";
}

// A y axis from 0 to `top` with four gridlines, labelled with `unit`.
std::string y_axis(double top, const std::string& unit) {
    std::string out;
    const double plot = kHeight - kTop - kBottom;
    for (int i = 0; i <= 4; ++i) {
        const double y = kTop + plot - plot * i / 4.0;
        out += "<line class=\"axis\" x1=\"" + std::to_string(kLeft) + "\" x2=\"" +
               std::to_string(kWidth - kRight) + "\" y1=\"" + num(y) + "\" y2=\"" + num(y) + "\"/>";
        const double value = top * i / 4.0;
        out +=
            "<text x=\"" + std::to_string(kLeft - 6) + "\" y=\"" + num(y + 4) +
            "\" text-anchor=\"end\">" +
            (value == std::floor(value) ? std::to_string(static_cast<long>(value)) : num(value)) +
            unit + "</text>";
    }
    return out;
}

// A round top for the axis: 1, 2, 5, 10, 20, 50 …
double nice_top(double max) {
    if (max <= 0) return 1;
    double step = 1;
    while (true) {
        for (const double m : {1.0, 2.0, 5.0})
            if (m * step >= max) return m * step;
        step *= 10;
    }
}

}  // namespace

std::string weekly_incidents_chart(std::span<const core::IncidentFacts> incidents,
                                   core::TimePoint now, int weeks) {
    using namespace std::chrono;
    // Monday 00:00 UTC of this week; 1970-01-01 was a Thursday.
    const auto today = floor<days>(now);
    const auto weekday = (today.time_since_epoch().count() + 3) % 7;  // 0 = Monday
    const auto this_week = today - days(weekday);
    const auto first = this_week - days(7 * (weeks - 1));
    std::vector<std::array<int, 4>> counts(static_cast<std::size_t>(weeks), std::array<int, 4>{});
    for (const auto& f : incidents) {
        if (f.declared_at < first) continue;
        const auto week = floor<days>(f.declared_at - first).count() / 7;
        if (week < 0 || week >= weeks) continue;
        ++counts[static_cast<std::size_t>(week)][core::index(f.severity)];
    }
    int max = 0, total = 0;
    for (const auto& c : counts) {
        max = std::max(max, c[0] + c[1] + c[2] + c[3]);
        total += c[0] + c[1] + c[2] + c[3];
    }
    const double top = nice_top(max);
    std::string out =
        open_svg("weekly", "Incidents declared per week, by severity",
                 std::to_string(total) + " incidents in the last " + std::to_string(weeks) +
                     " weeks; the busiest week had " + std::to_string(max) + ".");
    out += y_axis(top, "");
    const double plot_w = kWidth - kLeft - kRight;
    const double plot_h = kHeight - kTop - kBottom;
    const double slot = plot_w / weeks;
    for (int w = 0; w < weeks; ++w) {
        double y = kTop + plot_h;
        const double x = kLeft + slot * w + slot * 0.15;
        for (std::size_t s = 0; s < 4; ++s) {
            const int n = counts[static_cast<std::size_t>(w)][s];
            if (n == 0) continue;
            const double h = plot_h * n / top;
            y -= h;
            out += "<rect class=\"sev" + std::to_string(s + 1) + "\" x=\"" + num(x) + "\" y=\"" +
                   num(y) + "\" width=\"" + num(slot * 0.7) + "\" height=\"" + num(h) +
                   "\"><title>SEV" + std::to_string(s + 1) + ": " + std::to_string(n) +
                   "</title></rect>";
        }
        if (w % 4 == 0 || w == weeks - 1) {
            const auto monday = year_month_day{first + days(7 * w)};
            char label[16];
            std::snprintf(label, sizeof label, "%02u-%02u", static_cast<unsigned>(monday.month()),
                          static_cast<unsigned>(monday.day()));
            out += "<text x=\"" + num(x + slot * 0.35) + "\" y=\"" +
                   std::to_string(kHeight - kBottom + 16) + "\" text-anchor=\"middle\">" + label +
                   "</text>";
        }
    }
    out += "</svg>";
    return out;
}

std::string time_to_resolve_chart(std::span<const core::IncidentFacts> incidents,
                                  core::TimePoint now, int days, int most) {
    using namespace std::chrono;
    const auto since = now - std::chrono::days(days);
    std::vector<std::pair<double, core::Severity>> bars;  // hours, severity
    for (const auto& f : incidents)
        if (f.declared_at >= since && f.resolved_at)
            bars.emplace_back(
                duration<double, std::ratio<3600>>(*f.resolved_at - f.declared_at).count(),
                f.severity);
    // Bars narrower than a few pixels say nothing: the latest ones only.
    if (bars.size() > static_cast<std::size_t>(most)) bars.erase(bars.begin(), bars.end() - most);
    double max = 0;
    for (const auto& [hours, severity] : bars) max = std::max(max, hours);
    const double top = nice_top(max);
    std::string out =
        open_svg("ttr", "Time to resolve per incident, in hours",
                 std::to_string(bars.size()) +
                     " incidents, the latest resolved of those declared "
                     "in the last " +
                     std::to_string(days) + " days; the longest took " + num(max) + " hours.");
    out += y_axis(top, "h");
    const double plot_w = kWidth - kLeft - kRight;
    const double plot_h = kHeight - kTop - kBottom;
    if (bars.empty()) {
        out += "<text x=\"" + std::to_string(kWidth / 2) + "\" y=\"" + std::to_string(kHeight / 2) +
               "\" text-anchor=\"middle\">No resolved incidents yet</text></svg>";
        return out;
    }
    const double slot = plot_w / static_cast<double>(bars.size());
    for (std::size_t i = 0; i < bars.size(); ++i) {
        const auto& [hours, severity] = bars[i];
        const double h = std::max(1.0, plot_h * hours / top);
        out += "<rect class=\"sev" + std::to_string(core::index(severity) + 1) + "\" x=\"" +
               num(kLeft + slot * static_cast<double>(i) + slot * 0.1) + "\" y=\"" +
               num(kTop + plot_h - h) + "\" width=\"" + num(std::max(0.5, slot * 0.8)) +
               "\" height=\"" + num(h) + "\"><title>" + std::string(core::to_string(severity)) +
               ": " + num(hours) + " h</title></rect>";
    }
    out += "</svg>";
    return out;
}

}  // namespace web
