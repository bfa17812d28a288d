#pragma once
// Slack's Web API methods over the emulated workspace: pure functions from
// (method, token, arguments) to Slack's answer, with Slack's error names.
// Networking, faults and the call log live in the Server.
#include <string>

#include <nlohmann/json.hpp>

#include "emulator/workspace.hpp"

namespace emulator {

struct ApiAnswer {
    int http_status = 200;
    nlohmann::json body;
};

ApiAnswer call_web_api(Workspace& ws, const std::string& method, const std::string& token,
                       const nlohmann::json& args);

// A POST to a response_url (path "/commands/…" or "/actions/…").
ApiAnswer post_to_response_url(Workspace& ws, const std::string& path, const nlohmann::json& body);

// Slack's answer for a failed call: HTTP 200 and ok:false.
inline ApiAnswer slack_error(const std::string& error) {
    return ApiAnswer{200, {{"ok", false}, {"error", error}}};
}

}  // namespace emulator
