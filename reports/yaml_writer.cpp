// YAML written by hand rather than through yaml-cpp's emitter: the emitter
// keeps per-node state and formats through std::stringstream, and took 5.8 s
// for an incident with 100,000 timeline rows; this writer streams the same
// document in a fraction of that. yaml-cpp still reads it back in the tests.
#include <cstdint>
#include <string>
#include <vector>

#include "reports/tree_writer.hpp"

namespace reports {
namespace {

// A plain scalar that a YAML reader would take for something other than a
// string (a number, a boolean, null, a date): quoted, so it reads back as typed.
bool reads_as_other_type(std::string_view s) {
    if (s.empty()) return true;
    if (s.size() <= 5) {
        std::string lower(s);
        for (char& c : lower)
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        for (const char* word : {"true", "false", "yes", "no", "on", "off", "y", "n", "null", "~",
                                 ".nan", ".inf", "-.inf", "+.inf"})
            if (lower == word) return true;
    }
    // Digits with separators (-, +, ., :, _, e): numbers, dates, sexagesimal times.
    bool any_digit = false;
    for (char c : s) {
        if (c >= '0' && c <= '9') {
            any_digit = true;
            continue;
        }
        if (c != '-' && c != '+' && c != '.' && c != ':' && c != '_' && c != 'e' && c != 'E' &&
            c != 'x' && c != 'o' && c != 'T' && c != 'Z' && c != ' ')
            return false;
    }
    return any_digit;
}

// Whether `s` can be written without quotes and read back as the same string.
bool plain_safe(std::string_view s, bool in_flow) {
    if (s.empty()) return false;
    // Readers differ at the edges of the plain style (yaml-cpp 0.7 stops at a
    // '?' inside a flow value), so plain text keeps to characters that no
    // reader takes for syntax; anything else is quoted.
    const std::string_view allowed = in_flow ? " _-./+()" : " _-./+()',;!?=$%&*~<>";
    for (const char c : s) {
        const bool alnum =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum && allowed.find(c) == std::string_view::npos) return false;
    }
    if (std::string_view("-?:,[]{}#&*!|>'\"%@` \t").find(s.front()) != std::string_view::npos)
        return false;
    if (s.back() == ' ' || s.back() == ':') return false;
    return !reads_as_other_type(s);
}

// A double-quoted scalar. UTF-8 passes through, except the characters YAML
// readers take for line breaks or a byte-order mark, which are escaped.
void write_quoted(std::string& out, std::string_view s) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    out += '"';
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        switch (c) {
            case '"':
                out += "\\\"";
                continue;
            case '\\':
                out += "\\\\";
                continue;
            case '\n':
                out += "\\n";
                continue;
            case '\t':
                out += "\\t";
                continue;
            case '\r':
                out += "\\r";
                continue;
            default:
                break;
        }
        if (c < 0x20 || c == 0x7f) {
            out += "\\x";
            out += kHex[c >> 4];
            out += kHex[c & 0xf];
            continue;
        }
        if (c < 0xC2) {
            out += static_cast<char>(c);
            continue;
        }
        // U+0085 (C2 85), U+2028/U+2029 (E2 80 A8/A9), U+FEFF (EF BB BF).
        const std::string_view rest = s.substr(i);
        // (\u rather than YAML's \N, \L, \P: yaml-cpp 0.7 reads \N as a Latin-1 byte.)
        if (rest.starts_with("\xC2\x85")) {
            out += "\\u0085";
            i += 1;
        } else if (rest.starts_with("\xE2\x80\xA8") || rest.starts_with("\xE2\x80\xA9")) {
            out += rest[2] == '\xA8' ? "\\u2028" : "\\u2029";
            i += 2;
        } else if (rest.starts_with("\xEF\xBB\xBF")) {
            out += "\\uFEFF";
            i += 2;
        } else {
            out += static_cast<char>(c);
        }
    }
    out += '"';
}

class YamlWriter final : public TreeWriter {
  public:
    explicit YamlWriter(std::ostream& out) : out_(out) { buffer_.reserve(kFlushAt + 4096); }
    ~YamlWriter() override { flush(); }
    YamlWriter(const YamlWriter&) = delete;
    YamlWriter& operator=(const YamlWriter&) = delete;

    void begin_map(bool inline_style) override { begin(Kind::Map, inline_style, "{"); }
    void end_map() override { end("{}", '}'); }
    void begin_list(bool inline_style) override { begin(Kind::List, inline_style, "["); }
    void end_list() override { end("[]", ']'); }

    void key(std::string_view k) override {
        Frame& f = frames_.back();
        if (f.flow) {
            if (f.items > 0) buffer_ += ", ";
        } else if (!(f.items == 0 && f.compact)) {
            new_line(f.indent);
        }
        ++f.items;
        std::string written;
        if (plain_safe(k, f.flow))
            written = k;
        else
            write_quoted(written, k);
        // YAML limits an implicit key to 1,024 characters; a longer one is
        // written as an explicit key ("? key", then ": value").
        if (written.size() <= kMaxImplicitKey) {
            buffer_ += written;
            buffer_ += ':';
        } else if (f.flow) {
            buffer_ += "? " + written + " :";
        } else {
            buffer_ += "? " + written;
            new_line(f.indent);
            buffer_ += ':';
        }
    }
    void text(std::string_view s, bool always_quoted) override {
        before_value(false);
        if (always_quoted)
            write_quoted(buffer_, s);
        else
            scalar(s, !frames_.empty() && frames_.back().flow);
        after_value();
    }
    void number(std::int64_t n) override {
        before_value(false);
        buffer_ += std::to_string(n);
        after_value();
    }
    void boolean(bool b) override {
        before_value(false);
        buffer_ += b ? "true" : "false";
        after_value();
    }
    void null() override {
        before_value(false);
        buffer_ += '~';
        after_value();
    }
    void finish() override {
        buffer_ += '\n';
        flush();
    }

  private:
    enum class Kind { Map, List };
    struct Frame {
        Kind kind;
        bool flow;
        int indent;    // of the entries of a block collection
        bool compact;  // a block map whose first key follows "- " on the same line
        int items = 0;
    };
    static constexpr std::size_t kFlushAt = 64 * 1024;
    static constexpr std::size_t kMaxImplicitKey = 1000;  // bytes, under YAML's 1,024 characters

    void new_line(int indent) {
        if (!buffer_.empty() || wrote_any_) buffer_ += '\n';
        buffer_.append(static_cast<std::size_t>(indent), ' ');
    }

    // What goes between the parent and a value: a space after a key, "- " in
    // a block list, ", " between flow items. A block collection after a key
    // writes nothing: its entries start on lines of their own.
    void before_value(bool block_collection) {
        if (frames_.empty()) return;
        Frame& f = frames_.back();
        if (f.kind == Kind::Map) {
            if (!block_collection) buffer_ += ' ';
            return;
        }
        if (f.flow) {
            if (f.items > 0) buffer_ += ", ";
        } else if (!(f.items == 0 && f.compact)) {
            new_line(f.indent);
            buffer_ += "- ";
        } else {
            buffer_ += "- ";
        }
        ++f.items;
    }
    void after_value() {
        if (buffer_.size() >= kFlushAt) flush();
    }

    void begin(Kind kind, bool inline_style, const char* open) {
        const bool parent_flow = !frames_.empty() && frames_.back().flow;
        const bool flow = inline_style || parent_flow;
        before_value(!flow);
        if (flow) {
            buffer_ += open;
            frames_.push_back({kind, true, 0, false});
            return;
        }
        if (frames_.empty()) {
            frames_.push_back({kind, false, 0, true});
            return;
        }
        const Frame& parent = frames_.back();
        // A collection in a list item starts on the item's line ("- key: v",
        // "- - x"); one under a key starts on the next line, indented.
        const bool in_list = parent.kind == Kind::List;
        const int indent = parent.indent + 2;
        // The list item's "- " has already been written; nested entries
        // align with the text after it.
        frames_.push_back({kind, false, indent, in_list});
    }

    void end(const char* empty, char close) {
        const Frame f = frames_.back();
        frames_.pop_back();
        if (f.flow) {
            buffer_ += close;
        } else if (f.items == 0) {
            // An empty block collection has no block form.
            if (!frames_.empty() && frames_.back().kind == Kind::Map) buffer_ += ' ';
            buffer_ += empty;
        }
        after_value();
    }

    void scalar(std::string_view s, bool in_flow) {
        if (plain_safe(s, in_flow))
            buffer_ += s;
        else
            write_quoted(buffer_, s);
    }

    void flush() {
        if (buffer_.empty()) return;
        out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
        wrote_any_ = true;
        buffer_.clear();
    }

    std::ostream& out_;
    std::string buffer_;
    bool wrote_any_ = false;
    std::vector<Frame> frames_;
};

}  // namespace

std::unique_ptr<TreeWriter> yaml_writer(std::ostream& out) {
    return std::make_unique<YamlWriter>(out);
}

}  // namespace reports
