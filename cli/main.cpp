#include "cli/commands.hpp"
#include "cli/memory.hpp"

int main(int argc, char** argv) {
    autogen::cli::use_huge_pages_for_heap();
    return autogen::cli::run(argc, argv);
}
