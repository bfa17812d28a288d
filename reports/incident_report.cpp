#include "reports/incident_report.hpp"

#include <cstdio>

#include "core/escalation.hpp"

namespace reports {

namespace {

struct Civil {
    int year;
    unsigned month, day;
    long long hour, minute, second;
};

Civil civil(core::TimePoint t) {
    const auto secs = std::chrono::floor<std::chrono::seconds>(t);
    const auto day = std::chrono::floor<std::chrono::days>(secs);
    const std::chrono::year_month_day ymd{day};
    const std::chrono::hh_mm_ss hms{secs - day};
    return Civil{static_cast<int>(ymd.year()),
                 static_cast<unsigned>(ymd.month()),
                 static_cast<unsigned>(ymd.day()),
                 static_cast<long long>(hms.hours().count()),
                 static_cast<long long>(hms.minutes().count()),
                 static_cast<long long>(hms.seconds().count())};
}

std::string one_line(std::string text) {
    for (char& c : text)
        if (c == '\n' || c == '\r') c = ' ';
    return text;
}

}  // namespace

std::string name_of(const IncidentReport& report, const std::string& user_id) {
    if (user_id.empty()) return "incident-bot";
    const auto it = report.names.find(user_id);
    return it == report.names.end() ? user_id : it->second;
}

std::string event_text(const IncidentReport& report, const core::TimelineEvent& e) {
    using K = core::EventKind;
    const auto with = [&](std::string label) {
        return e.text.empty() ? label : label + ": " + one_line(e.text);
    };
    const std::string subject = e.subject.empty() ? "" : " → " + name_of(report, e.subject);
    switch (e.kind) {
        case K::Declared:
            return "Declared " + one_line(e.text);
        case K::Acknowledged:
            return "Acknowledged";
        case K::RoleAssigned:
            return one_line(e.text) + subject;
        case K::Update:
            return with("Status update");
        case K::SeverityChanged:
            return "Severity " + one_line(e.text);
        case K::Note:
            return with("Note");
        case K::Mitigated:
            return with("Mitigated");
        case K::DuplicateOf:
            return "Closed as a duplicate of " + one_line(e.text);
        case K::DuplicateClosed:
            return "Closed as its duplicate: " + one_line(e.text);
        case K::DuplicateReopened:
            return "Its duplicate reopened: " + one_line(e.text);
        case K::Paged:
            if (const auto paged = core::parse_escalation_event(e.text))
                return "Paged: " +
                       core::describe_contacts(
                           paged->contacts,
                           [&](const std::string& id) { return name_of(report, id); }) +
                       (paged->reason.empty() ? std::string() : " · " + one_line(paged->reason));
            return with("Paged");
        case K::Resolved:
            return with("Resolved");
        case K::ReminderSent:
            return with("Reminder");
        case K::EscalationSent:
            if (const auto paged = core::parse_escalation_event(e.text))
                return "Escalation: " +
                       core::describe(*paged,
                                      [&](const std::string& id) { return name_of(report, id); }) +
                       (paged->reason.empty() ? std::string() : " · " + one_line(paged->reason));
            return with("Escalation");
        case K::PostmortemDue:
            return "Post-mortem due";
        case K::PostmortemDone:
            return with("Post-mortem written");
        case K::ImpactRecorded:
            return with("Impact");
        case K::DetectionRecorded:
            return with("Detected by");
        case K::ActionItem:
            return "Action item " + one_line(e.text) + subject;
        case K::Reopened:
            return with("Reopened");
        case K::Snoozed:
            return with("Reminders snoozed");
        case K::CommsPosted:
            return with("Stakeholder update");
        case K::Renamed:
            return with("Renamed");
        case K::RoleUnassigned:
            return one_line(e.text) + " → nobody (was " + name_of(report, e.subject) + ")";
        case K::Message:
            return with("Message") + (e.link.empty() ? "" : " (" + e.link + ")");
    }
    return one_line(e.text);
}

std::string iso_time(core::TimePoint t) {
    const Civil c = civil(t);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02lld:%02lld:%02lldZ", c.year, c.month, c.day,
                  c.hour, c.minute, c.second);
    return buf;
}

std::string readable_time(core::TimePoint t) {
    const Civil c = civil(t);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02lld:%02lld:%02lld UTC", c.year, c.month,
                  c.day, c.hour, c.minute, c.second);
    return buf;
}

std::string clock_time(core::TimePoint t) {
    const Civil c = civil(t);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02lld:%02lld", c.hour, c.minute);
    return buf;
}

core::TimePoint started_at(const core::Incident& i) {
    return i.detected_at && *i.detected_at < i.declared_at ? *i.detected_at : i.declared_at;
}

std::optional<std::int64_t> duration_minutes(const core::Incident& i) {
    if (!i.resolved_at) return std::nullopt;
    return std::chrono::duration_cast<std::chrono::minutes>(*i.resolved_at - started_at(i)).count();
}

}  // namespace reports
