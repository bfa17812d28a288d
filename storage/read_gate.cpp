#include "storage/read_gate.hpp"

namespace storage {

ReadGate::Pass::~Pass() {
    if (gate_) gate_->leave();
}

ReadGate::Pass ReadGate::enter() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return !closed_; });
    ++inside_;
    return Pass(*this);
}

void ReadGate::leave() {
    {
        std::lock_guard lock(mutex_);
        --inside_;
    }
    changed_.notify_all();
}

ReadGate::Closed::~Closed() {
    gate_.open();
}

ReadGate::Closed ReadGate::close(std::chrono::milliseconds drain) {
    std::unique_lock lock(mutex_);
    closed_ = true;
    return Closed(*this, changed_.wait_for(lock, drain, [this] { return inside_ == 0; }));
}

void ReadGate::open() {
    {
        std::lock_guard lock(mutex_);
        closed_ = false;
    }
    changed_.notify_all();
}

}  // namespace storage
