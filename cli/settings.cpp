#include "cli/settings.hpp"

#include <algorithm>
#include <cstdlib>

#include "core/error.hpp"

namespace autogen::cli {
namespace {

std::string* string_field(Settings& s, const std::string& key) {
    if (key == "db") return &s.db;
    if (key == "target") return &s.target;
    if (key == "versions") return &s.versions;
    if (key == "dialect") return &s.dialect;
    if (key == "format") return &s.format;
    if (key == "from") return &s.from;
    if (key == "to") return &s.to;
    return nullptr;
}

std::vector<std::string>* list_field(Settings& s, const std::string& key) {
    if (key == "schema") return &s.schemas;
    if (key == "exclude-table" || key == "exclude_table") return &s.exclude_tables;
    return nullptr;
}

bool* flag_field(Settings& s, const std::string& key) {
    if (key == "raiseerr") return &s.raiseerr;
    if (key == "quiet") return &s.quiet;
    if (key == "verbose") return &s.verbose;
    if (key == "no-color" || key == "no_color") return &s.no_color;
    return nullptr;
}

bool was_given(const std::vector<std::string>& given, const std::string& key) {
    std::string alt = key;
    std::replace(alt.begin(), alt.end(), '_', '-');
    return std::find(given.begin(), given.end(), key) != given.end() ||
           std::find(given.begin(), given.end(), alt) != given.end();
}

}  // namespace

const std::vector<std::string>& config_keys() {
    static const std::vector<std::string> keys = {"db",       "target",  "versions", "dialect",       "format",
                                                  "from",     "to",      "schema",   "exclude-table", "raiseerr",
                                                  "quiet",    "verbose", "no-color"};
    return keys;
}

void apply_fallbacks(Settings& settings, const std::vector<std::pair<std::string, std::vector<std::string>>>& entries,
                     const std::vector<std::string>& given) {
    // The environment outranks the file (CLI.md), so it is applied first and marks its keys as given.
    std::vector<std::string> taken = given;
    if (!was_given(taken, "db")) {
        if (const char* url = std::getenv("DATABASE_URL"); url && *url) {
            settings.db = url;
            taken.emplace_back("db");
        }
    }
    if (const char* no_color = std::getenv("NO_COLOR"); no_color && *no_color) settings.no_color = true;

    for (const auto& [raw_key, values] : entries) {
        std::string key = raw_key;
        std::replace(key.begin(), key.end(), '_', '-');
        if (std::find(config_keys().begin(), config_keys().end(), key) == config_keys().end())
            throw Error("unknown setting \"" + raw_key + "\" (known: db, target, versions, dialect, format, from, to, "
                        "schema, exclude-table, raiseerr, quiet, verbose, no-color)");
        if (was_given(taken, key)) continue;
        if (auto* field = string_field(settings, key)) {
            if (values.size() != 1) throw Error("setting \"" + raw_key + "\" takes one value");
            *field = values.front();
        } else if (auto* list = list_field(settings, key)) {
            *list = values;
        } else if (auto* flag = flag_field(settings, key)) {
            const std::string v = values.empty() ? "true" : values.front();
            *flag = v == "true" || v == "1" || v == "yes" || v == "on";
        }
    }
}

}  // namespace autogen::cli
