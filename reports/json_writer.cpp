// JSON streamed into a buffer that goes to the stream in 64 KiB writes: an
// export of 100,000 timeline rows is some 400,000 strings, and neither a
// stream insertion nor a nlohmann::json value per string is cheap enough.
#include <cstdint>
#include <string>
#include <vector>

#include "messages/utf8.hpp"
#include "reports/tree_writer.hpp"

namespace reports {
namespace {

// A JSON string literal. Valid UTF-8 passes through; invalid bytes (never
// stored, but a database is outside our control) become U+FFFD.
void write_json_string(std::string& out, std::string_view s) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string repaired;
    for (const char c : s)
        if (static_cast<unsigned char>(c) >= 0x80) {
            repaired = messages::valid_utf8(s);
            s = repaired;
            break;
        }
    out += '"';
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            default:
                if (c < 0x20) {
                    out += "\\u00";
                    out += kHex[c >> 4];
                    out += kHex[c & 0xf];
                } else {
                    out += ch;
                }
        }
    }
    out += '"';
}

class JsonWriter final : public TreeWriter {
  public:
    explicit JsonWriter(std::ostream& out) : out_(out) { buffer_.reserve(kFlushAt + 4096); }
    ~JsonWriter() override { flush(); }
    JsonWriter(const JsonWriter&) = delete;
    JsonWriter& operator=(const JsonWriter&) = delete;

    void begin_map(bool) override {
        before_value();
        buffer_ += '{';
        first_.push_back(true);
    }
    void end_map() override {
        first_.pop_back();
        buffer_ += '}';
        maybe_flush();
    }
    void begin_list(bool) override {
        before_value();
        buffer_ += '[';
        first_.push_back(true);
    }
    void end_list() override {
        first_.pop_back();
        buffer_ += ']';
        maybe_flush();
    }
    void key(std::string_view k) override {
        separator();
        write_json_string(buffer_, k);
        buffer_ += ':';
        after_key_ = true;
    }
    void text(std::string_view s, bool) override {
        before_value();
        write_json_string(buffer_, s);
    }
    void number(std::int64_t n) override {
        before_value();
        buffer_ += std::to_string(n);
    }
    void boolean(bool b) override {
        before_value();
        buffer_ += b ? "true" : "false";
    }
    void null() override {
        before_value();
        buffer_ += "null";
    }
    void finish() override {
        buffer_ += '\n';
        flush();
    }

  private:
    static constexpr std::size_t kFlushAt = 64 * 1024;

    void separator() {
        if (first_.empty()) return;
        if (!first_.back()) buffer_ += ',';
        first_.back() = false;
    }
    void before_value() {
        if (after_key_) {
            after_key_ = false;
            return;
        }
        separator();
    }
    void maybe_flush() {
        if (buffer_.size() >= kFlushAt) flush();
    }
    void flush() {
        if (buffer_.empty()) return;
        out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
        buffer_.clear();
    }

    std::ostream& out_;
    std::string buffer_;
    std::vector<bool> first_;
    bool after_key_ = false;
};

}  // namespace

std::unique_ptr<TreeWriter> json_writer(std::ostream& out) {
    return std::make_unique<JsonWriter>(out);
}

}  // namespace reports
