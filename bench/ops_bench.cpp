// The operations listener's cost to Socket Mode acks: the real binary
// against the emulated Slack, `status` commands paced at a fixed rate, with
// (1) nothing else, (2) a /metrics scrape every 100 ms, (3) an Alertmanager
// storm of 500 groups posted as fast as one client can, (4) 1,000 idle
// HTTP connections and a slowloris trickle. Prints figures; asserts nothing.
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <map>
#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include "bench/emulated_slack.hpp"

using namespace std::chrono_literals;
using bench::SteadyClock;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

namespace {

const char* kUsage =
    "usage: ops_bench [--commands N] [--rate R] [--storm GROUPS] [--idle CONNECTIONS]\n";

unsigned short free_port() {
    boost::asio::io_context io;
    tcp::acceptor a(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
    return a.local_endpoint().port();
}

// One blocking HTTP/1.1 client with a kept-alive connection.
class Client {
  public:
    explicit Client(unsigned short port) : port_(port) {}
    // Once more on a fresh connection when the kept-alive one was closed
    // (the bot closes connections idle past its read deadline).
    int request(http::verb verb, const std::string& target, const std::string& body = "") {
        const int status = attempt(verb, target, body);
        return status != 0 ? status : attempt(verb, target, body);
    }
    std::string last_body;

  private:
    int attempt(http::verb verb, const std::string& target, const std::string& body) {
        try {
            if (!stream_) {
                stream_.emplace(io_);
                stream_->connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port_));
            }
            http::request<http::string_body> req{verb, target, 11};
            req.set(http::field::host, "127.0.0.1");
            req.set(http::field::content_type, "application/json");
            req.keep_alive(true);
            req.body() = body;
            req.prepare_payload();
            http::write(*stream_, req);
            beast::flat_buffer buffer;
            http::response<http::string_body> res;
            http::read(*stream_, buffer, res);
            last_body = res.body();
            return res.result_int();
        } catch (const std::exception&) {
            stream_.reset();
            return 0;
        }
    }

    boost::asio::io_context io_;
    unsigned short port_;
    std::optional<beast::tcp_stream> stream_;
};

std::string storm_delivery(int i) {
    const std::string name = "Storm" + std::to_string(i);
    nlohmann::json alert{{"status", "firing"},
                         {"labels", {{"alertname", name}, {"severity", "warning"}}},
                         {"annotations", {{"summary", "storm " + std::to_string(i)}}},
                         {"startsAt", "2026-12-02T12:00:00Z"},
                         {"endsAt", "0001-01-01T00:00:00Z"},
                         {"generatorURL", "http://prom.example/graph"},
                         {"fingerprint", "fp" + std::to_string(i)}};
    return nlohmann::json{{"receiver", "bot"},
                          {"status", "firing"},
                          {"alerts", nlohmann::json::array({alert})},
                          {"groupLabels", {{"alertname", name}}},
                          {"commonLabels", {{"alertname", name}}},
                          {"commonAnnotations", {{"summary", "storm " + std::to_string(i)}}},
                          {"externalURL", "http://am"},
                          {"version", "4"},
                          {"groupKey", "{}:{alertname=\"" + name + "\"}"},
                          {"truncatedAlerts", 0}}
        .dump();
}

void print(const char* what, const std::vector<double>& v, long sent) {
    bench::print_acks(what, v, sent, 58);
}

}  // namespace

int main(int argc, char** argv) {
    bench::Flags flags(argc, argv,
                       {{"commands", 1000}, {"rate", 200}, {"storm", 500}, {"idle", 1000}}, kUsage);
    if (!bench::bot_binary_present(IB_BOT_BINARY)) return 1;
    bench::ScratchDir dir("incident-bot-ops-bench", flags.keep());
    bench::EmulatedSlack world;
    auto& slack = world.slack;
    const auto alice = slack.add_user("alice");
    const auto ops = slack.add_channel("ops", {alice});
    const auto port = free_port();
    const auto log_path = dir.file("bot.log");
    bench::BotProcess bot(
        IB_BOT_BINARY,
        world.bot_env(dir.file("incidents.db"), {{"HTTP_ADDR", "127.0.0.1:" + std::to_string(port)},
                                                 {"ALERT_DECLARE_CHANNEL", ops},
                                                 {"HTTP_MAX_CONNECTIONS", "2000"}}),
        dir.path(), log_path);
    if (!slack.wait_until([&] { return slack.open_connections() > 0; }, 10s)) {
        std::fprintf(stderr, "the bot did not connect; its log:\n%s",
                     bench::tail(log_path).c_str());
        return 1;
    }
    Client probe(port);
    while (probe.request(http::verb::get, "/readyz") != 200) std::this_thread::sleep_for(20ms);
    const long n = flags["commands"], rate = flags["rate"];
    std::printf(
        "ops bench: %s, %ld `/incident list` at %ld/s per phase; ack latency as the "
        "emulated Slack measures it (envelope written -> ack read)\n",
        IB_BOT_BINARY, n, rate);

    bench::paced_list(slack, alice, ops, 100, rate);  // warm-up
    print("no HTTP traffic", bench::paced_list(slack, alice, ops, n, rate), n);

    {
        std::atomic<bool> stop{false};
        std::atomic<int> scrapes{0}, bytes{0};
        std::thread scraper([&] {
            Client c(port);
            while (!stop) {
                if (c.request(http::verb::get, "/metrics") == 200) {
                    ++scrapes;
                    bytes = static_cast<int>(c.last_body.size());
                }
                std::this_thread::sleep_for(100ms);
            }
        });
        const auto acks = bench::paced_list(slack, alice, ops, n, rate);
        stop = true;
        scraper.join();
        print("GET /metrics every 100 ms", acks, n);
        std::printf("    (%d scrapes of %d bytes)\n", scrapes.load(), bytes.load());
    }

    {
        std::atomic<int> ok{0};
        std::atomic<bool> done{false};
        double storm_seconds = 0;
        std::thread storm([&] {
            Client c(port);
            const auto start = SteadyClock::now();
            for (long i = 0; i < flags["storm"]; ++i)
                if (c.request(http::verb::post, "/alertmanager",
                              storm_delivery(static_cast<int>(i))) == 200)
                    ++ok;
            storm_seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
            done = true;
        });
        const auto acks = bench::paced_list(slack, alice, ops, n, rate);
        storm.join();
        print("during an Alertmanager storm", acks, n);
        std::printf(
            "    (%d of %ld groups answered 200 in %.2f s = %.0f/s, each committed and "
            "synced before its 200; readyz %d)\n",
            ok.load(), flags["storm"], storm_seconds, storm_seconds > 0 ? ok / storm_seconds : 0.0,
            probe.request(http::verb::get, "/readyz"));
    }

    {
        boost::asio::io_context io;  // outlives the streams below
        std::vector<std::unique_ptr<beast::tcp_stream>> idle;
        for (long i = 0; i < flags["idle"]; ++i) {
            auto s = std::make_unique<beast::tcp_stream>(io);
            beast::error_code ec;
            s->socket().connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port),
                                ec);
            if (!ec) {
                // Half a request line: a slowloris that never finishes.
                boost::asio::write(s->socket(), boost::asio::buffer(std::string("GET /metr")), ec);
                idle.push_back(std::move(s));
            }
        }
        print(("with " + std::to_string(idle.size()) + " idle half-sent connections").c_str(),
              bench::paced_list(slack, alice, ops, n, rate), n);
    }
    std::printf("  bot RSS at the end: %.1f MiB\n", bench::mib(bot.memory().rss_kib));
    const auto code = bot.stop(10s);
    std::printf("  SIGTERM -> exit %d\n", code ? *code : -1);
    bench::print_log_problems(log_path);
    return 0;
}
