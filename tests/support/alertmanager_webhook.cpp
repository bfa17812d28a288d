#include "tests/support/alertmanager_webhook.hpp"

namespace test {

nlohmann::json webhook_alert(const std::string& instance, const std::string& status,
                             const AlertGroup& group) {
    return {{"status", status},
            {"labels",
             {{"alertname", group.alertname},
              {"service", "api"},
              {"instance", instance},
              {"severity", "critical"}}},
            {"annotations", {{"summary", group.summary}}},
            {"startsAt", "2026-12-02T12:23:23Z"},
            {"endsAt", "0001-01-01T00:00:00Z"},
            {"generatorURL", "http://prom.example/graph?g0.expr=disk"},
            {"fingerprint", "fp-" + group.alertname + "-" + instance}};
}

nlohmann::json webhook_delivery(const std::string& group_key, nlohmann::json alerts,
                                const std::string& status, const AlertGroup& group) {
    return {{"receiver", "bot"},
            {"status", status},
            {"alerts", std::move(alerts)},
            {"groupLabels", {{"alertname", group.alertname}, {"service", "api"}}},
            {"commonLabels",
             {{"alertname", group.alertname}, {"service", "api"}, {"severity", "critical"}}},
            {"commonAnnotations", {{"summary", group.summary}}},
            {"externalURL", "http://127.0.0.1:9093"},
            {"version", "4"},
            {"groupKey", group_key},
            {"truncatedAlerts", 0}};
}

}  // namespace test
