// The autogen command line: parses arguments, runs one command, maps errors to exit codes.
#pragma once

namespace autogen::cli {

/// Runs the command line and returns the process exit code (0 ok/same, 1 changes/drift, 2 error).
int run(int argc, char** argv);

}  // namespace autogen::cli
