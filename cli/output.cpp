#include "cli/output.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <unistd.h>

#include "core/error.hpp"
#include "core/json.hpp"
#include "emit/renderer.hpp"
#include "emit/report.hpp"
#include "emit/revision.hpp"

namespace autogen::cli {

std::string render_report(const diff::Plan& plan, const std::string& format, const ReportContext& context) {
    const auto parsed = emit::report_format_from_string(format);
    if (!parsed) throw Error("report format \"" + format + "\" is not supported (text, json, markdown, html)",
                             ErrorKind::unsupported);
    if (context.short_form && plan.empty()) return "";
    std::string out = emit::render_report(plan, *parsed);
    if (context.textual && *parsed == emit::ReportFormat::text)
        out += "(texts compared textually: no database canonicalized them)\n";
    return out;
}

void write_new_file(const std::string& path, const std::string& content) {
    namespace fs = std::filesystem;
    const fs::path target(path);
    if (fs::exists(target)) throw Error("refusing to overwrite an existing file", ErrorKind::io).on(path);
    const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::string temp = (dir / ("." + target.filename().string() + ".XXXXXX")).string();
    const int fd = mkstemp(temp.data());
    if (fd < 0) throw Error(std::string("cannot create a file: ") + std::strerror(errno), ErrorKind::io).on(path);
    std::size_t written = 0;
    while (written < content.size()) {
        const auto n = ::write(fd, content.data() + written, content.size() - written);
        if (n <= 0) {
            ::close(fd);
            ::unlink(temp.c_str());
            throw Error(std::string("cannot write: ") + std::strerror(errno), ErrorKind::io).on(path);
        }
        written += static_cast<std::size_t>(n);
    }
    ::fsync(fd);
    ::close(fd);
    // link() fails when the name exists: the file appears whole or not at all, and is never replaced.
    if (::link(temp.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(temp.c_str());
        throw Error(err == EEXIST ? std::string("refusing to overwrite an existing file")
                                  : std::string("cannot write: ") + std::strerror(err),
                    ErrorKind::io)
            .on(path);
    }
    ::unlink(temp.c_str());
}

std::optional<std::string> write_revision_for(const diff::Plan& plan, const core::Schema& current,
                                              const core::Schema& target, core::Dialect dialect, const Settings& s) {
    const auto history = emit::read_versions(s.versions, dialect);
    const auto* head = history.head();  // throws for two heads, naming them
    if (plan.empty()) return std::nullopt;
    const std::string before = emit::schema_hash(core::save_schema(current));
    emit::check_head_applied(history, before);

    emit::RevisionRequest request;
    request.message = s.message;
    request.dialect = dialect;
    if (head) request.revises.push_back(head->header.id);
    if (!s.rev_id.empty()) request.rev_id = s.rev_id;
    if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch && *epoch) {
        char* end = nullptr;
        const long long value = std::strtoll(epoch, &end, 10);
        if (*end != '\0') throw Error("SOURCE_DATE_EPOCH is not a number of seconds: " + std::string(epoch));
        request.epoch = value;
    }
    request.schema_before = before;
    request.schema_after = emit::schema_hash(core::save_schema(target));
    const auto renderer = emit::renderer_for(dialect);
    const auto revision = emit::make_revision(request, renderer->render_all(plan.upgrade), renderer->render_all(plan.downgrade));
    return emit::write_revision(s.versions, revision);
}

std::string show_section(const std::string& file, bool up) {
    return emit::show_file(file, up ? emit::Section::up : emit::Section::down);
}

}  // namespace autogen::cli
