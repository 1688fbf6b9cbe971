// The single error type of autogen: every failure carries where it happened and what was expected.
#pragma once

#include <stdexcept>
#include <string>

namespace autogen {

/// What kind of failure an Error is; the CLI maps every kind to exit code 2.
enum class ErrorKind { input, database, io, unsupported, internal };

/// The base (and only) exception autogen throws; caught once, in cli/.
class Error : public std::runtime_error {
public:
    /// Builds an error from its message and optional context fields.
    explicit Error(std::string message, ErrorKind kind = ErrorKind::input);

    ErrorKind kind = ErrorKind::input;
    std::string backend;   // "sqlite", "postgres", "mysql", "json", ...
    std::string location;  // JSON path, file:line, or the catalog query's name
    std::string object;    // the object concerned, e.g. "public.users.email"
    std::string sqlstate;  // database error code where one exists
    std::string detail;    // the failing statement or query text (shown with --raiseerr / -v)

    Error& with_backend(std::string value) { backend = std::move(value); return *this; }
    Error& at(std::string value) { location = std::move(value); return *this; }
    Error& on(std::string value) { object = std::move(value); return *this; }
    Error& with_sqlstate(std::string value) { sqlstate = std::move(value); return *this; }
    Error& with_detail(std::string value) { detail = std::move(value); return *this; }

    /// The one-line message shown to users: "backend: location: object: message".
    std::string describe(bool verbose = false) const;
};

}  // namespace autogen
