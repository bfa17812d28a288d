#include "core/severity.hpp"

#include "core/ascii.hpp"

namespace core {

std::optional<Severity> parse_severity(std::string_view text) {
    const std::string t = ascii_lower(text);
    if (t == "sev1" || t == "p0" || t == "critical") return Severity::Sev1;
    if (t == "sev2" || t == "p1" || t == "high") return Severity::Sev2;
    if (t == "sev3" || t == "p2" || t == "medium") return Severity::Sev3;
    if (t == "sev4" || t == "p3" || t == "low") return Severity::Sev4;
    return std::nullopt;
}

std::string_view to_string(Severity s) {
    switch (s) {
        case Severity::Sev1:
            return "SEV1";
        case Severity::Sev2:
            return "SEV2";
        case Severity::Sev3:
            return "SEV3";
        case Severity::Sev4:
            return "SEV4";
    }
    return "SEV?";
}

std::string_view description(Severity s) {
    switch (s) {
        case Severity::Sev1:
            return "critical";
        case Severity::Sev2:
            return "high";
        case Severity::Sev3:
            return "medium";
        case Severity::Sev4:
            return "low";
    }
    return "";
}

}  // namespace core
