#pragma once
// A small WebSocket client for tests, single-threaded: every call drives its
// own io_context for a bounded time, so pings from the server are answered
// only while the test is inside a call (as with a busy or frozen client).
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace test {

class WsTestClient {
  public:
    WsTestClient();
    ~WsTestClient();
    WsTestClient(WsTestClient&&) noexcept;

    // ws://127.0.0.1:PORT/path?query. Returns the HTTP status of the upgrade
    // answer (101 on success, 0 when no connection).
    int connect(const std::string& url);
    std::optional<std::string> read_text(std::chrono::milliseconds timeout);
    std::optional<nlohmann::json> read_json(std::chrono::milliseconds timeout);
    // Reads frames until one has `type` (envelope or message type).
    std::optional<nlohmann::json> read_type(const std::string& type,
                                            std::chrono::milliseconds timeout);
    bool send_text(const std::string& text);
    bool ack(const std::string& envelope_id,
             const std::optional<nlohmann::json>& payload = std::nullopt);
    // Sends a ping; true when the pong came back in time.
    bool ping(std::chrono::milliseconds timeout);
    // Runs until the connection ends or the timeout passes.
    bool wait_closed(std::chrono::milliseconds timeout);
    bool closed() const;
    bool got_close_frame() const;  // false for an abrupt TCP drop
    int pings_received() const;
    void close();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace test
