#pragma once
// Slack's Web API methods over the emulated workspace: pure functions from
// (method, token, arguments) to Slack's answer, with Slack's error names.
// Networking, faults, rate limits and the call log live in the Server.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "emulator/method_catalog.hpp"
#include "emulator/workspace.hpp"

namespace emulator {

struct ApiAnswer {
    int http_status = 200;
    nlohmann::json body;
    int retry_after_seconds = 0;  // sent as Retry-After when > 0 (HTTP 429)
};

// not_authed, invalid_auth or not_allowed_token_type; ok:true when the token fits.
ApiAnswer authenticate(const Workspace& ws, const std::string& method, const std::string& token);

ApiAnswer call_web_api(Workspace& ws, const std::string& method, const std::string& token,
                       const nlohmann::json& args);

// A POST to a response_url (path "/commands/…" or "/actions/…"). Like
// hooks.slack.com it answers plain text: "ok", or the error's name.
struct ResponseUrlAnswer {
    int http_status = 200;
    std::string body = "ok";
};
ResponseUrlAnswer post_to_response_url(Workspace& ws, const std::string& path,
                                       const nlohmann::json& body);

// A POST of a file's bytes to the upload URL files.getUploadURLExternal
// handed out (path "/upload/v1/…"): plain text "OK - <length>", once; the
// byte count must be the announced length.
struct UploadAnswer {
    int http_status = 200;
    std::string body;
    std::string file_id;  // empty for an unknown URL
};
UploadAnswer post_to_upload_url(Workspace& ws, const std::string& path, std::string bytes);

// Slack's answer for a failed call: HTTP 200 and ok:false.
inline ApiAnswer slack_error(const std::string& error) {
    return ApiAnswer{200, {{"ok", false}, {"error", error}}};
}

}  // namespace emulator
