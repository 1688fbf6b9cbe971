#include "bench/process.hpp"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <sys/resource.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace autogen::bench {
namespace {

// Output goes to unlinked temporary files rather than pipes, so a chatty child never blocks on a full pipe
// while the parent only waits, and the parent's reading never competes with the measured child.
int temp_file() {
    char name[] = "/tmp/autogen-bench-XXXXXX";
    const int fd = mkstemp(name);
    if (fd < 0) throw std::runtime_error(std::string("cannot create a temporary file: ") + std::strerror(errno));
    unlink(name);
    return fd;
}

std::string read_all(int fd) {
    std::string out;
    lseek(fd, 0, SEEK_SET);
    char buffer[65536];
    for (;;) {
        const auto n = read(fd, buffer, sizeof buffer);
        if (n <= 0) break;
        out.append(buffer, static_cast<std::size_t>(n));
    }
    return out;
}

}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options) {
    const int out_fd = options.capture_stdout ? temp_file() : open("/dev/null", O_WRONLY);
    const int err_fd = temp_file();
    const int in_fd = open(options.stdin_path.empty() ? "/dev/null" : options.stdin_path.c_str(), O_RDONLY);
    if (in_fd < 0) throw std::runtime_error("cannot open " + options.stdin_path);
    // The peak memory comes from GNU time, which forks the command itself. A child forked from this process
    // would inherit its high-water mark (the kernel keeps it across exec), and the benchmark holds whole models
    // in memory: wait4's ru_maxrss reported this process's size rather than the command's.
    char rss_name[] = "/tmp/autogen-bench-rss-XXXXXX";
    const int rss_fd = mkstemp(rss_name);
    if (rss_fd < 0) throw std::runtime_error(std::string("cannot create a temporary file: ") + std::strerror(errno));
    close(rss_fd);
    std::vector<std::string> wrapped{"/usr/bin/time", "-f", "%M", "-o", rss_name};
    wrapped.insert(wrapped.end(), argv.begin(), argv.end());
    std::vector<char*> args;
    for (const auto& arg : wrapped) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);

    const auto start = std::chrono::steady_clock::now();
    const pid_t pid = fork();
    if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
    if (pid == 0) {
        setpgid(0, 0);  // a group of its own, so that a timeout ends the command and not only GNU time
        dup2(in_fd, 0);
        dup2(out_fd, 1);
        dup2(err_fd, 2);
        for (const auto& entry : options.env) putenv(const_cast<char*>(entry.c_str()));
        execvp(args[0], args.data());
        std::fprintf(stderr, "cannot run %s: %s\n", args[0], std::strerror(errno));
        _exit(127);
    }
    close(in_fd);

    ProcessResult result;
    int status = 0;
    rusage usage{};
    for (;;) {
        const pid_t done = wait4(pid, &status, options.timeout_s > 0 ? WNOHANG : 0, &usage);
        if (done == pid) break;
        if (done < 0 && errno != EINTR) throw std::runtime_error(std::string("wait4: ") + std::strerror(errno));
        const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (options.timeout_s > 0 && elapsed > options.timeout_s && !result.timed_out) {
            result.timed_out = true;
            kill(-pid, SIGKILL);  // our own child's process group, by its id
        }
        if (options.timeout_s > 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    result.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    result.cpu_s = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                   static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    {
        std::ifstream rss(rss_name);
        std::string line, last;
        while (std::getline(rss, line))
            if (!line.empty()) last = line;  // "Command exited with non-zero status N" may come first
        result.max_rss_kb = last.empty() ? 0 : std::atol(last.c_str());
    }
    std::remove(rss_name);
    if (options.capture_stdout) result.out = read_all(out_fd);
    result.err = read_all(err_fd);
    close(out_fd);
    close(err_fd);
    return result;
}

ProcessResult run_checked(const std::vector<std::string>& argv, const ProcessOptions& options) {
    ProcessResult result = run_process(argv, options);
    if (result.exit_code != 0) {
        std::string command;
        for (const auto& arg : argv) command += (command.empty() ? "" : " ") + arg;
        throw std::runtime_error(command + " failed (exit " + std::to_string(result.exit_code) + "): " + result.err);
    }
    return result;
}

}  // namespace autogen::bench
