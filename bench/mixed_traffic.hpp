#pragma once
// The mixed `/incident` traffic the benchmarks send (transport_bench,
// replica_bench). Header-only: see bot_process.hpp.
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace bench {

// The realistic mix, one command at a time: of every ten, one declare in
// #ops, four updates, three notes and two status requests, spread over the
// incident channels in turn, each typed by the person who declared there.
class Traffic {
  public:
    struct Command {
        std::string user, channel, text;
    };
    struct IncidentChannel {
        std::string id, user;
    };

    Traffic(std::vector<std::string> users, std::string ops)
        : users_(std::move(users)), ops_(std::move(ops)) {}
    void set_channels(std::vector<IncidentChannel> channels) { channels_ = std::move(channels); }

    Command declare(const std::string& title_prefix) {
        ++declares_;
        return {users_[declares_ % users_.size()], ops_,
                "SEV2 " + title_prefix + " " + std::to_string(declares_) + " checkout latency"};
    }

    // `/incident status` only: read one incident, answer in the ack; no
    // SQLite write, no Web API call.
    Command status() {
        const auto& c = channels_[turn_++ % channels_.size()];
        return {c.user, c.id, "status"};
    }

    Command next() {
        const auto slot = step_++ % 10;
        if (slot == 0 || channels_.empty()) return declare("Load incident");
        const auto& c = channels_[turn_++ % channels_.size()];
        const auto n = std::to_string(step_);
        switch (slot) {
            case 1:
            case 4:
            case 6:
            case 8:
                return {c.user, c.id,
                        "update status: investigating " + n +
                            " | impact: some checkouts fail | actions: rolling back deploy " + n};
            case 2:
            case 5:
            case 9:
                return {c.user, c.id, "note Restarted payments-api pod " + n};
            default:
                return {c.user, c.id, "status"};
        }
    }

    int declares() const { return declares_; }

  private:
    std::vector<std::string> users_;
    std::string ops_;
    std::vector<IncidentChannel> channels_;
    std::size_t step_ = 0, turn_ = 0;
    int declares_ = 0;
};

}  // namespace bench
