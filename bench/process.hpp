// Running a child process and measuring it: wall time and CPU time from wait4, peak memory from GNU time.
#pragma once

#include <string>
#include <vector>

namespace autogen::bench {

/// What a child process did and cost.
struct ProcessResult {
    int exit_code = -1;       // -1 when killed (timeout or signal)
    bool timed_out = false;
    double wall_s = 0;        // from fork to exit
    double cpu_s = 0;         // user + system time of the child (and its waited-for children)
    long max_rss_kb = 0;      // peak resident set size
    std::string out;          // stdout, when captured
    std::string err;          // stderr (always captured)
};

/// How to run a child.
struct ProcessOptions {
    std::string stdin_path;            // empty: /dev/null
    bool capture_stdout = false;       // else stdout goes to /dev/null
    double timeout_s = 0;              // 0: none; the child is killed with SIGKILL after it
    std::vector<std::string> env;      // extra NAME=value entries
};

/// Runs argv[0] (searched in PATH) with the arguments and waits for it.
ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options = {});

/// Runs a shell-free command and throws std::runtime_error with its stderr when it does not exit 0.
ProcessResult run_checked(const std::vector<std::string>& argv, const ProcessOptions& options = {});

}  // namespace autogen::bench
