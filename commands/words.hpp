#pragma once
// The word-level pieces of the /incident grammar, shared by the parsers:
// splitting command text into words (a `<…>` token stays whole), user text
// within the limits, and one-line errors that quote what was typed.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace commands {

bool is_space(char c);
std::string lower(std::string_view s);
std::string_view trim(std::string_view s);
// Some clients type a no-break space between words; it separates like a space.
std::string normalise_spaces(std::string_view s);
// The first word (a `<…>` token stays whole even if it holds spaces) and the rest.
std::pair<std::string_view, std::string_view> split_first(std::string_view s);
std::vector<std::string_view> words(std::string_view s);
// A user-typed word inside an error message: plain, short, and unable to
// close the surrounding code span.
std::string quote(std::string_view wire_word);
std::string with_thousands(std::size_t n);
core::Error fail(std::string code, std::string message);
core::Error too_long(std::string_view what, std::size_t length, std::size_t max,
                     std::string_view advice);
std::string collapse_whitespace(std::string_view s);
// User text (update, note, resolution) as typed, within the limit.
core::Result<std::string> user_text(std::string_view wire, std::string_view what,
                                    std::string_view advice);

}  // namespace commands
