#pragma once
// Turns a Web API request into one JSON object of arguments, the way Slack
// reads it: form-urlencoded or JSON bodies, with structured arguments
// (blocks, view, …) JSON-encoded inside form fields.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace emulator {

std::string url_decode(std::string_view s);
std::string url_encode(std::string_view s);
// key=value&… into a JSON object of strings (later duplicates win).
nlohmann::json parse_form(std::string_view body);
// Arguments from query string and body; `ok` false when a JSON body does not parse.
struct RequestArgs {
    bool ok = true;
    nlohmann::json args = nlohmann::json::object();
};
RequestArgs request_args(std::string_view content_type, std::string_view body,
                         std::string_view query);

// Reads an argument that may arrive as a string ("true", "1") or a JSON value.
std::string arg_string(const nlohmann::json& args, const std::string& key);
bool arg_bool(const nlohmann::json& args, const std::string& key);
int arg_int(const nlohmann::json& args, const std::string& key, int fallback);

std::string base64_encode(std::string_view in);
std::string base64_decode(std::string_view in);

}  // namespace emulator
