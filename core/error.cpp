#include "core/error.hpp"

namespace autogen {

Error::Error(std::string message, ErrorKind kind_) : std::runtime_error(std::move(message)), kind(kind_) {}

std::string Error::describe(bool verbose) const {
    std::string out;
    if (!backend.empty()) out += backend + ": ";
    if (!location.empty()) out += location + ": ";
    if (!object.empty()) out += object + ": ";
    out += what();
    if (!sqlstate.empty()) out += " (sqlstate " + sqlstate + ")";
    if (verbose && !detail.empty()) out += "\n  " + detail;
    return out;
}

}  // namespace autogen
