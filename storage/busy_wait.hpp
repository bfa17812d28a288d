#pragma once
// How the bot's SQLite connections wait for a lock another connection holds
// (the checkpointer's, a reader's, another process's): in steps of 50 us
// doubling up to 1 ms, until a timeout has passed. SQLite's own handler
// sleeps 1, 2, 5, 10, 15 ... ms between tries: a lock held for a tenth of a
// millisecond cost the loop a whole one, and one held for 4 ms cost 8 (18 ms
// seen at start-up, when the checkpointer restarted a long log). The
// checkpointer waits the same way for readers, so that it holds the writer
// off no longer than they take.
#include <chrono>

struct sqlite3;

namespace storage {

class BusyWait {
  public:
    explicit BusyWait(std::chrono::milliseconds timeout) : timeout_(timeout) {}
    BusyWait(const BusyWait&) = delete;
    BusyWait& operator=(const BusyWait&) = delete;

    // Makes this the busy handler of `db`, which must not outlive it.
    void install(sqlite3* db);
    // For the waits that start from now on.
    void set_timeout(std::chrono::milliseconds timeout) { timeout_ = timeout; }

  private:
    static int retry(void* self, int count);

    std::chrono::milliseconds timeout_;
    std::chrono::steady_clock::time_point since_;
};

}  // namespace storage
