#include "introspect/postgres/session.hpp"

#include <pqxx/pqxx>

#include "core/error.hpp"
#include "introspect/postgres/types.hpp"

namespace autogen::introspect::postgres {
namespace {

// libpq messages start with a severity and end with a newline; the user needs the words in between.
std::string clean_message(std::string message) {
    for (const char* prefix : {"ERROR:  ", "FATAL:  "})
        if (message.rfind(prefix, 0) == 0) message.erase(0, std::string(prefix).size());
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    for (auto& c : message)
        if (c == '\n') c = ' ';
    return message;
}

Rows rows_of(const pqxx::result& result) {
    Rows rows;
    rows.reserve(result.size());
    for (const auto& row : result) {
        Row out;
        out.reserve(row.size());
        for (const auto& field : row) {
            if (field.is_null()) out.emplace_back(std::nullopt);
            else out.emplace_back(std::string(field.c_str(), field.size()));
        }
        rows.push_back(std::move(out));
    }
    return rows;
}

Error database_error(const std::string& message, const std::string& location, const std::string& display) {
    Error error(core::mask_passwords(clean_message(message)), ErrorKind::database);
    error.with_backend("postgres").at(location).on(display);
    return error;
}

}  // namespace

struct Session::Impl {
    std::unique_ptr<pqxx::connection> connection;
};

Session::Session(const core::DatabaseUrl& url) : impl_(std::make_unique<Impl>()), display_(url.masked()) {
    try {
        impl_->connection = std::make_unique<pqxx::connection>(conninfo(url));
    } catch (const pqxx::broken_connection& e) {
        throw database_error(std::string("cannot connect: ") + e.what(), "connect", display_);
    } catch (const pqxx::sql_error& e) {
        throw database_error(std::string("cannot connect: ") + e.what(), "connect", display_).with_sqlstate(e.sqlstate());
    } catch (const pqxx::failure& e) {
        throw database_error(std::string("cannot connect: ") + e.what(), "connect", display_);
    }
}

Session::~Session() = default;

Rows Session::execute(const Statement& statement, const std::vector<std::string>& params) {
    try {
        pqxx::nontransaction work(*impl_->connection);
        pqxx::result result;
        switch (params.size()) {
            case 0: result = work.exec(statement.sql); break;
            case 1: result = work.exec_params(statement.sql, params[0]); break;
            case 2: result = work.exec_params(statement.sql, params[0], params[1]); break;
            case 3: result = work.exec_params(statement.sql, params[0], params[1], params[2]); break;
            default: throw Error("too many parameters for " + statement.name, ErrorKind::internal);
        }
        return rows_of(result);
    } catch (const pqxx::sql_error& e) {
        throw database_error(e.what(), statement.name, display_).with_sqlstate(e.sqlstate()).with_detail(statement.sql);
    } catch (const pqxx::broken_connection& e) {
        throw database_error(std::string("connection lost: ") + e.what(), statement.name, display_);
    } catch (const pqxx::failure& e) {
        throw database_error(e.what(), statement.name, display_).with_detail(statement.sql);
    }
}

std::vector<Rows> Session::batch(const std::vector<Statement>& statements) {
    std::vector<Rows> out;
    out.reserve(statements.size());
    std::size_t current = 0;
    try {
        pqxx::nontransaction work(*impl_->connection);
        pqxx::pipeline pipe(work);
        // Retaining every statement until resume() sends them as one batch: one round trip, whatever the count.
        pipe.retain(static_cast<int>(statements.size()) + 1);
        std::vector<pqxx::pipeline::query_id> ids;
        ids.reserve(statements.size());
        for (const auto& statement : statements) ids.push_back(pipe.insert(statement.sql));
        pipe.resume();
        for (; current < statements.size(); ++current) out.push_back(rows_of(pipe.retrieve(ids[current])));
        pipe.complete();
        return out;
    } catch (const pqxx::sql_error& e) {
        const Statement& statement = statements[std::min(current, statements.size() - 1)];
        throw database_error(e.what(), statement.name, display_).with_sqlstate(e.sqlstate()).with_detail(statement.sql);
    } catch (const pqxx::broken_connection& e) {
        throw database_error(std::string("connection lost: ") + e.what(), "batch", display_);
    } catch (const pqxx::failure& e) {
        const Statement& statement = statements[std::min(current, statements.size() - 1)];
        throw database_error(e.what(), statement.name, display_).with_detail(statement.sql);
    }
}

void Session::rollback_quietly() noexcept {
    try {
        if (impl_->connection && impl_->connection->is_open()) {
            pqxx::nontransaction work(*impl_->connection);
            work.exec("ROLLBACK");
        }
    } catch (...) {
        // Nothing to undo, or the connection is gone: in both cases the server has no open transaction of ours.
    }
}

}  // namespace autogen::introspect::postgres
