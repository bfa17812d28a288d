#include <doctest/doctest.h>

#include "core/duration.hpp"
#include "core/incident.hpp"
#include "core/severity.hpp"
#include "core/url_encoding.hpp"

using namespace std::chrono_literals;

TEST_CASE("severity aliases map P0..P3 and names to SEV1..SEV4, any case") {
    CHECK(core::parse_severity("SEV1") == core::Severity::Sev1);
    CHECK(core::parse_severity("p0") == core::Severity::Sev1);
    CHECK(core::parse_severity("Critical") == core::Severity::Sev1);
    CHECK(core::parse_severity("P1") == core::Severity::Sev2);
    CHECK(core::parse_severity("medium") == core::Severity::Sev3);
    CHECK(core::parse_severity("sev4") == core::Severity::Sev4);
    CHECK_FALSE(core::parse_severity("SEV5"));
    CHECK_FALSE(core::parse_severity("P4"));
    CHECK_FALSE(core::parse_severity(""));
}

TEST_CASE("durations read as the configuration documents them") {
    CHECK(core::parse_duration("90s") == 90s);
    CHECK(core::parse_duration("15m") == 15min);
    CHECK(core::parse_duration("1h") == 1h);
    CHECK(core::parse_duration("1h30m") == 90min);
    CHECK_FALSE(core::parse_duration("15x"));
    CHECK_FALSE(core::parse_duration("15"));
    CHECK_FALSE(core::parse_duration("m"));
    CHECK_FALSE(core::parse_duration("30m1h"));
    CHECK_FALSE(core::parse_duration("0m"));
    CHECK_FALSE(core::parse_duration(""));
    CHECK(core::format_duration(90min) == "1h30m");
    CHECK(core::format_duration(15min) == "15m");
}

TEST_CASE("incident ids are INC-year-number with three digits") {
    CHECK(core::incident_key(2026, 1) == "INC-2026-001");
    CHECK(core::incident_key(2026, 1234) == "INC-2026-1234");
}

TEST_CASE("roles parse from the short names users type") {
    CHECK(core::parse_role("IC") == core::Role::Commander);
    CHECK(core::parse_role("tech") == core::Role::TechLead);
    CHECK(core::parse_role("Comms") == core::Role::CommsLead);
    CHECK(core::parse_role("scribe") == core::Role::Scribe);
    CHECK_FALSE(core::parse_role("boss"));
}

TEST_CASE("form encoding keeps unreserved characters and round-trips every byte") {
    CHECK(core::url_encode("a-Z_0.~") == "a-Z_0.~");
    CHECK(core::url_encode("a b&c=d/✓") == "a%20b%26c%3Dd%2F%E2%9C%93");
    std::string every;
    for (int c = 0; c < 256; ++c) every += static_cast<char>(c);
    CHECK(core::url_decode(core::url_encode(every)) == every);
    CHECK(core::url_decode("a+b%2") == "a b%2");  // a form's `+`; a broken escape kept
}

TEST_CASE("incident ids are INC-<year>-<number>, nothing looser") {
    CHECK(core::parse_incident_key("INC-2026-001") == std::pair{2026, 1});
    CHECK(core::parse_incident_key("INC-2026-1234") == std::pair{2026, 1234});
    CHECK(core::parse_incident_key("INC-2026-7") == std::pair{2026, 7});
    for (const auto* bad : {"INC-2026-", "inc-2026-001", "INC-26-001", "INC-2026-000",
                            "INC-2026-0x1", "INC-2026-001/../x", "../etc/passwd"})
        CHECK_FALSE(core::parse_incident_key(bad));
}
