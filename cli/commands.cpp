#include "cli/commands.hpp"

#include <iostream>

namespace autogen::cli {

int run(int, char**) {
    std::cerr << "autogen: no command implemented yet\n";
    return 2;
}

}  // namespace autogen::cli
