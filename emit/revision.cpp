#include "emit/revision.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <unistd.h>

#include "core/error.hpp"
#include "emit/sha256.hpp"

#ifndef AUTOGEN_VERSION
#error "AUTOGEN_VERSION is defined by CMake"
#endif

namespace autogen::emit {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view up_marker = "-- migrate:up";
constexpr std::string_view down_marker = "-- migrate:down";
constexpr std::string_view section_options = " transaction:false";

Error input_error(const std::string& message, const std::string& where) {
    return Error(message, ErrorKind::input).at(where);
}

std::string trim(std::string_view text) {
    std::size_t b = 0, e = text.size();
    while (b < e && (text[b] == ' ' || text[b] == '\t' || text[b] == '\r' || text[b] == '\n')) ++b;
    while (e > b && (text[e - 1] == ' ' || text[e - 1] == '\t' || text[e - 1] == '\r' || text[e - 1] == '\n')) --e;
    return std::string(text.substr(b, e - b));
}

std::vector<std::string> split_lines(std::string_view text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string line(text.substr(start, end - start));
        if (!line.empty() && line.back() == '\r') line.pop_back();
        lines.push_back(std::move(line));
        if (end == text.size()) break;
        start = end + 1;
    }
    return lines;
}

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

// A section marker line: the marker, then nothing or options after a space (dbmate's syntax).
bool is_marker(std::string_view line, std::string_view marker) {
    return starts_with(line, marker) && (line.size() == marker.size() || line[marker.size()] == ' ');
}

bool is_any_marker(std::string_view line) { return is_marker(line, up_marker) || is_marker(line, down_marker); }

std::tm utc(std::int64_t epoch) {
    const std::time_t t = static_cast<std::time_t>(epoch);
    std::tm tm{};
    if (!gmtime_r(&t, &tm)) throw Error("cannot represent time " + std::to_string(epoch), ErrorKind::input);
    return tm;
}

std::string format_time(std::int64_t epoch, const char* format) {
    const std::tm tm = utc(epoch);
    char buffer[64];
    const std::size_t n = std::strftime(buffer, sizeof buffer, format, &tm);
    return std::string(buffer, n);
}

// One line: a message spread over lines would turn its tail into header keys or SQL.
std::string one_line_message(std::string_view message) {
    std::string out;
    bool space = false;
    for (char c : message) {
        if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

std::string join_ids(const std::vector<std::string>& ids) {
    std::string out;
    for (std::size_t i = 0; i < ids.size(); ++i) out += (i ? ", " : "") + ids[i];
    return out;
}

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error("cannot read file: " + std::string(std::strerror(errno)), ErrorKind::io).at(path);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::string with_newline(std::string text) {
    if (!text.empty() && text.back() != '\n') text += '\n';
    return text;
}

std::string file_label(const RevisionFile& file) { return file.header.id + " (" + file.path + ")"; }

}  // namespace

std::string schema_hash(std::string_view canonical_model) { return "sha256:" + sha256_hex(canonical_model); }

std::string slug(std::string_view message) {
    std::vector<std::string> words;
    std::string word;
    for (char c : message) {
        const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        if ((lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9')) {
            word += lower;
        } else if (!word.empty()) {
            words.push_back(std::move(word));
            word.clear();
        }
    }
    if (!word.empty()) words.push_back(std::move(word));
    std::string out;
    for (const auto& w : words) {
        const std::size_t needed = out.size() + (out.empty() ? 0 : 1) + w.size();
        if (needed > 40) {
            if (out.empty()) out = w.substr(0, 40);  // one long word is cut rather than lost
            break;
        }
        if (!out.empty()) out += '_';
        out += w;
    }
    return out.empty() ? "revision" : out;
}

std::string random_revision_id() {
    std::random_device device;
    std::uint64_t bits = (std::uint64_t(device()) << 32) ^ device();
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (int i = 0; i < 12; ++i, bits >>= 4) out += hex[bits & 0xf];
    return out;
}

bool is_revision_id(std::string_view id) {
    return id.size() == 12 &&
           std::all_of(id.begin(), id.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::string format_create_date(std::int64_t epoch) { return format_time(epoch, "%Y-%m-%d %H:%M:%S UTC"); }

std::string transactional_label(const Script& script) {
    const auto transactional = static_cast<std::size_t>(
        std::count_if(script.blocks.begin(), script.blocks.end(), [](const Block& b) { return b.transactional; }));
    if (transactional == 0) return "no";
    if (transactional == 1 && script.blocks.size() == 1) return "yes";
    return std::to_string(transactional) + " blocks";
}

Revision make_revision(const RevisionRequest& request, const Script& up, const Script& down) {
    Revision revision;
    RevisionHeader& h = revision.header;
    h.message = one_line_message(request.message);
    if (h.message.empty()) throw Error("a revision needs a message (-m)", ErrorKind::input);
    h.id = request.rev_id ? *request.rev_id : random_revision_id();
    if (!is_revision_id(h.id))
        throw Error("revision id \"" + h.id + "\" is not 12 lowercase hex characters", ErrorKind::input);
    for (const auto& parent : request.revises)
        if (!is_revision_id(parent))
            throw Error("revises \"" + parent + "\", which is not a revision id", ErrorKind::input);
    h.revises = request.revises;
    const std::int64_t epoch =
        request.epoch ? *request.epoch
                      : std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    h.create_date = format_create_date(epoch);
    h.dialect = core::to_string(request.dialect);
    h.autogen_version = AUTOGEN_VERSION;
    h.transactional = transactional_label(up);
    h.schema_before = request.schema_before;
    h.schema_after = request.schema_after;
    revision.up = up.text();
    revision.down = down.text();
    revision.file_name = format_time(epoch, "%Y%m%d%H%M%S") + "_" + h.id + "_" + slug(h.message) + ".sql";
    return revision;
}

std::string render_revision(const Revision& revision) {
    const RevisionHeader& h = revision.header;
    auto field = [](std::string_view key, const std::string& value) {
        return "-- " + std::string(key) + ":" + (value.empty() ? "" : " " + value) + "\n";
    };
    std::string out = "-- " + one_line_message(h.message) + "\n--\n";
    out += field("Revision ID", h.id);
    out += field("Revises", join_ids(h.revises));
    out += field("Create Date", h.create_date);
    out += field("Dialect", h.dialect);
    out += field("Autogen", h.autogen_version);
    out += field("Transactional", h.transactional);
    if (h.dialect == "mysql" || h.dialect == "mariadb") {
        // Said in words too: a MySQL section that fails part-way has committed the statements before the failure.
        out += "-- Note: MySQL/MariaDB DDL is not transactional: each statement commits by itself, and a section\n"
               "--       that fails part-way leaves the statements before the failure applied; fix the cause, then\n";
        out += h.dialect == "mariadb" ? "--       run the section again (IF [NOT] EXISTS skips what is done) or run the downgrade.\n"
                                      : "--       finish the section by hand or run the downgrade.\n";
    }
    out += field("Schema-Before", h.schema_before);
    out += field("Schema-After", h.schema_after);
    out += "\n" + std::string(up_marker) + std::string(section_options) + "\n" + with_newline(revision.up);
    out += "\n" + std::string(down_marker) + std::string(section_options) + "\n" + with_newline(revision.down);
    return out;
}

RevisionHeader parse_revision_header(std::string_view text, const std::string& origin) {
    RevisionHeader h;
    bool has_id = false;
    bool first = true;
    for (const auto& line : split_lines(text)) {
        if (is_any_marker(line)) break;
        if (!starts_with(line, "--")) {
            first = false;
            continue;
        }
        const std::string body = trim(std::string_view(line).substr(2));
        if (first) {
            // The first comment line is the message, whatever it contains.
            h.message = body;
            first = false;
            continue;
        }
        const auto colon = body.find(':');
        if (colon == std::string::npos) continue;
        const std::string key = body.substr(0, colon);
        const std::string value = trim(std::string_view(body).substr(colon + 1));
        if (key == "Revision ID") {
            h.id = value;
            has_id = true;
        } else if (key == "Revises") {
            std::string item;
            std::istringstream in(value);
            while (std::getline(in, item, ','))
                if (auto id = trim(item); !id.empty()) h.revises.push_back(id);
        } else if (key == "Create Date") {
            h.create_date = value;
        } else if (key == "Dialect") {
            h.dialect = value;
        } else if (key == "Autogen") {
            h.autogen_version = value;
        } else if (key == "Transactional") {
            h.transactional = value;
        } else if (key == "Schema-Before") {
            h.schema_before = value;
        } else if (key == "Schema-After") {
            h.schema_after = value;
        }
    }
    if (!has_id || h.id.empty()) throw input_error("revision file has no \"-- Revision ID:\" line", origin);
    return h;
}

std::vector<const RevisionFile*> History::heads() const {
    std::vector<const RevisionFile*> out;
    for (const auto& file : files) {
        const bool revised = std::any_of(files.begin(), files.end(), [&](const RevisionFile& other) {
            return std::find(other.header.revises.begin(), other.header.revises.end(), file.header.id) !=
                   other.header.revises.end();
        });
        if (!revised) out.push_back(&file);
    }
    return out;
}

const RevisionFile* History::head() const {
    const auto all = heads();
    if (all.empty()) return nullptr;
    if (all.size() == 1) return all.front();
    std::string message = all.size() == 2 ? "two heads: " : std::to_string(all.size()) + " heads: ";
    for (std::size_t i = 0; i < all.size(); ++i)
        message += (i == 0 ? "" : i + 1 == all.size() ? " and " : ", ") + file_label(*all[i]);
    throw Error(message + "; write a merge revision that revises them all", ErrorKind::input);
}

History read_versions(const std::string& directory, core::Dialect dialect) {
    History history;
    std::error_code ec;
    if (!fs::exists(directory, ec)) return history;
    if (!fs::is_directory(directory, ec)) throw Error("versions path is not a directory", ErrorKind::input).at(directory);
    for (const auto& entry : fs::directory_iterator(directory)) {
        const std::string name = entry.path().filename().string();
        if (!entry.is_regular_file() || entry.path().extension() != ".sql" || starts_with(name, ".")) continue;
        const std::string path = entry.path().string();
        history.files.push_back({path, parse_revision_header(read_text(path), path)});
    }
    std::sort(history.files.begin(), history.files.end(),
              [](const RevisionFile& a, const RevisionFile& b) { return a.path < b.path; });

    std::map<std::string, const RevisionFile*> by_id;
    const std::string expected = core::to_string(dialect);
    for (const auto& file : history.files) {
        if (!file.header.dialect.empty() && file.header.dialect != expected)
            throw input_error("revision " + file.header.id + " is for dialect " + file.header.dialect +
                                  ", this project's is " + expected,
                              file.path);
        const auto [it, inserted] = by_id.emplace(file.header.id, &file);
        if (!inserted)
            throw input_error("duplicate revision id " + file.header.id + ", also in " + it->second->path, file.path);
    }
    for (const auto& file : history.files)
        for (const auto& parent : file.header.revises)
            if (!by_id.count(parent))
                throw input_error("revises " + parent + ", which is in no file of " + directory, file.path);

    // Depth-first search along Revises; meeting a revision still on the path closes a cycle.
    enum class Mark { none, active, done };
    std::map<std::string, Mark> marks;
    std::vector<std::string> path;
    auto visit = [&](auto&& self, const RevisionFile& file) -> void {
        Mark& mark = marks[file.header.id];
        if (mark == Mark::done) return;
        if (mark == Mark::active) {
            const auto start = std::find(path.begin(), path.end(), file.header.id);
            std::string cycle;
            for (auto it = start; it != path.end(); ++it) cycle += *it + " -> ";
            throw input_error("revision cycle: " + cycle + file.header.id, file.path);
        }
        mark = Mark::active;
        path.push_back(file.header.id);
        for (const auto& parent : file.header.revises) self(self, *by_id.at(parent));
        path.pop_back();
        marks[file.header.id] = Mark::done;
    };
    for (const auto& file : history.files) visit(visit, file);
    return history;
}

void check_head_applied(const History& history, const std::string& current_schema_hash) {
    const RevisionFile* head = history.head();
    if (head && !head->header.schema_before.empty() && head->header.schema_before == current_schema_hash &&
        head->header.schema_before != head->header.schema_after)
        throw input_error("the head revision " + head->header.id +
                              " has not been applied: the database still matches its Schema-Before; apply it "
                              "before writing another revision",
                          head->path);
}

std::string write_revision(const std::string& directory, const Revision& revision) {
    if (revision.file_name.empty() || revision.file_name.find('/') != std::string::npos)
        throw Error("bad revision file name \"" + revision.file_name + "\"", ErrorKind::internal);
    std::error_code ec;
    fs::create_directories(directory, ec);
    if (ec) throw Error("cannot create directory: " + ec.message(), ErrorKind::io).at(directory);
    const std::string target = (fs::path(directory) / revision.file_name).string();
    auto refuse = [&] { return Error("refusing to overwrite an existing file", ErrorKind::io).at(target); };
    if (fs::exists(target, ec)) throw refuse();

    // O_EXCL with mode 0666 (less the umask) makes a file as readable as any other source file, unlike mkstemp.
    std::string temp;
    int fd = -1;
    for (int attempt = 0; attempt < 16 && fd < 0; ++attempt) {
        temp = (fs::path(directory) / ("." + revision.file_name + "." + random_revision_id() + ".tmp")).string();
        fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EEXIST) break;
    }
    if (fd < 0)
        throw Error("cannot create a temporary file: " + std::string(std::strerror(errno)), ErrorKind::io)
            .at(directory);
    const std::string text = render_revision(revision);
    std::size_t written = 0;
    bool ok = true;
    while (ok && written < text.size()) {
        const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
        if (n < 0 && errno == EINTR) continue;
        ok = n > 0;
        if (ok) written += static_cast<std::size_t>(n);
    }
    const int saved = errno;
    ok = ok && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok) {
        ::unlink(temp.c_str());
        throw Error("cannot write: " + std::string(std::strerror(saved)), ErrorKind::io).at(target);
    }
    // link() fails with EEXIST instead of replacing, so no window exists in which another file is overwritten;
    // filesystems without hard links get renameat2(RENAME_NOREPLACE), which has the same guarantee.
    int rc = ::link(temp.c_str(), target.c_str());
    int err = rc == 0 ? 0 : errno;
    if (rc == 0) {
        ::unlink(temp.c_str());
    } else if (err != EEXIST) {
        rc = ::renameat2(AT_FDCWD, temp.c_str(), AT_FDCWD, target.c_str(), RENAME_NOREPLACE);
        err = rc == 0 ? 0 : errno;
    }
    if (rc != 0) {
        ::unlink(temp.c_str());
        if (err == EEXIST) throw refuse();
        throw Error("cannot create file: " + std::string(std::strerror(err)), ErrorKind::io).at(target);
    }
    if (const int dir = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY); dir >= 0) {
        ::fsync(dir);  // the new name survives a crash
        ::close(dir);
    }
    return target;
}

std::string show_section(std::string_view text, Section section, const std::string& origin) {
    const std::string_view marker = section == Section::up ? up_marker : down_marker;
    const auto lines = split_lines(text);
    auto it = std::find_if(lines.begin(), lines.end(), [&](const std::string& l) { return is_marker(l, marker); });
    if (it == lines.end())
        throw input_error("no \"" + std::string(marker) + "\" section in the file", origin);
    std::vector<std::string> body;
    for (++it; it != lines.end() && !is_any_marker(*it); ++it) body.push_back(*it);
    while (!body.empty() && trim(body.back()).empty()) body.pop_back();
    std::size_t first = 0;
    while (first < body.size() && trim(body[first]).empty()) ++first;
    std::string out;
    for (std::size_t i = first; i < body.size(); ++i) out += body[i] + "\n";
    return out;
}

std::string show_file(const std::string& path, Section section) { return show_section(read_text(path), section, path); }

}  // namespace autogen::emit
