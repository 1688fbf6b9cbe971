#include "cli/progress.hpp"

#include <cstdlib>
#include <iostream>
#include <unistd.h>

#include <fmt/format.h>

namespace autogen::cli {

TerminalProgress::TerminalProgress(std::ostream& out, std::chrono::milliseconds delay) : out_(out), delay_(delay) {}

TerminalProgress::~TerminalProgress() { finish(); }

void TerminalProgress::update(const std::string& phase, std::size_t done, std::size_t total) {
    const auto now = std::chrono::steady_clock::now();
    // A short introspection shows nothing at all: a line that flashes for a moment only hides the output.
    if (now - start_ < delay_) return;
    // A new phase is shown at once; counts within a phase at most ten times a second, since redrawing costs more
    // than the reports.
    if (phase == last_phase_ && shown_ && now - last_shown_ < std::chrono::milliseconds(100)) return;
    std::string line = "autogen: introspecting: " + phase;
    if (total > 0) line += fmt::format(" {}/{}", done, total);
    else if (done > 0) line += fmt::format(" ({})", done);
    // \r and "erase to end of line": the line is rewritten in place however long the previous one was.
    out_ << '\r' << line << "\x1b[K" << std::flush;
    shown_ = true;
    last_shown_ = now;
    last_phase_ = phase;
}

void TerminalProgress::finish() {
    if (!shown_) return;
    out_ << "\r\x1b[K" << std::flush;
    shown_ = false;
}

introspect::ProgressCallback TerminalProgress::callback() {
    return [this](const std::string& phase, std::size_t done, std::size_t total) { update(phase, done, total); };
}

std::unique_ptr<TerminalProgress> progress_for(const Settings& settings) {
    // A pipe or a file gets no progress: it would fill a log with carriage returns and escape codes.
    if (settings.quiet || isatty(STDERR_FILENO) == 0) return nullptr;
    long delay_ms = 500;
    if (const char* text = std::getenv("AUTOGEN_PROGRESS_DELAY_MS")) delay_ms = std::strtol(text, nullptr, 10);
    return std::make_unique<TerminalProgress>(std::cerr, std::chrono::milliseconds(delay_ms));
}

}  // namespace autogen::cli
