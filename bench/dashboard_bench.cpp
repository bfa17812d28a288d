// The dashboard under load: the real binary over a database of 10,000
// incidents, one of them with 100,000 timeline rows, against the emulated
// Slack. Concurrent clients fetch /, /api/v1/incidents, an incident page
// and /stats while the mixed `/incident` load of transport_bench (declares,
// updates, notes, status, in channels the bot opened) is paced at a fixed
// rate. Prints the ack latency in phases without and with page traffic,
// taking turns (the clients then stand for browsers on other machines),
// and each page's latency (p50/p99) with the clients as ordinary threads on
// the same cores. Asserts nothing.
#include <algorithm>
#include <array>
#include <atomic>
#include <cstdio>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>

#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "bench/emulated_slack.hpp"
#include "bench/mixed_traffic.hpp"
#include "core/action_item.hpp"
#include "core/threads.hpp"
#include "storage/action_items.hpp"
#include "storage/database.hpp"
#include "storage/incidents.hpp"
#include "storage/timeline.hpp"

using namespace std::chrono_literals;
using bench::SteadyClock;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

namespace {

const char* kUsage =
    "usage: dashboard_bench [--incidents N] [--rows R] [--clients C] [--commands N] [--rate R]\n"
    "                       [--rounds K] [--single S]\n"
    "  S requests of each page from one client first (what a page costs);\n"
    "  the clients fetch pages for as long as a paced phase runs (--commands / --rate s);\n"
    "  K rounds (at least 1) of a phase without page traffic and one with remote clients,\n"
    "  then one with ordinary clients for the pages' own figures\n";

unsigned short free_port() {
    boost::asio::io_context io;
    tcp::acceptor a(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
    return a.local_endpoint().port();
}

// One blocking HTTP/1.1 client on a kept-alive connection; 0 when it failed.
class Client {
  public:
    explicit Client(unsigned short port) : port_(port) {}
    int get(const std::string& target) {
        for (int attempt = 0; attempt < 2; ++attempt) {
            try {
                if (!stream_) {
                    stream_.emplace(io_);
                    stream_->connect(
                        tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port_));
                }
                http::request<http::empty_body> req{http::verb::get, target, 11};
                req.set(http::field::host, "127.0.0.1");
                req.keep_alive(true);
                http::write(*stream_, req);
                beast::flat_buffer buffer;
                http::response_parser<http::string_body> parser;
                parser.body_limit(64 << 20);
                http::read(*stream_, buffer, parser);
                body = std::move(parser.get().body());
                bytes = body.size();
                return parser.get().result_int();
            } catch (const std::exception&) {
                stream_.reset();
            }
        }
        return 0;
    }
    std::size_t bytes = 0;
    std::string body;

  private:
    boost::asio::io_context io_;
    unsigned short port_;
    std::optional<beast::tcp_stream> stream_;
};

// The database: `incidents` incidents 50 minutes apart up to now (one in
// a hundred open, in a channel of the emulated Slack; every severity; five
// timeline rows and one action item each), then one SEV1 with `rows`
// timeline rows. Returns that one's id (INC-…).
std::string seed(const std::string& path, long incidents, long rows, core::TimePoint now,
                 emulator::SlackEmulator& slack, const std::string& member) {
    storage::Database db(path);
    std::string long_key;
    db.transaction([&] {
        storage::Incidents store(db);
        storage::Timeline timeline(db);
        storage::ActionItems items(db);
        const auto first = now - std::chrono::minutes(incidents * 50);
        for (long n = 0; n < incidents; ++n) {
            const auto declared = first + std::chrono::minutes(n * 50);
            auto i = store.declare({"Incident " + std::to_string(n) + ": checkout latency",
                                    core::kAllSeverities[static_cast<std::size_t>(n % 4)],
                                    "U0ALICE", "C0OPS", declared, ""});
            i.acknowledged_at = declared + std::chrono::seconds(30 + n % 600);
            i.roles[core::index(core::Role::Commander)] = "U0ALICE";
            if (n % 100 == 0) {
                const auto name = "incident-bench-" + std::to_string(n);
                i.channel_id = slack.add_channel(name, {member});
                store.set_channel(i.id, i.channel_id, name);
                i.last_update_at = now;
            } else {
                i.state = core::IncidentState::Resolved;
                i.resolved_at = declared + std::chrono::minutes(20 + n % 300);
                if (n % 4 < 2) i.postmortem_due_at = *i.resolved_at + 24h;
            }
            store.save(i);
            for (int e = 0; e < 5; ++e)
                timeline.append({0, i.id, declared + std::chrono::minutes(e), "U0ALICE",
                                 core::EventKind::Note, "note " + std::to_string(e)});
            core::ActionItem a;
            a.incident_id = i.id;
            a.number = 1;
            a.text = "follow up";
            a.due = core::utc_date(declared + 72h);
            a.created_at = declared;
            items.save(a);
        }
        auto big = store.declare(
            {"Payment processing outage", core::Severity::Sev1, "U0ALICE", "C0OPS", now - 2h, ""});
        for (long n = 0; n < rows; ++n)
            timeline.append({0, big.id, now - 2h + std::chrono::milliseconds(n * 50),
                             n % 3 ? "U0BOB" : "U0ALICE", core::EventKind::Note,
                             "note " + std::to_string(n) + ": retries at 40% of capacity"});
        big.state = core::IncidentState::Resolved;
        big.acknowledged_at = now - 2h + 1min;
        big.resolved_at = now - 1min;
        store.save(big);
        long_key = core::incident_key(big);
    });
    return long_key;
}

void print_acks(const char* what, const std::vector<double>& v, long sent) {
    bench::print_acks(what, v, sent, 44);
}

// What the bot says of its own acks and of its log's syncs (/metrics),
// summed since it started: taken before and after a phase, the difference
// says where a slower phase spent its time. Inside the bot, from an
// envelope's arrival to its ack; the disk, each fdatasync an ack waited for.
struct BotSide {
    double acks = 0, ack_seconds = 0, acks_within_5ms = 0;
    double syncs = 0, sync_seconds = 0, syncs_within_5ms = 0;
};

BotSide bot_side(const std::string& metrics) {
    BotSide out;
    std::istringstream lines(metrics);
    std::string line;
    const auto value = [&](std::string_view name, double& into) {
        if (line.starts_with(name) && line.size() > name.size() && line[name.size()] == ' ')
            into = std::stod(line.substr(name.size() + 1));
    };
    while (std::getline(lines, line)) {
        value("incidentbot_ack_latency_seconds_count", out.acks);
        value("incidentbot_ack_latency_seconds_sum", out.ack_seconds);
        value("incidentbot_ack_latency_seconds_bucket{le=\"0.005\"}", out.acks_within_5ms);
        value("incidentbot_commit_sync_seconds_count", out.syncs);
        value("incidentbot_commit_sync_seconds_sum", out.sync_seconds);
        value("incidentbot_commit_sync_seconds_bucket{le=\"0.005\"}", out.syncs_within_5ms);
    }
    return out;
}

// Every severity's open incidents, from /metrics.
double open_incidents(const std::string& metrics) {
    std::istringstream lines(metrics);
    std::string line;
    double out = 0;
    while (std::getline(lines, line))
        if (line.starts_with("incidentbot_open_incidents{"))
            out += std::stod(line.substr(line.rfind(' ') + 1));
    return out;
}

void print_bot_side(const BotSide& before, const BotSide& after) {
    const double acks = after.acks - before.acks, syncs = after.syncs - before.syncs;
    if (acks <= 0 || syncs <= 0) return;
    std::printf(
        "  %-44s acks mean %5.2f ms, %3.0f over 5 ms; log syncs %5.0f, mean %5.2f ms, %3.0f "
        "over 5 ms\n",
        "  in the bot (its /metrics):", (after.ack_seconds - before.ack_seconds) / acks * 1000,
        acks - (after.acks_within_5ms - before.acks_within_5ms), syncs,
        (after.sync_seconds - before.sync_seconds) / syncs * 1000,
        syncs - (after.syncs_within_5ms - before.syncs_within_5ms));
}

}  // namespace

int main(int argc, char** argv) {
    bench::Flags flags(argc, argv,
                       {{"incidents", 10'000},
                        {"rows", 100'000},
                        {"clients", 4},
                        {"commands", 1000},
                        {"rate", 100},
                        {"rounds", 5},
                        {"single", 20}},
                       kUsage);
    if (flags["rounds"] < 1 || flags["single"] < 1 || flags["clients"] < 1) {
        std::fprintf(stderr, "%s", kUsage);
        return 2;
    }
    if (!bench::bot_binary_present(IB_BOT_BINARY)) return 1;
    bench::ScratchDir dir("incident-bot-dashboard-bench", flags.keep());
    bench::EmulatedSlack world;
    auto& slack = world.slack;
    const auto alice = slack.add_user("alice");
    const auto ops = slack.add_channel("ops", {alice});
    const auto seed_start = SteadyClock::now();
    const auto long_key = seed(dir.file("incidents.db"), flags["incidents"], flags["rows"],
                               std::chrono::system_clock::now(), slack, alice);
    // The seed's 16 MB would otherwise reach the disk some 30 s later, when
    // the kernel writes dirty pages back, and a DB_SYNC=full commit's
    // fdatasync queues behind that: 90-120 ms acks, seen in one run in
    // three, which measure this set-up and not the bot.
    ::sync();
    std::printf(
        "dashboard bench: %s; %ld incidents, %s with %ld timeline rows (seeded in %.1f s)\n",
        IB_BOT_BINARY, flags["incidents"], long_key.c_str(), flags["rows"],
        std::chrono::duration<double>(SteadyClock::now() - seed_start).count());

    const auto port = free_port();
    const auto log_path = dir.file("bot.log");
    bench::BotProcess bot(IB_BOT_BINARY,
                          world.bot_env(dir.file("incidents.db"),
                                        {{"HTTP_ADDR", "127.0.0.1:" + std::to_string(port)}}),
                          dir.path(), log_path);
    if (!slack.wait_until([&] { return slack.open_connections() > 0; }, 10s)) {
        std::fprintf(stderr, "the bot did not connect; its log:\n%s",
                     bench::tail(log_path).c_str());
        return 1;
    }
    Client probe(port);
    while (probe.get("/readyz") != 200) std::this_thread::sleep_for(20ms);

    const std::vector<std::pair<std::string, std::string>> pages = {
        {"/", "/"},
        {"/api/v1/incidents", "/api/v1/incidents"},
        {"/incidents/<100,000 rows>", "/incidents/" + long_key},
        {"/api/v1/incidents/<id>/timeline", "/api/v1/incidents/" + long_key + "/timeline"},
        {"/stats", "/stats"},
    };
    for (const auto& [name, target] : pages)
        if (probe.get(target) != 200) {
            std::fprintf(stderr, "GET %s did not answer 200\n", target.c_str());
            return 1;
        }
    const auto scrape = [&] {
        probe.get("/metrics");
        return probe.body;
    };

    // One client alone: what a page costs. Measured again after the load,
    // whose declares leave a thousand more incidents open.
    const long single = flags["single"];
    const auto one_client = [&](const char* when) {
        std::printf("\none client%s, %ld requests per page, %.0f incidents open:\n", when, single,
                    open_incidents(scrape()));
        for (const auto& [name, target] : pages) {
            std::vector<double> v;
            for (long i = 0; i < single; ++i) {
                const auto start = SteadyClock::now();
                probe.get(target);
                v.push_back(bench::ms(SteadyClock::now() - start));
            }
            const auto s = bench::summarise(v);
            std::printf("  %-34s p50 %7.2f ms  p99 %7.2f ms  %8zu bytes\n", name.c_str(), s.p50,
                        s.p99, probe.body.size());
        }
    };
    one_client("");

    // The mixed load runs in incident channels the bot opened itself: 20
    // declares first, then updates, notes and status spread over them.
    const long n = flags["commands"], rate = flags["rate"];
    bench::Traffic traffic({alice}, ops);
    const auto bot_id = slack.bot_user_id();
    const auto opened = [&] {
        std::vector<bench::Traffic::IncidentChannel> out;
        for (const auto& c : slack.channels()) {
            if (c.name.rfind("incident-", 0) != 0 || c.name.find("load") == std::string::npos)
                continue;
            const auto messages = slack.messages(c.id);
            if (std::any_of(messages.begin(), messages.end(),
                            [&](const auto& m) { return m.user == bot_id && m.pinned; }))
                out.push_back({c.id, alice});
        }
        return out;
    };
    for (int i = 0; i < 20; ++i) {
        const auto d = traffic.declare("Load");
        slack.send_slash_command(d.user, d.channel, d.text);
    }
    if (!slack.wait_until([&] { return opened().size() >= 20; }, 30s)) {
        std::fprintf(stderr, "the 20 declares did not open their channels; the bot's log:\n%s",
                     bench::tail(log_path).c_str());
        return 1;
    }
    traffic.set_channels(opened());
    const auto mixed = [&] {
        const auto c = traffic.next();
        return bench::SlashCommand{c.user, c.channel, c.text};
    };
    bench::paced(slack, 100, rate, mixed);  // warm-up

    // Each client cycles through the pages, one request at a time, for as
    // long as the paced load runs: the ack figure is taken under page
    // traffic from its first envelope to its last. `remote` clients stand
    // for browsers on other machines: they run in the SCHED_IDLE class, so
    // that parsing their 60 kB answers back to back does not take the CPU
    // from the bot; what is left between the two figures is what serving
    // the pages costs the bot itself (its listener, its page threads, their
    // reads of the database).
    const auto clients = flags["clients"];
    struct Loaded {
        std::vector<double> acks;
        std::map<std::string, std::vector<double>> pages;
        long failures = 0;
        double seconds = 0;
    };
    const auto under_page_traffic = [&](bool remote) {
        Loaded out;
        std::mutex lock;
        std::atomic<long> failures{0};
        std::atomic<bool> stop{false};
        std::vector<std::thread> threads;
        const auto start = SteadyClock::now();
        for (long c = 0; c < clients; ++c)
            threads.emplace_back([&, c] {
                if (remote) core::become_background_thread("remote client");
                Client client(port);
                std::map<std::string, std::vector<double>> mine;
                for (long r = 0; !stop; ++r) {
                    const auto& [name, target] =
                        pages[static_cast<std::size_t>(r + c) % pages.size()];
                    const auto began = SteadyClock::now();
                    if (client.get(target) != 200) ++failures;
                    mine[name].push_back(bench::ms(SteadyClock::now() - began));
                }
                std::lock_guard guard(lock);
                for (auto& [name, v] : mine)
                    out.pages[name].insert(out.pages[name].end(), v.begin(), v.end());
            });
        out.acks = bench::paced(slack, n, rate, mixed);
        stop = true;
        for (auto& t : threads) t.join();
        out.failures = failures;
        out.seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
        return out;
    };

    // Does the dashboard slow the acks? Phases without and with page
    // traffic take turns, so that a drift of the machine falls on both.
    const long rounds = flags["rounds"];
    std::printf(
        "\nack latency of the mixed load (declares, updates, notes, status) at %ld/s "
        "(envelope written -> ack read), %ld commands a phase; without page traffic and "
        "with %ld remote clients (SCHED_IDLE, standing for browsers elsewhere) taking "
        "turns:\n",
        rate, n, clients);
    std::vector<double> quiet_p99, loaded_p99;
    long remote_requests = 0, remote_failures = 0;
    std::map<std::string, std::vector<double>> remote_pages;
    for (long r = 1; r <= rounds; ++r) {
        const auto before_quiet = bot_side(scrape());
        const auto quiet = bench::paced(slack, n, rate, mixed);
        const auto after_quiet = bot_side(scrape());
        print_acks(("round " + std::to_string(r) + ", no dashboard traffic").c_str(), quiet, n);
        print_bot_side(before_quiet, after_quiet);
        quiet_p99.push_back(bench::summarise(quiet).p99);
        const auto loaded = under_page_traffic(true);
        print_acks(
            ("round " + std::to_string(r) + ", " + std::to_string(clients) + " remote clients")
                .c_str(),
            loaded.acks, n);
        print_bot_side(after_quiet, bot_side(scrape()));
        loaded_p99.push_back(bench::summarise(loaded.acks).p99);
        for (const auto& [name, v] : loaded.pages) {
            remote_requests += static_cast<long>(v.size());
            remote_pages[name].insert(remote_pages[name].end(), v.begin(), v.end());
        }
        remote_failures += loaded.failures;
    }
    const auto spread = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        return std::array<double, 3>{v.front(), v[v.size() / 2], v.back()};
    };
    const auto q = spread(quiet_p99), l = spread(loaded_p99);
    std::printf(
        "  ack p99 min / median / max: no dashboard traffic %.2f / %.2f / %.2f ms; with it "
        "%.2f / %.2f / %.2f ms (%ld pages served, %ld failed)\n",
        q[0], q[1], q[2], l[0], l[1], l[2], remote_requests, remote_failures);
    std::printf("  with page traffic, the median p99 is %s the quiet phases' range\n",
                l[1] < q[0]    ? "below"
                : l[1] <= q[2] ? "within"
                               : "above");
    const auto print_pages = [&](const std::map<std::string, std::vector<double>>& by_page) {
        for (const auto& [name, target] : pages) {
            const auto s = bench::summarise(by_page.at(name));
            std::printf("  %-34s p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms  n %4zu\n", name.c_str(),
                        s.p50, s.p99, s.max, s.n);
        }
    };
    std::printf("  the pages as the remote clients got them, all rounds together:\n");
    print_pages(remote_pages);

    // The pages' own figures, with the clients as ordinary threads on the
    // bot's two cores: the worst case for both sides.
    const auto worst = under_page_traffic(false);
    std::printf("\n%ld ordinary clients on the same cores:\n", clients);
    print_acks("ack latency meanwhile", worst.acks, n);
    std::printf("  round robin over the pages for the whole load (%.1f s, %ld failed):\n",
                worst.seconds, worst.failures);
    print_pages(worst.pages);
    std::printf("  bot RSS at the end: %.1f MiB\n", bench::mib(bot.memory().rss_kib));
    one_client(" again, after the load");
    const auto code = bot.stop(10s);
    std::printf("  SIGTERM -> exit %d\n", code ? *code : -1);
    bench::print_log_problems(log_path);
    return 0;
}
