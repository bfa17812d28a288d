#include "tests/support/dashboard_seed.hpp"

#include "core/action_item.hpp"
#include "storage/action_items.hpp"
#include "storage/database.hpp"
#include "storage/incidents.hpp"
#include "storage/timeline.hpp"
#include "storage/users.hpp"

namespace test {

using namespace std::chrono_literals;

DashboardSeed seed_dashboard(const std::string& db_path, core::TimePoint now,
                             const std::string& alice, const std::string& bob) {
    storage::Database db(db_path);
    DashboardSeed seed;
    db.transaction([&] {
        storage::Incidents incidents(db);
        storage::Timeline timeline(db);
        storage::Users(db).upsert(alice, "alice", now);
        storage::Users(db).upsert(bob, "bob", now);
        const auto declare = [&](const std::string& title, core::Severity severity,
                                 core::TimePoint at, bool is_private = false) {
            storage::NewIncident n{title, severity, alice, "C0OPS", at, ""};
            n.is_private = is_private;
            auto i = incidents.declare(n);
            ++seed.total;
            timeline.append({0, i.id, at, alice, core::EventKind::Declared, title});
            return i;
        };
        const auto resolve = [&](core::Incident& i, core::TimePoint at) {
            i.state = core::IncidentState::Resolved;
            i.acknowledged_at = i.declared_at + 2min;
            i.resolved_at = at;
            i.resolution = "rolled back";
            incidents.save(i);
            timeline.append({0, i.id, at, bob, core::EventKind::Resolved, "rolled back"});
        };

        for (int n = 0; n < 6; ++n) {
            auto i =
                declare("Queue backlog " + std::to_string(n + 1),
                        core::kAllSeverities[static_cast<std::size_t>(n % 4)], now - 40h + n * 1h);
            resolve(i, now - 30h + n * 1h);
            seed.resolved.push_back(core::incident_key(i));
        }
        auto long_one = declare("Search index rebuild", core::Severity::Sev2, now - 20h);
        for (int n = 1; n < kLongTimelineRows - 1; ++n)  // + declared + resolved
            timeline.append({0, long_one.id, now - 20h + n * 1s, n % 2 ? alice : bob,
                             core::EventKind::Note, "progress note " + std::to_string(n)});
        resolve(long_one, now - 19h);
        seed.long_one = core::incident_key(long_one);

        auto script = declare(kScriptXssTitle, core::Severity::Sev3, now - 10h);
        resolve(script, now - 9h);
        seed.script_xss = core::incident_key(script);

        auto secret = declare(kSecretTitle, core::Severity::Sev1, now - 3h, true);
        seed.secret = core::incident_key(secret);

        auto img = declare(kImgXssTitle, core::Severity::Sev2, now - 2h);
        seed.img_xss = core::incident_key(img);

        auto payment = declare("Payment processing down", core::Severity::Sev1, now - 1h);
        payment.state = core::IncidentState::Acknowledged;
        payment.acknowledged_at = now - 55min;
        payment.roles[core::index(core::Role::Commander)] = alice;
        payment.last_update_at = now - 50min;  // SEV1 wants one every 15 min: overdue
        payment.escalation_level = 1;
        incidents.save(payment);
        timeline.append({0, payment.id, now - 55min, alice, core::EventKind::RoleAssigned,
                         "Incident Commander", alice});
        timeline.append({0, payment.id, now - 50min, alice, core::EventKind::Update,
                         "card auths failing; rolling back deploy 4411"});
        core::ActionItem item;
        item.incident_id = payment.id;
        item.number = 1;
        item.text = "Add a canary for card auths";
        item.owner = bob;
        item.due = core::utc_date(now + 72h);
        item.created_at = now - 40min;
        storage::ActionItems(db).save(item);
        seed.payment = core::incident_key(payment);
        seed.open = 3;
    });
    return seed;
}

}  // namespace test
