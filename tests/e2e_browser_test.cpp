// The dashboard in a real browser: headless Chromium loads each page of the
// real binary over a seeded database. The DOM it dumps after running the
// page (and its script) has the incidents, the timeline rows and the stats;
// the titles written to run script (<img onerror>, </script><script>) would
// change document.title to "owned" and did not; the pages break none of
// their own Content-Security-Policy. A screenshot of each page goes to
// build/screenshots/ for a person to look at (the README's comes from here).
// Pages held open in a long-running Chromium (driven over the DevTools
// protocol) show what the bot changes without being reloaded, and carry on
// after the bot restarts.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "tests/support/dashboard_seed.hpp"
#include "tests/support/http_test_client.hpp"
#include "tests/support/message_text.hpp"
#include "tests/support/ops_http.hpp"
#include "tests/support/slack_world.hpp"
#include "tests/support/ws_test_client.hpp"

using namespace std::chrono_literals;

using test::contains;
using test::occurrences;

namespace {

std::string chromium_path() {
    auto path = test::find_program("chromium");
    REQUIRE_MESSAGE(!path.empty(),
                    "chromium is missing: run scripts/setup.sh --tests (Debian package chromium)");
    return path;
}

// How every Chromium here starts: headless, on a profile of its own (its
// HOME too), then `args`. The sandbox needs user namespaces, which root in a
// container lacks.
test::ProcessOptions chromium_options(const test::TempDir& profile,
                                      const std::vector<std::string>& args) {
    test::ProcessOptions options;
    options.args = {"--headless=new", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage",
                    "--user-data-dir=" + profile.path()};
    if (::geteuid() == 0) options.args.emplace_back("--no-sandbox");
    options.args.insert(options.args.end(), args.begin(), args.end());
    // TMPDIR: Chromium's singleton socket folder would otherwise stay in /tmp.
    options.env = {{"HOME", profile.path()}, {"TMPDIR", profile.path()}};
    return options;
}

struct BrowserWorld {
    BrowserWorld() : port(test::free_port()), chromium(chromium_path()) {
        seed = test::seed_dashboard(w.db_path(), std::chrono::system_clock::now(), w.alice, w.bob);
        w.start_bot({{"HTTP_ADDR", "127.0.0.1:" + std::to_string(port)}});
        REQUIRE_MESSAGE(w.eventually([&] {
            return test::HttpTestClient("127.0.0.1", port).get("/healthz").status == 200;
        }),
                        "no /healthz; bot log:\n"
                            << w.bot_log());
    }

    std::string url(const std::string& path) const {
        return "http://127.0.0.1:" + std::to_string(port) + path;
    }

    // One Chromium run, bounded in time, on a profile of its own, logging
    // to stderr (read once it has exited).
    test::RunResult chromium_run(std::vector<std::string> args) {
        test::TempDir profile;
        args.insert(args.begin(), "--enable-logging=stderr");
        auto r = test::run(chromium, chromium_options(profile, args), 60s);
        INFO("chromium " << args.back() << " exit " << r.code << "; stderr:\n" << r.err);
        REQUIRE(r.code == 0);
        // Whatever the page did against its own policy, and any script
        // error (the live-refresh script runs on every page), is logged here.
        CHECK_FALSE(contains(r.err, "Content Security Policy"));
        CHECK_FALSE(contains(r.err, "Uncaught"));
        return r;
    }

    // The DOM after the page ran.
    std::string dom(const std::string& path) {
        auto r = chromium_run({"--dump-dom", url(path)});
        REQUIRE(contains(r.out, "</html>"));
        return r.out;
    }

    // build/screenshots/<name>.png, 1280×900.
    void screenshot(const std::string& name, const std::string& path) {
        // Beside the binary (build/), whichever directory the test runs in.
        const auto dir = std::filesystem::path(IB_BOT_BINARY).parent_path() / "screenshots";
        std::filesystem::create_directories(dir);
        const auto file = (dir / (name + ".png")).string();
        std::filesystem::remove(file);
        chromium_run(
            {"--screenshot=" + file, "--window-size=1280,900", "--hide-scrollbars", url(path)});
        std::ifstream in(file, std::ios::binary);
        REQUIRE_MESSAGE(in.good(), "no screenshot at " << file);
        std::string magic(8, '\0');
        in.read(magic.data(), 8);
        CHECK(magic == "\x89PNG\r\n\x1a\n");
        CHECK(std::filesystem::file_size(file) > 10'000);  // not a blank page
    }

    test::SlackWorld w;
    unsigned short port;
    std::string chromium;
    test::DashboardSeed seed;
};

// Script in a title would have set document.title to "owned", or left an
// element behind: the <img> with its handler, or the <script>.
void check_no_script_ran(const std::string& dom, const std::string& title) {
    CHECK(contains(dom, "<title>" + title + "</title>"));
    CHECK_FALSE(contains(dom, "<title>owned"));
    CHECK_FALSE(contains(dom, "<img"));
    CHECK_FALSE(contains(dom, "<script>document.title"));
    CHECK(occurrences(dom, "<script") == 1);  // the page's own /assets/dashboard.js
}

}  // namespace

TEST_CASE("in Chromium the incidents page lists the seeded incidents and no title runs script") {
    BrowserWorld b;
    const auto dom = b.dom("/");
    check_no_script_ran(dom, "Incidents · incident-bot");
    CHECK(contains(dom, "data-id=\"" + b.seed.payment + "\""));
    CHECK(contains(dom, "data-id=\"" + b.seed.img_xss + "\""));
    CHECK(contains(dom, "data-id=\"" + b.seed.secret + "\""));
    CHECK(contains(dom, "Payment processing down"));
    CHECK(contains(dom, "&lt;img src=x onerror=\"document.title='owned'\"&gt;"));
    CHECK(contains(dom, "&lt;/script&gt;&lt;script&gt;document.title='owned'&lt;/script&gt;"));
    CHECK_FALSE(contains(dom, test::kSecretTitle));
    // The open table: payment, the <img> one and the private one.
    const auto open = dom.substr(0, dom.find("id=\"resolved-incidents\""));
    CHECK(occurrences(open, "<tr class=\"incident\"") == 3);
    CHECK(occurrences(dom, "<tr class=\"incident\"") == 3 + 8);
    b.screenshot("incidents", "/");
}

TEST_CASE("in Chromium an incident page shows its timeline rows and its XSS title as text") {
    BrowserWorld b;
    const auto payment = b.dom("/incidents/" + b.seed.payment);
    check_no_script_ran(payment, b.seed.payment + " · incident-bot");
    CHECK(occurrences(payment, "<tr class=\"event\">") >= 3);  // + the bot's reminder, maybe
    CHECK(contains(payment, "card auths failing; rolling back deploy 4411"));
    CHECK(contains(payment, "Add a canary for card auths"));

    const auto xss = b.dom("/incidents/" + b.seed.script_xss);
    check_no_script_ran(xss, b.seed.script_xss + " · incident-bot");
    CHECK(contains(xss, "&lt;/script&gt;&lt;script&gt;document.title='owned'&lt;/script&gt;"));
    const auto img = b.dom("/incidents/" + b.seed.img_xss);
    check_no_script_ran(img, b.seed.img_xss + " · incident-bot");

    const auto long_one = b.dom("/incidents/" + b.seed.long_one);
    CHECK(occurrences(long_one, "<tr class=\"event\">") == 500);
    CHECK(contains(long_one, "rel=\"next\""));
    b.screenshot("incident", "/incidents/" + b.seed.payment);
}

TEST_CASE("in Chromium the stats page has its tables and both charts") {
    BrowserWorld b;
    const auto dom = b.dom("/stats");
    check_no_script_ran(dom, "Stats · incident-bot");
    for (const auto* id : {"stats-30", "stats-90", "stats-365"}) CHECK(contains(dom, id));
    CHECK(occurrences(dom, "<svg class=\"chart\"") == 2);
    CHECK(occurrences(dom, "<rect class=\"sev") >= 4);
    CHECK(contains(dom, "<tr data-severity=\"all\"><th scope=\"row\">All</th><td>" +
                            std::to_string(b.seed.total) + "</td>"));
    b.screenshot("stats", "/stats");
}

namespace {

// A page held open in a long-running Chromium, driven over the DevTools
// protocol (a WebSocket per page): the test reads the live DOM with
// Runtime.evaluate while the bot changes underneath it.
class OpenPage {
  public:
    OpenPage(BrowserWorld& b, const std::string& path) {
        // No --enable-logging: nobody drains its pipe while the page is open.
        browser_ = std::make_unique<test::Process>(
            b.chromium, chromium_options(profile_, {"--remote-debugging-port=0", b.url(path)}));
        constexpr std::string_view kListening = "DevTools listening on ws://127.0.0.1:";
        REQUIRE_MESSAGE(browser_->wait_for_output(std::string(kListening), 60s),
                        "chromium printed no DevTools address; stderr:\n"
                            << browser_->err());
        const auto err = browser_->err();
        const auto at = err.find(kListening) + kListening.size();
        const auto devtools = static_cast<unsigned short>(std::stoi(err.substr(at)));
        // The page's own WebSocket, by its id in the list of targets.
        std::string socket_url;
        REQUIRE(b.w.eventually(
            [&] {
                const auto list = test::HttpTestClient("127.0.0.1", devtools).get("/json/list");
                if (list.status != 200) return false;
                for (const auto& target : nlohmann::json::parse(list.body, nullptr, false))
                    if (target.value("type", "") == "page" &&
                        target.value("url", "").starts_with(b.url("/")))
                        socket_url = "ws://127.0.0.1:" + std::to_string(devtools) +
                                     "/devtools/page/" + target.value("id", "");
                return !socket_url.empty();
            },
            30s));
        INFO("DevTools page socket " << socket_url);
        REQUIRE(devtools_.connect(socket_url) == 101);
        // Until then the tab may still hold the about:blank it started with.
        const auto loaded = "location.href === " + nlohmann::json(b.url(path)).dump() +
                            " && document.readyState === 'complete'";
        REQUIRE_MESSAGE(b.w.eventually([&] { return eval(loaded) == "true"; }, 30s),
                        "the page did not finish loading: " << eval("location.href"));
    }

    // The value of a JavaScript expression in the page, as a string.
    std::string eval(const std::string& expression) {
        const int id = ++next_id_;
        nlohmann::json call = {
            {"id", id},
            {"method", "Runtime.evaluate"},
            {"params", {{"expression", "String(" + expression + ")"}, {"returnByValue", true}}}};
        REQUIRE(devtools_.send_text(call.dump()));
        for (;;) {
            auto reply = devtools_.read_json(10s);
            REQUIRE_MESSAGE(reply, "no answer from Chromium to " << expression);
            if (reply->value("id", 0) != id) continue;  // an event
            return reply->at("result").at("result").value("value", "");
        }
    }

    // Waits (the page's poll runs every 3 s) until `expression` is "true".
    bool eventually(BrowserWorld& b, const std::string& expression,
                    std::chrono::milliseconds timeout = 20s) {
        return b.w.eventually([&] { return eval(expression) == "true"; }, timeout);
    }

  private:
    test::TempDir profile_;
    std::unique_ptr<test::Process> browser_;
    test::WsTestClient devtools_;
    int next_id_ = 0;
};

}  // namespace

TEST_CASE("in Chromium an open page shows a new incident and a new timeline row by itself") {
    BrowserWorld b;
    OpenPage list(b, "/");
    // Marks only this document: a reload would lose both.
    list.eval("window.stayed = 'yes'");
    list.eval("document.getElementById('f-q').value = 'half-typed'");
    const auto before = list.eval("document.querySelectorAll('#live tr.incident').length");

    b.w.command(b.w.alice, b.w.ops, "SEV1 Checkout latency seen live");
    INFO("bot log:\n" << b.w.bot_log());
    CHECK(list.eventually(
        b, "document.getElementById('live').textContent.includes('Checkout latency seen live')"));
    CHECK(list.eval("document.querySelectorAll('#live tr.incident').length") ==
          std::to_string(std::stoi(before) + 1));
    CHECK(list.eval("window.stayed") == "yes");
    CHECK(list.eval("document.getElementById('f-q').value") == "half-typed");

    // The new incident's own page, open while its channel talks.
    const auto channel =
        b.w.channel_named("incident-" + test::SlackWorld::today() + "-checkout-latency-seen-live");
    REQUIRE(channel);
    const auto id = list.eval(
        "[...document.querySelectorAll('#live tr.incident')].find(r => "
        "r.textContent.includes('Checkout latency seen live')).dataset.id");
    OpenPage page(b, "/incidents/" + id);
    page.eval("window.stayed = 'yes'");
    b.w.command(b.w.bob, channel->id, "note p95 back under 300 ms after the cache flush");
    CHECK(page.eventually(b,
                          "document.getElementById('live').textContent.includes("
                          "'p95 back under 300 ms after the cache flush')"));
    CHECK(page.eval("window.stayed") == "yes");
}

TEST_CASE("in Chromium an open page carries on after the bot restarts") {
    BrowserWorld b;
    OpenPage list(b, "/");
    list.eval("window.stayed = 'yes'");
    b.w.stop_bot();
    // Polls fail while the bot is away; none of them stops the page polling.
    std::this_thread::sleep_for(4s);
    b.w.start_bot({{"HTTP_ADDR", "127.0.0.1:" + std::to_string(b.port)}});
    b.w.command(b.w.alice, b.w.ops, "SEV2 Queue backlog after restart");
    CHECK(list.eventually(
        b, "document.getElementById('live').textContent.includes('Queue backlog after restart')"));
    CHECK(list.eval("window.stayed") == "yes");
}
