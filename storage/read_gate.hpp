#pragma once
// Long reads in this process (the dashboard's pages) and the checkpointer's
// restart of the write-ahead log take turns, so that neither makes the
// loop's commits wait.
//
// A RESTART checkpoint holds the writer off while it waits for every reader
// of the old log to finish. With dashboard pages reading all the time (a
// page over 100,000 timeline rows reads for 10-20 ms), that wait ran out
// every time: in bench/dashboard_bench a third of the restarts held the
// loop's commits off for their whole 10 ms and then gave up. So the
// checkpointer first closes this gate to new page reads and waits, without
// holding any lock, for the ones under way; only then does it restart the
// log, which finds no reader to wait for. A page that arrives meanwhile
// waits for the restart (a few milliseconds), which nobody is acked on.
// Readers in other processes (the CLI's export) do not pass here: a restart
// still waits for them at most Checkpointer::kRestartWait.
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace storage {

class ReadGate {
  public:
    // Inside the gate while it lives: hold it across the whole read
    // transaction.
    class Pass {
      public:
        ~Pass();
        Pass(Pass&& other) noexcept : gate_(other.gate_) { other.gate_ = nullptr; }
        Pass(const Pass&) = delete;
        Pass& operator=(const Pass&) = delete;
        Pass& operator=(Pass&&) = delete;

      private:
        friend class ReadGate;
        explicit Pass(ReadGate& gate) : gate_(&gate) {}
        ReadGate* gate_;
    };

    // The gate closed to new readers while it lives; open again after.
    class Closed {
      public:
        ~Closed();
        Closed(const Closed&) = delete;
        Closed& operator=(const Closed&) = delete;
        // No reader was left inside when the wait ended.
        bool drained() const { return drained_; }

      private:
        friend class ReadGate;
        Closed(ReadGate& gate, bool drained) : gate_(gate), drained_(drained) {}
        ReadGate& gate_;
        bool drained_;
    };

    // Waits while the gate is closed, then lets the caller in.
    Pass enter();
    // Closes the gate to new readers and waits up to `drain` for the ones
    // inside to leave.
    Closed close(std::chrono::milliseconds drain);

  private:
    void leave();
    void open();

    std::mutex mutex_;
    std::condition_variable changed_;
    int inside_ = 0;
    bool closed_ = false;
};

}  // namespace storage
