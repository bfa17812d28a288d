#pragma once
// Where configuration comes from: the process environment and an optional
// `.env` file in the working directory. The real environment wins.
#include <map>
#include <optional>
#include <string>

#include "core/result.hpp"

namespace bot {

class Env {
  public:
    Env() = default;
    explicit Env(std::map<std::string, std::string> values) : values_(std::move(values)) {}

    // The process environment (`environ`) layered over the `.env` file at
    // `dotenv_path` when it exists. A malformed `.env` line is an error that
    // names the file and line.
    static core::Result<Env> load(const std::string& dotenv_path);

    std::optional<std::string> get(const std::string& name) const;
    void set(const std::string& name, std::string value) { values_[name] = std::move(value); }

  private:
    std::map<std::string, std::string> values_;
};

// `KEY=VALUE` lines, `#` comments, optional `export `, single or double quotes.
core::Result<std::map<std::string, std::string>> parse_dotenv(const std::string& text,
                                                              const std::string& origin);

}  // namespace bot
