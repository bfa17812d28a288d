#pragma once
// A small blocking HTTP/1.1 client for tests: one keep-alive connection,
// reopened when the server closes it, so tests can count connections.
#include <chrono>
#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

namespace test {

struct HttpReply {
    int status = 0;                              // 0: no answer (connection closed or timed out)
    std::map<std::string, std::string> headers;  // lower-case names
    std::string body;
    nlohmann::json json() const { return nlohmann::json::parse(body, nullptr, false); }
    std::string header(const std::string& lower_name) const {
        const auto it = headers.find(lower_name);
        return it == headers.end() ? std::string{} : it->second;
    }
};

class HttpTestClient {
  public:
    HttpTestClient(std::string host, unsigned short port);
    ~HttpTestClient();
    HttpTestClient(HttpTestClient&&) noexcept;

    HttpReply request(const std::string& verb, const std::string& target, const std::string& body,
                      const std::map<std::string, std::string>& headers = {},
                      std::chrono::milliseconds timeout = std::chrono::seconds(5));
    HttpReply post(const std::string& target, const std::string& body,
                   const std::string& content_type = "application/x-www-form-urlencoded",
                   const std::map<std::string, std::string>& headers = {});
    HttpReply get(const std::string& target);
    // A Web API call: form-encoded (non-string values JSON-encoded, like the
    // SDKs do) or a JSON body; token "" sends no Authorization header.
    HttpReply api(const std::string& method, const nlohmann::json& args, const std::string& token,
                  bool json_body = false);
    std::size_t connections_opened() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace test
