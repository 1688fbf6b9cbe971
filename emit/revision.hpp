// Revision files (CLI.md "Revision files"): writing one, reading a versions directory, showing a section.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model.hpp"
#include "emit/renderer.hpp"

namespace autogen::emit {

/// The `-- Key: value` header of a revision file.
struct RevisionHeader {
    std::string message;
    std::string id;                    // 12 lowercase hex characters
    std::vector<std::string> revises;  // empty for the first revision; two ids for a merge
    std::string create_date;           // "2026-11-23 10:30:00 UTC"
    std::string dialect;               // as core::to_string spells it
    std::string autogen_version;
    std::string transactional;         // "yes" | "no" | "N blocks"
    std::string schema_before;         // "sha256:<64 hex>"
    std::string schema_after;
    bool operator==(const RevisionHeader&) const = default;
};

/// A revision ready to be written: header, upgrade and downgrade SQL, and file name.
struct Revision {
    RevisionHeader header;
    std::string up;    // the upgrade section's SQL (Script::text())
    std::string down;  // the downgrade section's SQL
    std::string file_name;
};

/// What a new revision is made of; an explicit `rev_id` and `epoch` make the file reproducible.
struct RevisionRequest {
    std::string message;
    core::Dialect dialect = core::Dialect::sqlite;
    std::vector<std::string> revises;
    std::optional<std::string> rev_id;   // 12 lowercase hex; random when absent
    std::optional<std::int64_t> epoch;   // seconds since 1970 (SOURCE_DATE_EPOCH); the clock when absent
    std::string schema_before;           // schema_hash() of the canonical model before
    std::string schema_after;            // schema_hash() of the canonical model after
};

/// Which section of a revision file to show.
enum class Section { up, down };

/// One parsed file of a versions directory.
struct RevisionFile {
    std::string path;
    RevisionHeader header;
};

/// The revisions of a versions directory, checked to form one history (no duplicates, cycles or unknown parents).
struct History {
    std::vector<RevisionFile> files;  // sorted by file name
    /// The revisions no other revision revises, sorted by file name.
    std::vector<const RevisionFile*> heads() const;
    /// The single head, or nullptr for an empty directory; throws autogen::Error naming them for two or more heads.
    const RevisionFile* head() const;
};

/// "sha256:<hex>" of a canonical model's text, as the Schema-Before/After lines hold it.
std::string schema_hash(std::string_view canonical_model);

/// The message as ASCII [a-z0-9]+ words joined by '_', at most 40 characters ("revision" when none remain).
std::string slug(std::string_view message);

/// A random revision id: 12 lowercase hex characters.
std::string random_revision_id();

/// True for 12 lowercase hex characters.
bool is_revision_id(std::string_view id);

/// "2026-11-23 10:30:00 UTC" for seconds since 1970.
std::string format_create_date(std::int64_t epoch);

/// The Transactional header value of a section: "yes" (one transaction), "no" (none), or "N blocks".
std::string transactional_label(const Script& script);

/// Builds a revision from its request and rendered sections; throws autogen::Error(input) for a bad id or message.
Revision make_revision(const RevisionRequest& request, const Script& up, const Script& down);

/// The whole text of a revision file.
std::string render_revision(const Revision& revision);

/// Parses the header of a revision file's text; throws autogen::Error(input) at `origin` without a Revision ID.
RevisionHeader parse_revision_header(std::string_view text, const std::string& origin);

/// Reads every .sql file of a versions directory (none when it does not exist) and checks the history;
/// throws autogen::Error(input) naming the file for a missing id, a duplicate id, a cycle, an unknown
/// parent, or a Dialect other than `dialect`.
History read_versions(const std::string& directory, core::Dialect dialect);

/// Throws autogen::Error(input) when the database (whose canonical model hashes to `current_schema_hash`) still
/// matches the head's Schema-Before: the head was never applied, so a second revision would repeat it.
void check_head_applied(const History& history, const std::string& current_schema_hash);

/// Writes the revision into `directory` (created when missing) atomically: a temporary file in the same
/// directory, then a link or no-replace rename; an existing file is never overwritten. Returns the path.
std::string write_revision(const std::string& directory, const Revision& revision);

/// One section of a revision file's text, ready for the database's client; throws autogen::Error at `origin`
/// when the file has no such section.
std::string show_section(std::string_view text, Section section, const std::string& origin);

/// Reads a revision file and returns one of its sections (show_section).
std::string show_file(const std::string& path, Section section);

}  // namespace autogen::emit
