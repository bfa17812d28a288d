#pragma once
// Alertmanager's webhook payload (version 4) as the real Alertmanager posts
// it, for tests that post it themselves: one alert, and one delivery of a
// group. The group's alertname and summary name the incident it opens.
#include <string>

#include <nlohmann/json.hpp>

namespace test {

struct AlertGroup {
    std::string alertname = "DiskFull";
    std::string summary = "disk full on api";
};

// One alert of `group` on `instance` ("firing" or "resolved").
nlohmann::json webhook_alert(const std::string& instance, const std::string& status = "firing",
                             const AlertGroup& group = {});
// One delivery of `group` under `group_key` with `alerts`.
nlohmann::json webhook_delivery(const std::string& group_key, nlohmann::json alerts,
                                const std::string& status = "firing", const AlertGroup& group = {});

}  // namespace test
