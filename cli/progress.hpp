// Introspection progress on a terminal: what is being read and how far it is, on one line of stderr.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <ostream>
#include <string>

#include "cli/settings.hpp"
#include "introspect/inspector.hpp"

namespace autogen::cli {

/// One status line rewritten in place: shown only once the work has taken longer than `delay`, refreshed at most
/// ten times a second, and erased by finish() (or destruction) so that nothing of it stays on the terminal.
class TerminalProgress {
public:
    TerminalProgress(std::ostream& out, std::chrono::milliseconds delay);
    ~TerminalProgress();
    TerminalProgress(const TerminalProgress&) = delete;
    TerminalProgress& operator=(const TerminalProgress&) = delete;

    /// Takes one report of an inspector: its phase and how many of `total` items are done (total 0: unknown).
    void update(const std::string& phase, std::size_t done, std::size_t total);
    /// Erases the line, if one was shown.
    void finish();
    /// A callback for Inspector::on_progress that reports here; it must not outlive this object.
    introspect::ProgressCallback callback();

private:
    std::ostream& out_;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point last_shown_{};
    std::chrono::milliseconds delay_;
    std::string last_phase_;
    bool shown_ = false;
};

/// The progress display of a command: on stderr when stderr is a terminal and --quiet is not given, else none
/// (nullptr). It appears after half a second, or after AUTOGEN_PROGRESS_DELAY_MS milliseconds when that is set.
std::unique_ptr<TerminalProgress> progress_for(const Settings& settings);

}  // namespace autogen::cli
