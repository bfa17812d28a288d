#include "emulator/request_body.hpp"

#include <array>
#include <cctype>
#include <charconv>

namespace emulator {
namespace {

// Slack accepts these as JSON-encoded strings inside a form body.
constexpr std::array kStructuredArgs = {"blocks", "attachments", "view", "metadata", "files"};

void decode_structured(nlohmann::json& args) {
    for (const char* key : kStructuredArgs) {
        auto it = args.find(key);
        if (it == args.end() || !it->is_string()) continue;
        auto parsed = nlohmann::json::parse(it->get<std::string>(), nullptr, false);
        // Left as a string when it is not JSON: the method then answers
        // invalid_blocks_format / invalid_arguments, as Slack does.
        if (!parsed.is_discarded()) *it = std::move(parsed);
    }
}

struct ContentType {
    std::string media;  // lower-case, no parameters
    std::string boundary;
    bool has_charset = false;
};

std::string trim_lower(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

ContentType parse_content_type(std::string_view header) {
    ContentType out;
    auto semi = header.find(';');
    out.media = trim_lower(header.substr(0, semi));
    while (semi != std::string_view::npos) {
        header.remove_prefix(semi + 1);
        semi = header.find(';');
        const auto param = header.substr(0, semi);
        const auto eq = param.find('=');
        const auto name = trim_lower(param.substr(0, eq));
        if (name == "charset") out.has_charset = true;
        if (name == "boundary" && eq != std::string_view::npos) {
            auto value = param.substr(eq + 1);
            while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
            if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
                value = value.substr(1, value.size() - 2);
            out.boundary = std::string(value);
        }
    }
    return out;
}

// multipart/form-data fields (files are not emulated: their parts read as text).
nlohmann::json parse_multipart(std::string_view body, const std::string& boundary) {
    auto out = nlohmann::json::object();
    if (boundary.empty()) return out;
    const std::string delimiter = "--" + boundary;
    auto pos = body.find(delimiter);
    while (pos != std::string_view::npos) {
        pos += delimiter.size();
        if (body.substr(pos, 2) == "--") break;  // closing delimiter
        const auto headers_end = body.find("\r\n\r\n", pos);
        if (headers_end == std::string_view::npos) break;
        const auto headers = body.substr(pos, headers_end - pos);
        const auto next = body.find(delimiter, headers_end + 4);
        if (next == std::string_view::npos) break;
        auto value = body.substr(headers_end + 4, next - headers_end - 4);
        if (value.size() >= 2 && value.substr(value.size() - 2) == "\r\n") value.remove_suffix(2);
        const auto name_at = headers.find("name=\"");
        if (name_at != std::string_view::npos) {
            const auto name_end = headers.find('"', name_at + 6);
            if (name_end != std::string_view::npos)
                out[std::string(headers.substr(name_at + 6, name_end - name_at - 6))] =
                    std::string(value);
        }
        pos = next;
    }
    return out;
}

}  // namespace

std::string upload_bytes(std::string_view content_type, std::string_view body) {
    const auto type = parse_content_type(content_type);
    if (type.media != "multipart/form-data") return std::string(body);
    // Node's client sends the bytes as a multipart part (named "body" or "file").
    const auto parts = parse_multipart(body, type.boundary);
    for (const char* name : {"file", "body", "content"})
        if (parts.contains(name) && parts.at(name).is_string())
            return parts.at(name).get<std::string>();
    for (const auto& [k, v] : parts.items())
        if (v.is_string()) return v.get<std::string>();
    return {};
}

nlohmann::json parse_form(std::string_view body) {
    auto out = nlohmann::json::object();
    while (!body.empty()) {
        const auto amp = body.find('&');
        const auto pair = body.substr(0, amp);
        body = amp == std::string_view::npos ? std::string_view{} : body.substr(amp + 1);
        if (pair.empty()) continue;
        const auto eq = pair.find('=');
        const auto key = url_decode(pair.substr(0, eq));
        const auto value =
            eq == std::string_view::npos ? std::string{} : url_decode(pair.substr(eq + 1));
        out[key] = value;
    }
    return out;
}

RequestArgs request_args(std::string_view content_type, std::string_view body,
                         std::string_view query, bool method_accepts_json) {
    RequestArgs out;
    out.args = parse_form(query);
    // "Tokens cannot be sent as a query parameter."
    out.args.erase("token");
    const auto type = parse_content_type(content_type);
    if (type.media.empty()) {
        if (!body.empty()) out.error = "missing_post_type";
        decode_structured(out.args);
        return out;
    }
    if (type.media == "application/x-www-form-urlencoded" || type.media == "multipart/form-data") {
        if (type.has_charset) out.warnings.push_back("superfluous_charset");
        const auto form = type.media == "multipart/form-data" ? parse_multipart(body, type.boundary)
                                                              : parse_form(body);
        for (auto& [k, v] : form.items()) out.args[k] = v;
        out.body_token = arg_string(out.args, "token");
        out.args.erase("token");
    } else if (type.media == "application/json") {
        if (!type.has_charset) out.warnings.push_back("missing_charset");
        if (!method_accepts_json) {
            // A read method takes query or form arguments only: the JSON is
            // not read, so the method runs as if its arguments were missing.
            out.json_body_ignored = !body.empty();
        } else {
            auto parsed = nlohmann::json::parse(body, nullptr, false);
            if (parsed.is_discarded()) {
                out.error = "invalid_json";
                return out;
            }
            if (!parsed.is_object()) {
                out.error = "json_not_object";
                return out;
            }
            // "Do not mix arguments between query string, URL-encoded POST
            // body, and JSON attributes": only the JSON is read, and a token
            // attribute in it is not a credential.
            out.args = std::move(parsed);
            out.args.erase("token");
        }
    } else if (type.media == "text/plain") {
        // Accepted by Slack as a post type, but it carries no arguments.
        if (!type.has_charset) out.warnings.push_back("missing_charset");
    } else {
        out.error = "invalid_post_type";
        return out;
    }
    decode_structured(out.args);
    return out;
}

std::string arg_string(const nlohmann::json& args, const std::string& key) {
    const auto it = args.find(key);
    if (it == args.end() || it->is_null()) return {};
    if (it->is_string()) return it->get<std::string>();
    if (it->is_boolean()) return it->get<bool>() ? "true" : "false";
    if (it->is_number()) return it->dump();
    if (it->is_array()) {
        // `users` may arrive as a JSON array in a JSON body.
        std::string joined;
        for (const auto& v : *it) {
            if (!joined.empty()) joined += ',';
            joined += v.is_string() ? v.get<std::string>() : v.dump();
        }
        return joined;
    }
    return it->dump();
}

bool arg_bool(const nlohmann::json& args, const std::string& key) {
    const auto v = arg_string(args, key);
    return v == "true" || v == "1";
}

int arg_int(const nlohmann::json& args, const std::string& key, int fallback) {
    const auto v = arg_string(args, key);
    int out = fallback;
    if (v.empty()) return fallback;
    const auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    if (ec != std::errc{} || ptr != v.data() + v.size()) return fallback;
    return out;
}

std::string base64_encode(std::string_view in) {
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        const unsigned v = (static_cast<unsigned char>(in[i]) << 16) |
                           (static_cast<unsigned char>(in[i + 1]) << 8) |
                           static_cast<unsigned char>(in[i + 2]);
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += kAlphabet[(v >> 6) & 63];
        out += kAlphabet[v & 63];
    }
    if (i < in.size()) {
        unsigned v = static_cast<unsigned char>(in[i]) << 16;
        if (i + 1 < in.size()) v |= static_cast<unsigned char>(in[i + 1]) << 8;
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += i + 1 < in.size() ? kAlphabet[(v >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

std::string base64_decode(std::string_view in) {
    auto value = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+') return 62;
        if (c == '/') return 63;
        return -1;
    };
    std::string out;
    unsigned buffer = 0;
    int bits = 0;
    for (char c : in) {
        if (c == '=') break;
        const int v = value(c);
        if (v < 0) return {};
        buffer = (buffer << 6) | static_cast<unsigned>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((buffer >> bits) & 0xFF);
        }
    }
    return out;
}

}  // namespace emulator
