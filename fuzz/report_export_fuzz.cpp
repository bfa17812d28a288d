// libFuzzer target: any bytes as the text people typed into an incident
// (titles, notes, names, action items), through the export's two notations.
// Each piece of text is written as a key and as a value, in block and flow
// maps and lists, by the JSON and the YAML writer; both documents must read
// back (nlohmann::json, yaml-cpp) to exactly the text that went in.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>
#include <nlohmann/json.hpp>

#include "fuzz/require.hpp"
#include "messages/utf8.hpp"
#include "reports/tree_writer.hpp"

using fuzz::require;

namespace {

// Stored text is valid UTF-8 without NUL (the bot checks what it stores).
std::string stored_text(std::string_view in) {
    std::string out = messages::valid_utf8(in);
    std::erase(out, '\0');
    return out;
}

std::vector<std::string> pieces(std::string_view text) {
    std::vector<std::string> out;
    for (;;) {
        const auto cut = text.find('\x1e');
        out.push_back(stored_text(text.substr(0, cut)));
        if (cut == std::string_view::npos || out.size() == 8) break;
        text.remove_prefix(cut + 1);
    }
    return out;
}

// [{value: s, in_list: [s], flow: {value: s, list: [s, s]}, empty: [],
//   keys: {s: block}, flow_keys: {s: flow}}, ...]
void write(reports::TreeWriter& w, const std::vector<std::string>& texts) {
    w.begin_list();
    for (const auto& s : texts) {
        w.begin_map();
        w.key("value");
        w.text(s);
        w.key("in_list");
        w.begin_list();
        w.text(s);
        w.end_list();
        w.key("flow");
        w.begin_map(true);
        w.key("value");
        w.text(s);
        w.key("list");
        w.begin_list(true);
        w.text(s);
        w.text(s, true);
        w.end_list();
        w.end_map();
        w.key("empty");
        w.begin_list();
        w.end_list();
        w.key("keys");
        w.begin_map();
        w.key(s);
        w.text("block");
        w.end_map();
        w.key("flow_keys");
        w.begin_map(true);
        w.key(s);
        w.text("flow");
        w.end_map();
        w.end_map();
    }
    w.end_list();
    w.finish();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto texts = pieces(std::string_view(reinterpret_cast<const char*>(data), size));
    std::ostringstream json_out, yaml_out;
    write(*reports::json_writer(json_out), texts);
    write(*reports::yaml_writer(yaml_out), texts);

    const auto json = nlohmann::json::parse(json_out.str());
    YAML::Node yaml;
    try {
        yaml = YAML::Load(yaml_out.str());
    } catch (const YAML::Exception& e) {
        std::fprintf(stderr, "the YAML export does not parse (%s):\n%s\n", e.what(),
                     yaml_out.str().c_str());
        std::abort();
    }
    require(json.size() == texts.size() && yaml.size() == texts.size());
    for (std::size_t i = 0; i < texts.size(); ++i) {
        const auto& s = texts[i];
        const auto& j = json[i];
        const auto y = yaml[i];
        const auto same = [&](const YAML::Node& n) {
            if (n.as<std::string>() == s) return true;
            std::fprintf(stderr, "YAML read back [%s] for [%s] in:\n%s\n",
                         n.as<std::string>().c_str(), s.c_str(), yaml_out.str().c_str());
            return false;
        };
        require(j.at("value") == s && j.at("in_list").at(0) == s && j.at("flow").at("value") == s &&
                j.at("flow").at("list").at(1) == s);
        require(j.at("keys").at(s) == "block" && j.at("flow_keys").at(s) == "flow");
        require(y["keys"][s].as<std::string>() == "block" &&
                y["flow_keys"][s].as<std::string>() == "flow");
        require(same(y["value"]) && same(y["in_list"][0]) && same(y["flow"]["value"]) &&
                same(y["flow"]["list"][0]) && same(y["flow"]["list"][1]));
        require(y["empty"].IsSequence() && y["empty"].size() == 0);
    }
    return 0;
}
