// libFuzzer target: any bytes as an Alertmanager webhook body. Parsing must
// give a typed AlertGroup or an error value, never throw or crash; a parsed
// group must go through the plan, the severity and title rules and the
// renderers of its Slack messages.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "alerts/plan.hpp"
#include "alerts/webhook.hpp"
#include "fuzz/require.hpp"
#include "messages/alert_messages.hpp"

using fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto group = alerts::parse_webhook(text);
    if (!group) {
        require(!group.error().message.empty());
        require(group.error().message.find('\n') == std::string::npos);
        return 0;
    }
    require(!group->group_key.empty());
    require(group->alerts.size() <= alerts::kMaxAlerts);
    const auto declare = alerts::plan(*group, std::nullopt);
    require(declare.changed.size() <= group->alerts.size());
    alerts::OpenGroup open;
    for (const auto& a : group->alerts) open.seen[a.fingerprint] = a.status;
    open.status = group->status;
    // Everything seen, with the status recorded: a repeat changes nothing.
    require(alerts::plan(*group, open).action == alerts::Plan::Action::Nothing ||
            group->alerts.size() > open.seen.size());
    (void)alerts::severity_of(*group, alerts::SeverityRules{});
    require(!alerts::title_of(*group).empty());
    (void)alerts::started_at(*group);
    const auto details = messages::alert_details(*group, "");
    require(!details.text.empty());
    (void)messages::alert_changes(declare.changed);
    return 0;
}
