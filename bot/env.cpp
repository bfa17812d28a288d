#include "bot/env.hpp"

#include <fstream>
#include <sstream>

extern char** environ;

namespace bot {

namespace {
std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos) return "";
    const auto e = s.find_last_not_of(" \t\r");
    return s.substr(b, e - b + 1);
}

bool valid_name(const std::string& name) {
    if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
    for (char c : name)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
    return true;
}
}  // namespace

core::Result<std::map<std::string, std::string>> parse_dotenv(const std::string& text,
                                                              const std::string& origin) {
    std::map<std::string, std::string> out;
    std::istringstream in(text);
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        std::string t = trim(line);
        if (t.empty() || t[0] == '#') continue;
        if (t.rfind("export ", 0) == 0) t = trim(t.substr(7));
        const auto eq = t.find('=');
        const std::string where = origin + " line " + std::to_string(number);
        if (eq == std::string::npos)
            return core::make_error("bad_dotenv", where + ": expected NAME=value");
        const std::string name = trim(t.substr(0, eq));
        std::string value = trim(t.substr(eq + 1));
        if (!valid_name(name))
            return core::make_error("bad_dotenv",
                                    where + ": `" + name + "` is not a variable name");
        if (!value.empty() && (value[0] == '"' || value[0] == '\'')) {
            const char quote = value[0];
            const auto close = value.find(quote, 1);
            if (close == std::string::npos)
                return core::make_error("bad_dotenv", where + ": unterminated quote");
            value = value.substr(1, close - 1);
        } else {
            // An unquoted value ends at a ` #` comment, as in shell.
            const auto hash = value.find(" #");
            if (hash != std::string::npos) value = trim(value.substr(0, hash));
        }
        out[name] = value;
    }
    return out;
}

core::Result<Env> Env::load(const std::string& dotenv_path) {
    std::map<std::string, std::string> values;
    if (std::ifstream file{dotenv_path}) {
        std::stringstream buffer;
        buffer << file.rdbuf();
        auto parsed = parse_dotenv(buffer.str(), dotenv_path);
        if (!parsed) return parsed.error();
        values = std::move(parsed.value());
    }
    for (char** e = environ; e && *e; ++e) {
        const std::string entry{*e};
        const auto eq = entry.find('=');
        if (eq != std::string::npos) values[entry.substr(0, eq)] = entry.substr(eq + 1);
    }
    return Env{std::move(values)};
}

std::optional<std::string> Env::get(const std::string& name) const {
    const auto it = values_.find(name);
    if (it == values_.end()) return std::nullopt;
    return it->second;
}

}  // namespace bot
