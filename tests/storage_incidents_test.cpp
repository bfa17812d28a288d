#include <doctest/doctest.h>

#include <algorithm>

#include <chrono>

#include "core/action_item.hpp"
#include "reports/stats.hpp"
#include "storage/action_items.hpp"
#include "storage/database.hpp"
#include "storage/followers.hpp"
#include "storage/incident_facts.hpp"
#include "storage/incidents.hpp"
#include "storage/timeline.hpp"
#include "tests/support/postgres_server.hpp"

using namespace std::chrono_literals;
namespace chr = std::chrono;

namespace {

core::TimePoint utc(int y, unsigned m, unsigned d, chr::seconds time_of_day = 0s) {
    return chr::sys_days{chr::year{y} / chr::month{m} / chr::day{d}} + time_of_day;
}

storage::NewIncident sample(core::TimePoint at, std::string title = "Payment processing down") {
    return storage::NewIncident{std::move(title),
                                core::Severity::Sev1,
                                "U1DECLARER",
                                "C0GENERAL",
                                at,
                                "incident-2026-03-01-payment-processing-down"};
}

}  // namespace

TEST_CASE("incidents are numbered per year: 2026-001, 2026-002, then 2027-001") {
    auto backend = test::each_backend();
    storage::Database& db = *backend;
    storage::Incidents incidents(db);

    auto a = incidents.declare(sample(utc(2026, 3, 1)));
    auto b = incidents.declare(sample(utc(2026, 12, 31, 23h + 59min + 59s)));
    auto c = incidents.declare(sample(utc(2027, 1, 1)));
    auto d = incidents.declare(sample(utc(2027, 6, 1)));

    CHECK(core::incident_key(a) == "INC-2026-001");
    CHECK(core::incident_key(b) == "INC-2026-002");
    CHECK(core::incident_key(c) == "INC-2027-001");
    CHECK(core::incident_key(d) == "INC-2027-002");
    CHECK(a.id != b.id);
}

TEST_CASE("a declared incident is found by id and, once bound, by its channel") {
    auto backend = test::each_backend();
    storage::Database& db = *backend;
    storage::Incidents incidents(db);
    const auto declared = incidents.declare(sample(utc(2026, 3, 1, 10h)));

    CHECK(declared.state == core::IncidentState::Declared);
    CHECK(declared.channel_id.empty());

    auto by_id = incidents.get(declared.id);
    REQUIRE(by_id);
    CHECK(by_id->title == "Payment processing down");
    CHECK(by_id->severity == core::Severity::Sev1);
    CHECK(by_id->declared_by == "U1DECLARER");
    CHECK(by_id->origin_channel == "C0GENERAL");
    CHECK(by_id->channel_name == "incident-2026-03-01-payment-processing-down");
    CHECK(by_id->declared_at == utc(2026, 3, 1, 10h));
    CHECK_FALSE(by_id->acknowledged_at);

    CHECK_FALSE(incidents.channel_bound("C123"));
    CHECK_FALSE(incidents.by_channel("C123"));
    CHECK(incidents.set_channel(declared.id, "C123",
                                "incident-2026-03-01-payment-processing-down-2"));
    CHECK(incidents.channel_bound("C123"));
    auto by_channel = incidents.by_channel("C123");
    REQUIRE(by_channel);
    CHECK(by_channel->id == declared.id);
    CHECK(by_channel->channel_name == "incident-2026-03-01-payment-processing-down-2");
    CHECK_FALSE(incidents.get(declared.id + 100));
    CHECK_FALSE(incidents.set_channel(declared.id + 100, "C999", "x"));
}

TEST_CASE("several incidents are read at once, missing ones left out, past one statement's eight") {
    auto backend = test::each_backend();
    storage::Database& db = *backend;
    storage::Incidents incidents(db);
    std::vector<std::int64_t> ids;
    for (int i = 0; i < 11; ++i)
        ids.push_back(
            incidents.declare(sample(utc(2026, 3, 1, 10h), "Title " + std::to_string(i))).id);
    ids.insert(ids.begin() + 3, ids.back() + 100);  // no such incident
    auto got = incidents.get_some(ids);
    std::sort(got.begin(), got.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    REQUIRE(got.size() == 11);
    for (std::size_t i = 0; i < got.size(); ++i) {
        CHECK(got[i].title == "Title " + std::to_string(i));
        CHECK(got[i].channel_name == incidents.get(got[i].id)->channel_name);
    }
    CHECK(incidents.get_some({}).empty());
    const std::vector<std::int64_t> one{ids[0]}, missing{ids.back() + 100};
    REQUIRE(incidents.get_some(one).size() == 1);
    CHECK(incidents.get_some(one)[0].title == "Title 0");
    CHECK(incidents.get_some(missing).empty());
}

TEST_CASE("a channel can belong to one incident only") {
    auto backend = test::each_backend();
    storage::Database& db = *backend;
    storage::Incidents incidents(db);
    auto a = incidents.declare(sample(utc(2026, 3, 1)));
    auto b = incidents.declare(sample(utc(2026, 3, 1)));
    incidents.set_channel(a.id, "C123", "incident-a");
    CHECK_THROWS(incidents.set_channel(b.id, "C123", "incident-b"));
    CHECK(incidents.get(b.id)->channel_id.empty());
}

TEST_CASE("open incidents leave out resolved ones, and a reopened one is open again") {
    auto backend = test::each_backend();
    storage::Database& db = *backend;
    storage::Incidents incidents(db);
    const auto t0 = utc(2026, 3, 1, 9h);
    auto a = incidents.declare(sample(t0));
    auto b = incidents.declare(sample(t0));
    CHECK(incidents.list_open_page(0, 100).size() == 2);

    a.state = core::IncidentState::Resolved;
    a.resolved_at = t0 + 1h;
    incidents.save(a);
    const auto open = incidents.list_open_page(0, 100);
    REQUIRE(open.size() == 1);
    CHECK(open[0].id == b.id);
    CHECK(incidents.count_open() == 1);

    a.state = core::IncidentState::Declared;
    a.resolved_at.reset();
    incidents.save(a);
    CHECK(incidents.list_open_page(0, 100).size() == 2);
    incidents.save(core::Incident{});  // no such incident: nothing changes
    CHECK(incidents.list_open_page(0, 100).size() == 2);
}

TEST_CASE("titles with quotes, SQL and emoji are stored exactly as typed") {
    auto backend = test::each_backend();
    storage::Database& db = *backend;
    storage::Incidents incidents(db);
    const std::string title =
        "Robert'); DROP TABLE incidents;-- \"quoted\" \xF0\x9F\x94\xA5 <!channel>";
    auto i = incidents.declare(sample(utc(2026, 3, 1), title));
    CHECK(incidents.get(i.id)->title == title);
    CHECK(incidents.list_open_page(0, 100).at(0).title == title);
}

TEST_CASE("the timeline lists events oldest first, ties in the order they were written") {
    auto backend = test::each_backend();
    storage::Database& db = *backend;
    storage::Incidents incidents(db);
    storage::Timeline timeline(db);
    const auto t0 = utc(2026, 3, 1, 9h);
    auto i = incidents.declare(sample(t0));
    auto other = incidents.declare(sample(t0));

    using K = core::EventKind;
    timeline.append({0, i.id, t0 + 5min, "UBOB", K::Note, "second", ""});
    timeline.append({0, i.id, t0, "U1DECLARER", K::Declared, "declared", ""});
    timeline.append({0, i.id, t0 + 5min, "UBOB", K::Update, "third, same second", "U9"});
    timeline.append({0, other.id, t0, "UX", K::Declared, "other incident", ""});
    timeline.append({0, i.id, t0 + 10min, "", K::ReminderSent, "reminder", ""});

    auto events = timeline.list(i.id);
    REQUIRE(events.size() == 4);
    CHECK(events[0].text == "declared");
    CHECK(events[0].kind == K::Declared);
    CHECK(events[0].actor == "U1DECLARER");
    CHECK(events[1].text == "second");
    CHECK(events[2].text == "third, same second");
    CHECK(events[2].kind == K::Update);
    CHECK(events[2].subject == "U9");
    CHECK(events[3].id > events[2].id);
    CHECK(events[3].actor == "");
    CHECK(events[3].at == t0 + 10min);
    CHECK(timeline.count(i.id) == 4);
    CHECK(timeline.count(other.id) == 1);
}

TEST_CASE("a timeline event for an unknown incident is refused") {
    auto backend = test::each_backend();
    storage::Database& db = *backend;
    storage::Timeline timeline(db);
    CHECK_THROWS(timeline.append({0, 42, utc(2026, 3, 1), "U1", core::EventKind::Note, "x"}));
}

TEST_CASE("open incidents come a page at a time, resolved ones skipped") {
    auto backend = test::each_backend();
    storage::Database& db = *backend;
    storage::Incidents incidents(db);
    const auto t0 = utc(2026, 3, 1, 9h);
    std::vector<std::int64_t> ids;
    for (int i = 0; i < 5; ++i) ids.push_back(incidents.declare(sample(t0)).id);
    auto resolved = *incidents.get(ids[1]);
    resolved.state = core::IncidentState::Resolved;
    incidents.save(resolved);
    const auto first = incidents.list_open_page(0, 2);
    REQUIRE(first.size() == 2);
    CHECK(first[0].id == ids[0]);
    CHECK(first[1].id == ids[2]);
    const auto second = incidents.list_open_page(first.back().id, 2);
    REQUIRE(second.size() == 2);
    CHECK(second[1].id == ids[4]);
    CHECK(incidents.list_open_page(second.back().id, 2).empty());
}

TEST_CASE("save writes what a command or the scheduler changes, not the Slack bindings") {
    auto backend = test::each_backend();
    storage::Database& db = *backend;
    storage::Incidents incidents(db);
    const auto t0 = utc(2026, 3, 1, 9h);
    auto i = incidents.declare(sample(t0));
    incidents.set_channel(i.id, "C1", "incident-x");
    incidents.set_opening_ts(i.id, "1.000100");
    i.severity = core::Severity::Sev2;
    i.state = core::IncidentState::Resolved;
    i.resolved_at = t0 + 1h;
    i.roles[core::index(core::Role::Scribe)] = "U9";
    i.last_reminder_at = t0 + 30min;
    i.escalation_level = 2;
    i.postmortem_due_at = t0 + 49h;
    i.postmortem_reminded_at = t0 + 50h;
    i.title = "Renamed: card declines in the EU";  // `/incident rename`
    i.next_update_at = t0 + 20min + 250ms;         // `next update: 5m`, to the millisecond
    i.mitigated_at = t0 + 30min + 125ms;           // `/incident mitigated`
    i.duplicate_of = "INC-2026-004";               // `/incident duplicate`
    i.channel_id = "C-stale";                      // not written by save
    incidents.save(i);
    const auto back = incidents.get(i.id);
    REQUIRE(back);
    CHECK(back->channel_id == "C1");
    CHECK(back->opening_ts == "1.000100");
    auto expected = i;
    expected.channel_id = "C1";
    expected.channel_name = "incident-x";
    expected.opening_ts = "1.000100";
    CHECK(*back == expected);
}

TEST_CASE("the latest timeline events come oldest first, ties in the order they were written") {
    auto backend = test::each_backend();
    storage::Database& db = *backend;
    storage::Incidents incidents(db);
    storage::Timeline timeline(db);
    const auto t0 = utc(2026, 3, 1, 9h);
    const auto i = incidents.declare(sample(t0));
    for (int n = 0; n < 5; ++n)
        timeline.append(
            {0, i.id, t0 + n / 2 * 1min, "U1", core::EventKind::Note, "note " + std::to_string(n)});
    const auto last3 = timeline.latest(i.id, 3);
    REQUIRE(last3.size() == 3);
    CHECK(last3[0].text == "note 2");
    CHECK(last3[1].text == "note 3");
    CHECK(last3[2].text == "note 4");
}

TEST_CASE("the dashboard's search filters by state, severity, time and title, newest first") {
    auto backend = test::each_backend();
    storage::Database& db = *backend;
    storage::Incidents incidents(db);
    const auto t0 = utc(2026, 3, 1, 9h);
    auto a = incidents.declare(sample(t0, "Payment processing down"));
    auto b = incidents.declare(sample(t0 + 1h, "50% of PAYMENT_api errors"));
    auto c = incidents.declare(sample(t0 + 2h, "Search is slow"));
    auto secret = sample(t0 + 3h, "Payment payroll leak");
    secret.is_private = true;
    incidents.declare(secret);
    b.severity = core::Severity::Sev2;
    b.state = core::IncidentState::Resolved;
    b.resolved_at = t0 + 5h;
    incidents.save(b);
    a.state = core::IncidentState::Resolved;
    a.resolved_at = t0 + 4h;
    incidents.save(a);
    c.state = core::IncidentState::Acknowledged;  // open too
    c.acknowledged_at = t0 + 2h + 5min;
    incidents.save(c);

    const auto where = [](auto set) {
        storage::IncidentFilter f;
        set(f);
        return f;
    };
    const auto ids = [](const std::vector<core::Incident>& rows) {
        std::vector<std::int64_t> out;
        for (const auto& r : rows) out.push_back(r.id);
        return out;
    };
    CHECK(incidents.search({}, 10).size() == 4);
    CHECK(ids(incidents.search(where([&](auto& f) { f.state = "open"; }), 10)).front() >
          c.id);  // the private one, newest
    CHECK(incidents.search(where([&](auto& f) { f.state = "open"; }), 10).size() == 2);
    // Each kind of state filter (any, open, one state) with the others.
    CHECK(ids(incidents.search(where([&](auto& f) { f.state = "resolved"; }), 10)) ==
          std::vector{b.id, a.id});
    const auto open_of = [&](const char* severity) {
        return ids(incidents.search(where([&](auto& f) {
                                        f.state = "open";
                                        f.severity = severity;
                                    }),
                                    10));
    };
    CHECK(open_of("SEV1").size() == 2);
    CHECK(open_of("SEV1").back() == c.id);
    CHECK(open_of("SEV2").empty());
    CHECK(ids(incidents.search(where([&](auto& f) {
                                   f.state = "resolved";
                                   f.title_contains = "50%";
                               }),
                               10)) == std::vector{b.id});
    CHECK(ids(incidents.search(where([&](auto& f) { f.severity = "SEV2"; }), 10)) ==
          std::vector{b.id});
    CHECK(ids(incidents.search(where([&](auto& f) { f.since = t0 + 90min; }), 10)).size() == 2);
    // Case-insensitive, % and _ taken literally, private titles never matched.
    CHECK(ids(incidents.search(where([&](auto& f) { f.title_contains = "payment"; }), 10)) ==
          std::vector{b.id, a.id});
    CHECK(ids(incidents.search(where([&](auto& f) { f.title_contains = "50% of payment_"; }),
                               10)) == std::vector{b.id});
    CHECK(incidents.search(where([&](auto& f) { f.title_contains = "5_%"; }), 10).empty());
    // The cursor: ids below it.
    CHECK(ids(incidents.search(where([&](auto& f) { f.before_id = c.id; }), 1)) ==
          std::vector{b.id});
    // count() matches as search() does, whatever its cursor says.
    CHECK(incidents.count({}) == 4);
    CHECK(incidents.count(where([&](auto& f) { f.state = "open"; })) == 2);
    CHECK(incidents.count(where([&](auto& f) {
        f.state = "open";
        f.severity = "SEV2";
    })) == 0);
    CHECK(incidents.count(where([&](auto& f) { f.title_contains = "payment"; })) == 2);
    CHECK(incidents.count(where([&](auto& f) {
        f.state = "resolved";
        f.before_id = b.id;
    })) == 2);
    // Most recently resolved first.
    CHECK(ids(incidents.recently_resolved({}, 10)) == std::vector{b.id, a.id});
    CHECK(ids(incidents.recently_resolved(where([&](auto& f) { f.title_contains = "processing"; }),
                                          10)) == std::vector{a.id});
}

TEST_CASE("timeline pages follow one another without gaps or repeats, ties included") {
    auto backend = test::each_backend();
    storage::Database& db = *backend;
    storage::Incidents incidents(db);
    storage::Timeline timeline(db);
    const auto t0 = utc(2026, 3, 1, 9h);
    const auto i = incidents.declare(sample(t0));
    for (int n = 0; n < 7; ++n)
        timeline.append(
            {0, i.id, t0 + n / 3 * 1min, "U1", core::EventKind::Note, "note " + std::to_string(n)});
    std::vector<std::string> seen;
    core::TimePoint at{};
    std::int64_t after = 0;
    for (int pages = 0; pages < 10; ++pages) {
        const auto page = timeline.page(i.id, at, after, 2);
        if (page.empty()) break;
        for (const auto& e : page) seen.push_back(e.text);
        at = page.back().at;
        after = page.back().id;
    }
    CHECK(seen == std::vector<std::string>{"note 0", "note 1", "note 2", "note 3", "note 4",
                                           "note 5", "note 6"});
}

TEST_CASE("the change marker moves when an incident is declared or a timeline row added") {
    auto backend = test::each_backend();
    storage::Database& db = *backend;
    storage::Incidents incidents(db);
    const auto before = incidents.change_marker();
    const auto i = incidents.declare(sample(utc(2026, 3, 1)));
    const auto declared = incidents.change_marker();
    CHECK(declared != before);
    storage::Timeline(db).append({0, i.id, utc(2026, 3, 1), "U1", core::EventKind::Note, "x"});
    CHECK(incidents.change_marker() != declared);
}

TEST_CASE("the stats read every incident since a moment, oldest first, with its overdue items") {
    auto backend = test::each_backend();
    storage::Database& db = *backend;
    storage::Incidents incidents(db);
    storage::ActionItems items(db);
    const auto now = utc(2026, 6, 1, 12h);
    const auto add = [&](core::Severity severity, core::TimePoint declared, bool done) {
        auto n = sample(declared);
        n.severity = severity;
        const auto i = incidents.declare(n);
        core::ActionItem a;
        a.incident_id = i.id;
        a.number = 1;
        a.text = "follow up";
        a.due = core::utc_date(declared + 24h);
        a.done = done;
        a.created_at = declared;
        items.save(a);
        return i.id;
    };
    const auto newest = add(core::Severity::Sev1, now - chr::days(10), false);
    add(core::Severity::Sev1, now - chr::days(60), false);
    add(core::Severity::Sev2, now - chr::days(200), false);
    add(core::Severity::Sev2, now - chr::days(20), true);  // done: not overdue
    // A second item of the first incident, overdue; one not due yet.
    core::ActionItem more;
    more.incident_id = newest;
    more.number = 2;
    more.text = "and another";
    more.due = core::utc_date(now - chr::days(9));
    more.created_at = now - chr::days(10);
    items.save(more);
    more.number = 3;
    more.due = core::utc_date(now + chr::days(2));
    items.save(more);
    auto mitigated = *incidents.get(newest);
    mitigated.mitigated_at = now - chr::days(10) + 25min;
    incidents.save(mitigated);

    const auto facts = storage::incident_facts_since(db, now - chr::days(90), core::utc_date(now));
    REQUIRE(facts.size() == 3);  // not the one of 200 days ago
    // Oldest first, whatever the order the rows were stored in.
    CHECK(facts[0].declared_at == now - chr::days(60));
    CHECK(facts[1].declared_at == now - chr::days(20));
    CHECK(facts[2].declared_at == now - chr::days(10));
    CHECK(facts[0].actions_overdue == 1);
    CHECK(facts[1].actions_overdue == 0);  // its item is done
    CHECK(facts[2].actions_overdue == 2);  // the third is due in two days
    CHECK(facts[2].mitigated_at == now - chr::days(10) + 25min);
    CHECK_FALSE(facts[0].mitigated_at);
    CHECK(facts[1].severity == core::Severity::Sev2);
    CHECK(storage::incident_facts_since(db, now - chr::days(365), core::utc_date(now)).size() == 4);
    // The dashboard's windows add up what each incident carries.
    const auto year = storage::incident_facts_since(db, now - chr::days(365), core::utc_date(now));
    const auto stats = reports::compute_stats(year, 365, now);
    CHECK(stats.by_severity[0].actions_overdue == 3);
    CHECK(stats.by_severity[1].actions_overdue == 1);
    CHECK(stats.total.actions_overdue == 4);
}

TEST_CASE("the stats read which incidents were closed as duplicates") {
    auto backend = test::each_backend();
    storage::Database& db = *backend;
    storage::Incidents incidents(db);
    const auto now = utc(2026, 6, 1, 12h);
    incidents.declare(sample(now - 2h));
    auto duplicate = incidents.declare(sample(now - 1h));
    duplicate.state = core::IncidentState::Resolved;
    duplicate.resolved_at = now;
    duplicate.duplicate_of = "INC-2026-001";
    incidents.save(duplicate);
    const auto facts = storage::incident_facts_since(db, now - 24h, core::utc_date(now));
    REQUIRE(facts.size() == 2);
    CHECK_FALSE(facts[0].duplicate);
    CHECK(facts[1].duplicate);
}

TEST_CASE("an incident's followers are kept once each, oldest first, and can leave") {
    auto backend = test::each_backend();
    storage::Database& db = *backend;
    storage::Incidents incidents(db);
    storage::Followers followers(db);
    const auto now = utc(2026, 6, 1, 12h);
    const auto a = incidents.declare(sample(now));
    const auto b = incidents.declare(sample(now));
    CHECK(followers.add(a.id, "U2", now));
    CHECK(followers.add(a.id, "U1", now + 1s));
    CHECK_FALSE(followers.add(a.id, "U2", now + 2s));  // already
    CHECK(followers.add(b.id, "U3", now));
    CHECK(followers.of(a.id) == std::vector<std::string>{"U2", "U1"});
    CHECK(followers.remove(a.id, "U2"));
    CHECK_FALSE(followers.remove(a.id, "U2"));
    CHECK(followers.of(a.id) == std::vector<std::string>{"U1"});
    CHECK(followers.of(b.id) == std::vector<std::string>{"U3"});
}

TEST_CASE("the stats page's facts are read again only where something changed") {
    auto backend = test::each_backend();
    storage::Database& db = *backend;
    storage::Incidents incidents(db);
    storage::Timeline timeline(db);
    storage::ActionItems items(db);
    auto now = utc(2026, 6, 1, 12h);
    const auto year = [&] { return now - chr::days(365); };
    const auto declare = [&](core::TimePoint at) {
        const auto i = incidents.declare(sample(at));
        timeline.append({0, i.id, at, "U1DECLARER", core::EventKind::Declared, "declared"});
        return i;
    };
    auto older = declare(now - chr::days(60));
    auto newer = declare(now - chr::days(10));
    declare(now - chr::days(400));  // outside the year

    storage::IncidentFactsCache cache;
    const auto cached = [&] {
        return db.read_transaction([&] { return cache.since(db, year(), now); });
    };
    const auto whole = [&] {
        return db.read_transaction(
            [&] { return storage::incident_facts_since(db, year(), core::utc_date(now)); });
    };
    CHECK(cached() == whole());
    CHECK(cached().size() == 2);
    CHECK(cache.full_reads() == 1);

    // Acknowledged, a new incident, an overdue action item: each with its
    // timeline row, as every change has.
    now += 10s;
    older.state = core::IncidentState::Acknowledged;
    older.acknowledged_at = now;
    incidents.save(older);
    timeline.append({0, older.id, now, "U1DECLARER", core::EventKind::Acknowledged, ""});
    const auto third = declare(now - 1h);
    core::ActionItem item;
    item.incident_id = newer.id;
    item.number = 1;
    item.text = "add a canary";
    item.due = core::utc_date(now - chr::days(2));
    item.created_at = now - chr::days(9);
    items.save(item);
    timeline.append({0, newer.id, now, "U1DECLARER", core::EventKind::ActionItem, "1"});
    // Declared later than the newest but dated before it (an alert's start).
    declare(now - chr::days(30));
    auto facts = cached();
    CHECK(facts == whole());
    REQUIRE(facts.size() == 4);
    CHECK(facts[0].acknowledged_at == now);
    CHECK(facts[1].declared_at == now - chr::days(30));  // oldest first still
    CHECK(facts[2].actions_overdue == 1);
    CHECK(facts[3].id == third.id);
    CHECK(cache.full_reads() == 1);  // only what changed was read

    // A change with no timeline row shows once a whole read is due.
    now += 10s;
    newer.resolved_at = now;
    incidents.save(newer);
    CHECK_FALSE(cached()[2].resolved_at);
    now += storage::IncidentFactsCache::kFullEvery;
    CHECK(cached()[2].resolved_at == now - storage::IncidentFactsCache::kFullEvery);
    CHECK(cache.full_reads() == 2);

    // A new day: items fall overdue without any write.
    item.number = 2;
    item.due = core::utc_date(now);
    items.save(item);
    CHECK(cached()[2].actions_overdue == 1);
    now += 24h;
    CHECK(cached() == whole());
    CHECK(cached()[2].actions_overdue == 2);
    CHECK(cache.full_reads() == 3);

    // A longer window than the one kept is read whole.
    const auto longer =
        db.read_transaction([&] { return cache.since(db, now - chr::days(500), now); });
    CHECK(longer.size() == 5);
    CHECK(cache.full_reads() == 4);
    // ... and kept: the year is its tail, and the next whole read keeps it.
    CHECK(cached() == whole());
    CHECK(cache.full_reads() == 4);
    now += storage::IncidentFactsCache::kFullEvery;
    CHECK(cached() == whole());
    CHECK(db.read_transaction([&] { return cache.since(db, now - chr::days(500), now); }) ==
          longer);
    CHECK(cache.full_reads() == 5);
}

TEST_CASE("a timeline is counted in full, or only up to a limit for a page's heading") {
    auto backend = test::each_backend();
    storage::Database& db = *backend;
    storage::Incidents incidents(db);
    storage::Timeline timeline(db);
    const auto busy = incidents.declare(sample(utc(2026, 3, 1, 10h)));
    const auto quiet = incidents.declare(sample(utc(2026, 3, 1, 11h), "Quiet one"));
    db.transaction([&] {
        for (int n = 0; n < 5; ++n)
            timeline.append({0, busy.id, utc(2026, 3, 1, 10h) + chr::minutes(n), "U1",
                             core::EventKind::Note, "note " + std::to_string(n), ""});
    });
    CHECK(timeline.count(busy.id) == 5);
    CHECK(timeline.count_up_to(busy.id, 3) == 3);
    CHECK(timeline.count_up_to(busy.id, 5) == 5);
    CHECK(timeline.count_up_to(busy.id, 10'000) == 5);
    CHECK(timeline.count_up_to(quiet.id, 10) == 0);
}
