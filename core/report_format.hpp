#pragma once
// The formats an incident exports to (`/incident export`, `incident-bot export`).
#include <optional>
#include <string_view>

namespace core {

enum class ReportFormat { Markdown, Json, Yaml };

inline std::string_view to_string(ReportFormat f) {
    switch (f) {
        case ReportFormat::Markdown:
            return "md";
        case ReportFormat::Json:
            return "json";
        case ReportFormat::Yaml:
            return "yaml";
    }
    return "md";
}

// "md" (or "markdown"), "json", "yaml" (or "yml"); exact, lower case.
inline std::optional<ReportFormat> parse_report_format(std::string_view s) {
    if (s == "md" || s == "markdown") return ReportFormat::Markdown;
    if (s == "json") return ReportFormat::Json;
    if (s == "yaml" || s == "yml") return ReportFormat::Yaml;
    return std::nullopt;
}

}  // namespace core
