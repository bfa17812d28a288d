#pragma once
// One document structure, two notations: the export builds maps, lists and
// scalars through this interface, and JSON (hand-streamed, nlohmann for
// escaping) or YAML (yaml-cpp's emitter) write them straight to the stream,
// so a long timeline is never held in memory.
#include <cstdint>
#include <memory>
#include <ostream>
#include <string_view>

namespace reports {

class TreeWriter {
  public:
    virtual ~TreeWriter() = default;
    // `inline_style`: YAML flow style (`{a: 1}` / `[x, y]`); JSON ignores it.
    virtual void begin_map(bool inline_style = false) = 0;
    virtual void end_map() = 0;
    virtual void begin_list(bool inline_style = false) = 0;
    virtual void end_list() = 0;
    virtual void key(std::string_view k) = 0;
    // `always_quoted`: a string that must not read as another type ("14:15").
    virtual void text(std::string_view s, bool always_quoted = false) = 0;
    virtual void number(std::int64_t n) = 0;
    virtual void boolean(bool b) = 0;
    virtual void null() = 0;
    // Ends the document (a newline at the end).
    virtual void finish() = 0;
};

std::unique_ptr<TreeWriter> json_writer(std::ostream& out);
std::unique_ptr<TreeWriter> yaml_writer(std::ostream& out);

}  // namespace reports
