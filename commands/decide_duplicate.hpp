#pragma once
// What `/incident duplicate INC-2026-004 [why]` decides (pure, like
// commands/decide.hpp): two incidents change together, the duplicate and the
// one the work goes on in (the original).
#include <optional>
#include <string>

#include "commands/command.hpp"
#include "commands/decide.hpp"
#include "core/incident.hpp"
#include "core/result.hpp"

namespace commands {

struct DuplicateChange {
    Change duplicate;  // closed: resolved, with no post-mortem of its own
    Change original;   // told, with the duplicate's people invited
};

// `original`: the incident the command names, as the person may see it
// (nullopt when there is none, or it is private and they are not in it).
// Errors: `no_such_incident`, `same_incident`, `already` (this one is a
// duplicate already), `resolved` (this one), `original_resolved`,
// `original_duplicate` (the named one is itself a duplicate: name its
// original); each says what would work, and nothing changes.
core::Result<DuplicateChange> decide_duplicate(const core::Incident& duplicate,
                                               const std::optional<core::Incident>& original,
                                               const MarkDuplicate& command, const Actor& actor,
                                               const std::string& bot_user_id);

// What the original is told when its duplicate is reopened (`reopened`: the
// duplicate as reopened, an incident of its own again; `reason` as typed): a
// timeline row and a message in its channel. Nothing else of it changes.
Change duplicate_reopened(const core::Incident& original, const core::Incident& reopened,
                          const std::string& reason, const Actor& actor);

}  // namespace commands
