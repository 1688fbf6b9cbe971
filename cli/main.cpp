#include "cli/commands.hpp"

int main(int argc, char** argv) { return autogen::cli::run(argc, argv); }
