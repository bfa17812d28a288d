#include "reports/export.hpp"

#include "reports/postmortem.hpp"
#include "reports/tree_writer.hpp"

namespace reports {

namespace {

void time_or_null(TreeWriter& w, const std::optional<core::TimePoint>& t) {
    if (t)
        w.text(iso_time(*t), true);
    else
        w.null();
}

void text_or_null(TreeWriter& w, const std::string& s) {
    if (s.empty())
        w.null();
    else
        w.text(s);
}

void incident_map(TreeWriter& w, const IncidentReport& r, const EventSource& events) {
    const auto& i = r.incident;
    w.begin_map();
    w.key("incident");
    w.begin_map();
    // The runbook's template, in its order.
    w.key("id");
    w.text(core::incident_key(i));
    w.key("severity");
    w.text(core::to_string(i.severity));
    w.key("title");
    w.text(i.title);
    w.key("started_at");
    w.text(iso_time(started_at(i)), true);
    w.key("detected_by");
    text_or_null(w, i.detected_by);
    w.key("resolved_at");
    time_or_null(w, i.resolved_at);
    w.key("impact");
    w.begin_map(true);
    w.key("users_affected");
    if (i.users_affected)
        w.number(*i.users_affected);
    else
        w.null();
    w.key("revenue_lost");
    text_or_null(w, i.revenue_lost);
    w.key("duration_minutes");
    if (const auto minutes = duration_minutes(i))
        w.number(*minutes);
    else
        w.null();
    w.end_map();
    w.key("timeline");
    w.begin_list();
    events([&](const core::TimelineEvent& e) {
        w.begin_map(true);
        w.key("time");
        w.text(clock_time(e.at), true);
        w.key("event");
        w.text(event_text(r, e));
        if (!e.link.empty()) {
            w.key("link");
            w.text(e.link);
        }
        w.end_map();
    });
    w.end_list();
    w.key("action_items");
    w.begin_list();
    for (const auto& a : r.action_items) w.text(a.text);
    w.end_list();

    // What the template lacks.
    w.key("state");
    w.text(core::to_string(i.state));
    w.key("channel");
    w.begin_map(true);
    w.key("id");
    text_or_null(w, i.channel_id);
    w.key("name");
    text_or_null(w, i.channel_name);
    w.end_map();
    w.key("roles");
    w.begin_map(true);
    for (const core::Role role : core::kAllRoles) {
        w.key(core::role_key(role));
        const auto& holder = i.holder(role);
        if (holder.empty()) {
            w.null();
        } else {
            w.begin_map(true);
            w.key("id");
            w.text(holder);
            w.key("name");
            w.text(name_of(r, holder));
            w.end_map();
        }
    }
    w.end_map();
    w.key("declared_at");
    w.text(iso_time(i.declared_at), true);
    w.key("declared_by");
    w.text(name_of(r, i.declared_by));
    w.key("acknowledged_at");
    time_or_null(w, i.acknowledged_at);
    w.key("detected_at");
    time_or_null(w, i.detected_at);
    w.key("mitigated_at");
    time_or_null(w, i.mitigated_at);
    w.key("duplicate_of");
    text_or_null(w, i.duplicate_of);
    w.key("impact_notes");
    text_or_null(w, i.impact_text);
    w.key("resolution");
    text_or_null(w, i.resolution);
    w.key("postmortem");
    w.begin_map(true);
    w.key("due_at");
    time_or_null(w, i.postmortem_due_at);
    w.key("link");
    text_or_null(w, i.postmortem_link);
    w.end_map();
    w.key("people_involved");
    w.number(static_cast<std::int64_t>(r.people.size()));
    w.key("action_items_detail");
    w.begin_list();
    for (const auto& a : r.action_items) {
        w.begin_map(true);
        w.key("number");
        w.number(a.number);
        w.key("text");
        w.text(a.text);
        w.key("owner");
        if (a.owner.empty())
            w.null();
        else
            w.text(name_of(r, a.owner));
        w.key("owner_id");
        text_or_null(w, a.owner);
        w.key("due");
        if (a.due)
            w.text(core::to_string(*a.due), true);
        else
            w.null();
        w.key("done");
        w.boolean(a.done);
        w.end_map();
    }
    w.end_list();
    w.key("timeline_detail");
    w.begin_list();
    events([&](const core::TimelineEvent& e) {
        w.begin_map(true);
        w.key("at");
        w.text(iso_time(e.at), true);
        w.key("actor");
        w.text(name_of(r, e.actor));
        w.key("actor_id");
        text_or_null(w, e.actor);
        w.key("kind");
        w.text(core::to_string(e.kind));
        w.key("event");
        w.text(event_text(r, e));
        if (!e.link.empty()) {
            w.key("link");
            w.text(e.link);
        }
        w.end_map();
    });
    w.end_list();
    w.end_map();
    w.end_map();
}

std::unique_ptr<TreeWriter> writer_for(std::ostream& out, core::ReportFormat format) {
    return format == core::ReportFormat::Yaml ? yaml_writer(out) : json_writer(out);
}

}  // namespace

void write_incident(std::ostream& out, core::ReportFormat format, const IncidentReport& report,
                    const EventSource& events, core::TimePoint now) {
    if (format == core::ReportFormat::Markdown) return write_postmortem(out, report, events, now);
    auto w = writer_for(out, format);
    incident_map(*w, report, events);
    w->finish();
}

void write_incidents(std::ostream& out, core::ReportFormat format,
                     const IncidentSource& incidents) {
    auto w = writer_for(out, format);
    w->begin_list();
    incidents([&](const IncidentReport& report, const EventSource& events) {
        incident_map(*w, report, events);
    });
    w->end_list();
    w->finish();
}

std::string file_name(const core::Incident& incident, core::ReportFormat format, bool postmortem) {
    return core::incident_key(incident) + (postmortem ? "-postmortem" : "") + "." +
           std::string(core::to_string(format));
}

}  // namespace reports
