#pragma once
// Turns a Web API request into one JSON object of arguments, the way Slack
// reads it: form-urlencoded or JSON bodies, with structured arguments
// (blocks, view, …) JSON-encoded inside form fields.
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/url_encoding.hpp"

namespace emulator {

using core::url_decode;
using core::url_encode;
// key=value&… into a JSON object of strings (later duplicates win).
nlohmann::json parse_form(std::string_view body);
// Arguments as Slack reads them from a query string and a POST body. Slack's
// rules (docs.slack.dev/apis/web-api): a JSON body is read only by methods on
// its "methods supporting JSON" list and only with Content-type
// application/json; a token is read from the Authorization header or a form
// body, never from the query string or a JSON attribute.
struct RequestArgs {
    // "" or the error Slack answers before the method runs: invalid_json,
    // json_not_object, missing_post_type, invalid_post_type.
    std::string error;
    nlohmann::json args = nlohmann::json::object();  // without any `token`
    std::string body_token;                          // `token` from a form body, "" if none
    std::vector<std::string> warnings;               // missing_charset, superfluous_charset
    bool json_body_ignored = false;                  // JSON sent to a method that does not read it
};
RequestArgs request_args(std::string_view content_type, std::string_view body,
                         std::string_view query, bool method_accepts_json);

// Reads an argument that may arrive as a string ("true", "1") or a JSON value.
std::string arg_string(const nlohmann::json& args, const std::string& key);
// The bytes POSTed to an upload URL: the raw body, or the file part of a
// multipart/form-data body.
std::string upload_bytes(std::string_view content_type, std::string_view body);
bool arg_bool(const nlohmann::json& args, const std::string& key);
int arg_int(const nlohmann::json& args, const std::string& key, int fallback);

std::string base64_encode(std::string_view in);
std::string base64_decode(std::string_view in);

}  // namespace emulator
