// How the autogen process asks the kernel for memory.
#pragma once

namespace autogen::cli {

/// Backs the main heap with transparent huge pages where the kernel grants them on request (THP "madvise" mode);
/// does nothing elsewhere. Called once, first thing in main, before any other allocation of note.
void use_huge_pages_for_heap() noexcept;

}  // namespace autogen::cli
