#pragma once
// What happened to incidents, reported after it is committed: the bot's
// metrics (metrics/bot_metrics.hpp) listen; nothing else depends on it.
#include <chrono>
#include <string_view>

#include "core/incident.hpp"

namespace core {

// Where a declare came from, as the incidents_declared metric labels it.
inline constexpr std::string_view kSourceSlash = "slash";
inline constexpr std::string_view kSourceAlert = "alert";

class IncidentEvents {
  public:
    virtual ~IncidentEvents() = default;
    virtual void declared(const Incident& /*incident*/, std::string_view /*source*/) {}
    // Any stored change: acknowledged_at or resolved_at appearing is what counts.
    virtual void changed(const Incident& /*before*/, const Incident& /*after*/) {}
    // A reminder, an escalation or a post-mortem nudge; lateness: how long
    // after its due time it was stored.
    virtual void nudged(EventKind /*kind*/, std::chrono::milliseconds /*lateness*/) {}
};

}  // namespace core
