// When the runbook next expects something of an incident, derived from the
// incident alone.
#include <doctest/doctest.h>

#include "core/due_times.hpp"

using namespace std::chrono_literals;

namespace {

const core::TimePoint kT0 = core::from_unix_seconds(1795424400);

core::Incident sev1() {
    core::Incident i;
    i.id = 1;
    i.severity = core::Severity::Sev1;
    i.declared_at = kT0;
    return i;
}

}  // namespace

TEST_CASE("the reminder is due one cadence after the last update, or after the last reminder") {
    const core::Runbook r;
    auto i = sev1();
    CHECK(core::due_times(i, r).reminder == kT0 + 15min);
    i.last_update_at = kT0 + 10min;
    CHECK(core::due_times(i, r).reminder == kT0 + 25min);
    i.last_reminder_at = kT0 + 60min;  // reminded late, after a restart
    CHECK(core::due_times(i, r).reminder == kT0 + 75min);
    i.severity = core::Severity::Sev3;
    CHECK_FALSE(core::due_times(i, r).reminder);
    i.severity = core::Severity::Sev1;
    i.state = core::IncidentState::Resolved;
    CHECK_FALSE(core::due_times(i, r).reminder);
}

TEST_CASE("escalation levels fall due after respond-within plus each level's delay") {
    core::Runbook r;
    r.escalation[0] = {{0s, {"U1"}}, {15min, {"U2"}}, {30min, {"S3"}}};
    auto i = sev1();
    CHECK(core::due_times(i, r).escalation == kT0 + 5min);
    CHECK(core::escalation_levels_due(i, r, kT0 + 4min) == 0);
    CHECK(core::escalation_levels_due(i, r, kT0 + 5min) == 1);
    CHECK(core::escalation_levels_due(i, r, kT0 + 21min) == 2);
    CHECK(core::escalation_levels_due(i, r, kT0 + 3h) == 3);
    i.escalation_level = 2;
    CHECK(core::due_times(i, r).escalation == kT0 + 35min);
    i.escalation_level = 3;
    CHECK_FALSE(core::due_times(i, r).escalation);
    i.escalation_level = 0;
    i.state = core::IncidentState::Acknowledged;
    CHECK_FALSE(core::due_times(i, r).escalation);
    CHECK_FALSE(core::due_times(sev1(), core::Runbook{}).escalation);  // no contacts configured
}

TEST_CASE("the post-mortem nudge is due once, after resolve, unless the link came first") {
    const core::Runbook r;
    auto i = sev1();
    CHECK_FALSE(core::due_times(i, r).postmortem);
    i.state = core::IncidentState::Resolved;
    i.postmortem_due_at = kT0 + 24h;
    CHECK(core::due_times(i, r).postmortem == kT0 + 24h);
    i.postmortem_reminded_at = kT0 + 24h;
    CHECK_FALSE(core::due_times(i, r).postmortem);
    i.postmortem_reminded_at.reset();
    i.postmortem_link = "https://pm";
    CHECK_FALSE(core::due_times(i, r).postmortem);
}

TEST_CASE("a time an update gave for the next brings the reminder forward, once") {
    const core::Runbook r;
    auto i = sev1();
    i.last_update_at = kT0 + 10min;
    i.next_update_at = kT0 + 15min;  // "next update: 5m"
    CHECK(core::next_update_due(i, r) == kT0 + 15min);
    CHECK(core::due_times(i, r).reminder == kT0 + 15min);
    // An earlier reminder (before that update) does not hold it back.
    i.last_reminder_at = kT0 + 9min;
    CHECK(core::due_times(i, r).reminder == kT0 + 15min);
    // Nudged when it passed: then a whole cadence, as after any reminder.
    i.last_reminder_at = kT0 + 15min;
    CHECK(core::due_times(i, r).reminder == kT0 + 30min);
    // Never later than the cadence: a severity raised since shortens it.
    i.last_reminder_at.reset();
    i.next_update_at = kT0 + 60min;
    CHECK(core::next_update_due(i, r) == kT0 + 25min);
    // No cadence (SEV3): the time given, nudged once, then nothing.
    i.severity = core::Severity::Sev3;
    CHECK(core::due_times(i, r).reminder == kT0 + 60min);
    i.last_reminder_at = kT0 + 60min;
    CHECK_FALSE(core::due_times(i, r).reminder);
    CHECK(core::next_update_due(i, r) == kT0 + 60min);  // still what the update said
    i.state = core::IncidentState::Resolved;
    CHECK_FALSE(core::next_update_due(i, r));
}
