#pragma once
// The runbook conventions per severity: how often the channel must post a
// status update, how fast someone must acknowledge, who gets paged when nobody
// does, and when the post-mortem is due. Configured at start-up (bot/config).
#include <array>
#include <chrono>
#include <optional>

#include "core/escalation.hpp"
#include "core/severity.hpp"

namespace core {

using OptionalDuration = std::optional<std::chrono::seconds>;  // nullopt = off
template <class T>
using PerSeverity = std::array<T, 4>;

struct Runbook {
    PerSeverity<OptionalDuration> reminder_cadence{
        std::chrono::minutes(15), std::chrono::minutes(30), std::nullopt, std::nullopt};
    PerSeverity<OptionalDuration> respond_within{std::chrono::minutes(5), std::chrono::minutes(15),
                                                 std::chrono::hours(1), std::nullopt};
    PerSeverity<EscalationPolicy> escalation{};
    PerSeverity<OptionalDuration> postmortem_due{std::chrono::hours(24), std::chrono::hours(48),
                                                 std::nullopt, std::nullopt};

    const OptionalDuration& cadence(Severity s) const { return reminder_cadence[index(s)]; }
    const OptionalDuration& respond(Severity s) const { return respond_within[index(s)]; }
    const EscalationPolicy& escalation_for(Severity s) const { return escalation[index(s)]; }
    const OptionalDuration& postmortem(Severity s) const { return postmortem_due[index(s)]; }
};

}  // namespace core
