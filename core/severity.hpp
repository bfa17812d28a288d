#pragma once
#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace core {

// SEV1 is the most severe. The underlying value doubles as an index into
// per-severity settings (cadence, respond-within, escalation).
enum class Severity { Sev1 = 0, Sev2 = 1, Sev3 = 2, Sev4 = 3 };

inline constexpr std::array<Severity, 4> kAllSeverities{Severity::Sev1, Severity::Sev2,
                                                        Severity::Sev3, Severity::Sev4};

// Accepts SEV1..SEV4, P0..P3, critical/high/medium/low, any case.
std::optional<Severity> parse_severity(std::string_view text);
std::string_view to_string(Severity s);    // "SEV1"
std::string_view description(Severity s);  // "critical"
inline std::size_t index(Severity s) {
    return static_cast<std::size_t>(s);
}

}  // namespace core
