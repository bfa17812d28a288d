#pragma once
// For tests of the operations listener and the Alertmanager webhook: a free
// loopback port, raw sockets for hostile clients, and promtool.
#include <chrono>
#include <string>

namespace test {

// A loopback TCP port nobody listens on right now.
unsigned short free_port();

// A connected blocking TCP socket to 127.0.0.1:port (-1 on failure).
int connect_loopback(unsigned short port);
// Sends all of `bytes`; false when the peer closed.
bool send_all(int fd, const std::string& bytes);
// Reads until the peer closes or `timeout`; returns what came.
std::string read_until_closed(int fd, std::chrono::milliseconds timeout, bool* closed = nullptr);

// An executable on PATH ("" when there is none).
std::string find_program(const std::string& name);

}  // namespace test
