#include <string>

#include <yaml-cpp/yaml.h>

#include "reports/tree_writer.hpp"

namespace reports {
namespace {

// A plain scalar that a YAML reader would take for something other than a
// string (a number, a boolean, null, a date): quoted, so it reads back as typed.
bool reads_as_other_type(std::string_view s) {
    if (s.empty()) return true;
    const std::string lower = [&] {
        std::string l(s);
        for (char& c : l)
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        return l;
    }();
    for (const char* word : {"true", "false", "yes", "no", "on", "off", "y", "n", "null", "~",
                             ".nan", ".inf", "-.inf"})
        if (lower == word) return true;
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

class YamlWriter final : public TreeWriter {
  public:
    explicit YamlWriter(std::ostream& out) : out_(out), emitter_(out) {
        emitter_.SetIndent(2);
        emitter_.SetMapFormat(YAML::Block);
    }

    void begin_map(bool inline_style) override {
        if (inline_style) emitter_ << YAML::Flow;
        emitter_ << YAML::BeginMap;
    }
    void end_map() override { emitter_ << YAML::EndMap; }
    void begin_list(bool inline_style) override {
        if (inline_style) emitter_ << YAML::Flow;
        emitter_ << YAML::BeginSeq;
    }
    void end_list() override { emitter_ << YAML::EndSeq; }
    void key(std::string_view k) override {
        emitter_ << YAML::Key << std::string(k) << YAML::Value;
    }
    void text(std::string_view s, bool always_quoted) override {
        if (always_quoted || reads_as_other_type(s)) emitter_ << YAML::DoubleQuoted;
        emitter_ << std::string(s);
    }
    void number(std::int64_t n) override { emitter_ << n; }
    void boolean(bool b) override { emitter_ << b; }
    void null() override { emitter_ << YAML::Null; }
    void finish() override { out_ << '\n'; }

  private:
    std::ostream& out_;
    YAML::Emitter emitter_;
};

}  // namespace

std::unique_ptr<TreeWriter> yaml_writer(std::ostream& out) {
    return std::make_unique<YamlWriter>(out);
}

}  // namespace reports
