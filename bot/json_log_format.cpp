#include "bot/json_log_format.hpp"

#include <chrono>
#include <regex>

#include <spdlog/details/log_msg.h>
#include <nlohmann/json.hpp>

namespace bot {

namespace {

class JsonLogFormatter final : public spdlog::formatter {
  public:
    void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
        const std::string message(msg.payload.data(), msg.payload.size());
        nlohmann::json line;
        line["time"] = rfc3339(msg.time);
        line["level"] = std::string(spdlog::level::to_string_view(msg.level).data());
        line["message"] = message;
        std::smatch m;
        if (std::regex_search(message, m, incident_)) line["incident"] = m[0].str();
        if (std::regex_search(message, m, envelope_)) line["envelope_id"] = m[1].str();
        // `replace`: a message is never lost to one bad byte.
        const auto text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        dest.append(text.data(), text.data() + text.size());
        dest.push_back('\n');
    }
    std::unique_ptr<spdlog::formatter> clone() const override {
        return std::make_unique<JsonLogFormatter>();
    }

  private:
    static std::string rfc3339(spdlog::log_clock::time_point t) {
        using namespace std::chrono;
        const auto ms = floor<milliseconds>(t);
        const auto day = floor<days>(ms);
        const year_month_day date{day};
        const hh_mm_ss time{ms - day};
        char out[32];
        std::snprintf(
            out, sizeof out, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(date.year()),
            static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
            static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
            static_cast<int>(time.seconds().count()), static_cast<int>(time.subseconds().count()));
        return out;
    }

    std::regex incident_{R"(INC-\d{4}-\d{3,})"};
    std::regex envelope_{R"(envelope ([0-9A-Za-z_-]{4,}))"};
};

}  // namespace

std::unique_ptr<spdlog::formatter> make_json_log_formatter() {
    return std::make_unique<JsonLogFormatter>();
}

}  // namespace bot
