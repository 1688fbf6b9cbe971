#include "emit/renderer.hpp"

namespace autogen::emit {

std::string Script::text() const {
    std::size_t total = 0, index = 0;
    for (const auto& block : blocks) total += block.steps.size();
    std::string out;
    for (const auto& block : blocks) {
        for (const auto& s : block.before) out += s + "\n";
        if (block.transactional) out += "BEGIN;\n";
        for (const auto& step : block.steps) {
            out += "-- " + std::to_string(++index) + "/" + std::to_string(total) + " " + step.comment + "\n";
            for (const auto& s : step.statements) out += s + "\n";
        }
        if (block.transactional) out += "COMMIT;\n";
        for (const auto& s : block.after) out += s + "\n";
    }
    return out;
}

}  // namespace autogen::emit
