// Durability of the real binary against a power cut. An LD_PRELOAD shim
// (tests/power_cut/sync_snapshot_shim.cpp) copies each database file aside
// at every fsync; after a kill -9 the copies replace the files, which is
// what the disk would hold had the power gone at that moment: the page
// cache, which a kill alone leaves intact, is lost. What was acked must be
// there after the restart.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include "tests/support/message_text.hpp"
#include "tests/support/slack_world.hpp"

using namespace std::chrono_literals;
using test::SlackWorld;
namespace fs = std::filesystem;

using test::contains;

namespace {

// The disk after the cut: each database file as of its last fsync; one
// never synced is empty (its directory entry is synced at start-up).
int cut_power(const fs::path& dir) {
    int restored = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
        const auto name = entry.path().filename().string();
        if (!name.starts_with("incidents.db") || name.ends_with(".synced") ||
            name.ends_with(".tmp"))
            continue;
        const fs::path synced = entry.path().string() + ".synced";
        if (fs::exists(synced)) {
            fs::rename(synced, entry.path());
            ++restored;
        } else {
            fs::resize_file(entry.path(), 0);
        }
    }
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.path().string().ends_with(".synced.tmp")) fs::remove(entry.path());
    return restored;
}

std::string incident_channel(SlackWorld& w) {
    std::string id;
    REQUIRE(w.eventually([&] {
        for (const auto& c : w.slack.channels())
            if (c.name.starts_with("incident-") && !w.bot_messages(c.id).empty()) id = c.id;
        return !id.empty();
    }));
    return id;
}

}  // namespace

TEST_CASE("with DB_SYNC=full every acknowledged command survives a power cut right after its ack") {
    SlackWorld w;
    const fs::path dir = fs::path(w.db_path()).parent_path();
    const std::map<std::string, std::string> shim{
        {"LD_PRELOAD", IB_POWER_CUT_SHIM}, {"IB_POWER_CUT_DIR", dir.string()}, {"DB_SYNC", "full"}};
    w.start_bot(shim);
    w.command_acked(w.alice, w.ops, "SEV2 Checkout slow");
    const auto channel = incident_channel(w);

    std::vector<std::string> ids;
    for (int i = 1; i <= 10; ++i)
        ids.push_back(w.command(w.alice, channel, "note step " + std::to_string(i)));
    for (const auto& id : ids) REQUIRE(w.slack.wait_for_ack(id, 5s));
    w.kill_bot();
    REQUIRE_MESSAGE(cut_power(dir) > 0, "the shim saw no fsync at all; bot log:\n" << w.bot_log());

    w.start_bot();
    const auto timeline = w.command_acked(w.alice, channel, "timeline");
    REQUIRE(timeline);
    for (int i = 1; i <= 10; ++i)
        CHECK_MESSAGE(contains(timeline->dump(), "step " + std::to_string(i)),
                      "acked note " << i << " was lost to the power cut");
    // The incident and its channel binding survived too: no second channel.
    std::size_t incident_channels = 0;
    for (const auto& c : w.slack.channels())
        if (c.name.starts_with("incident-")) ++incident_channels;
    CHECK(incident_channels == 1);
}
