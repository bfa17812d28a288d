#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reports/tree_writer.hpp"

namespace reports {
namespace {

class JsonWriter final : public TreeWriter {
  public:
    explicit JsonWriter(std::ostream& out) : out_(out) {}

    void begin_map(bool) override {
        before_value();
        out_ << '{';
        first_.push_back(true);
    }
    void end_map() override {
        first_.pop_back();
        out_ << '}';
    }
    void begin_list(bool) override {
        before_value();
        out_ << '[';
        first_.push_back(true);
    }
    void end_list() override {
        first_.pop_back();
        out_ << ']';
    }
    void key(std::string_view k) override {
        separator();
        out_ << quoted(k) << ':';
        after_key_ = true;
    }
    void text(std::string_view s, bool) override {
        before_value();
        out_ << quoted(s);
    }
    void number(std::int64_t n) override {
        before_value();
        out_ << n;
    }
    void boolean(bool b) override {
        before_value();
        out_ << (b ? "true" : "false");
    }
    void null() override {
        before_value();
        out_ << "null";
    }
    void finish() override { out_ << '\n'; }

  private:
    static std::string quoted(std::string_view s) {
        // Invalid UTF-8 (never stored, but a database is outside our control)
        // is replaced rather than thrown on.
        return nlohmann::json(std::string(s))
            .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    void separator() {
        if (first_.empty()) return;
        if (!first_.back()) out_ << ',';
        first_.back() = false;
    }
    void before_value() {
        if (after_key_) {
            after_key_ = false;
            return;
        }
        separator();
    }

    std::ostream& out_;
    std::vector<bool> first_;
    bool after_key_ = false;
};

}  // namespace

std::unique_ptr<TreeWriter> json_writer(std::ostream& out) {
    return std::make_unique<JsonWriter>(out);
}

}  // namespace reports
