// Command-line settings, merged from the command line, the environment and autogen.toml (in that order of precedence).
#pragma once

#include <string>
#include <vector>

namespace autogen::cli {

/// Every option of every command; a command reads the ones it has.
struct Settings {
    std::string command;
    std::string db;
    std::string target;
    std::string from;
    std::string to;
    std::string dialect;
    std::string format;
    std::string output;
    std::string message;
    std::string versions = "versions";
    std::string rev_id;
    std::string file;
    std::string config;
    std::vector<std::string> schemas;
    std::vector<std::string> exclude_tables;
    bool up = false;
    bool down = false;
    bool raiseerr = false;
    bool quiet = false;
    bool verbose = false;
    bool no_color = false;
};

/// Names of the settings a config file may set (`db`, `target`, `versions`, `schema`, `exclude-table`, ...).
const std::vector<std::string>& config_keys();

/// Fills settings the command line left unset: first from the environment (DATABASE_URL, NO_COLOR), then from
/// the config file entries `entries` (key, values). `given` lists the keys the command line set.
void apply_fallbacks(Settings& settings, const std::vector<std::pair<std::string, std::vector<std::string>>>& entries,
                     const std::vector<std::string>& given);

}  // namespace autogen::cli
