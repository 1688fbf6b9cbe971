#include "emit/renderer.hpp"

namespace autogen::emit {
namespace {

// A step's comment must stay one line, or its tail would be read as SQL.
std::string one_line(const std::string& text) {
    std::string out = text;
    for (auto& c : out)
        if (c == '\n' || c == '\r') c = ' ';
    return out;
}

void lines(std::string& out, const std::vector<std::string>& statements) {
    for (const auto& s : statements) out += s + "\n";
}

}  // namespace

std::string Script::text() const {
    std::size_t total = 0, index = 0;
    for (const auto& block : blocks) total += block.steps.size();
    std::string out;
    for (const auto& block : blocks) {
        lines(out, block.before);
        if (block.transactional) out += "BEGIN;\n";
        lines(out, block.opening);
        for (const auto& step : block.steps) {
            out += "-- " + std::to_string(++index) + "/" + std::to_string(total) + " " + one_line(step.comment) + "\n";
            lines(out, step.statements);
        }
        lines(out, block.closing);
        if (block.transactional) out += "COMMIT;\n";
        lines(out, block.after);
    }
    return out;
}

}  // namespace autogen::emit
