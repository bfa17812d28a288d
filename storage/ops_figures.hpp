#pragma once
// What /metrics and /readyz read from the database: a few indexed counts.
#include <cstdint>
#include <optional>

#include "core/clock.hpp"
#include "core/runbook.hpp"
#include "storage/database.hpp"

namespace storage {

struct OpsFigures {
    core::PerSeverity<std::int64_t> open_incidents{};
    std::int64_t outbox_pending = 0;
    std::optional<core::TimePoint> oldest_pending_since;
};

OpsFigures read_ops_figures(Database& db);

// True when a write transaction can start now (BEGIN IMMEDIATE, then rolled
// back): the file is writable, the disk not read-only, no lock held forever.
bool writable(Database& db);

}  // namespace storage
