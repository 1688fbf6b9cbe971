// How the autogen process asks the kernel for memory.
#pragma once

namespace autogen::cli {

/// Keeps one malloc arena for all threads and backs the heap with transparent huge pages where the kernel grants
/// them on request (THP "madvise" mode); does nothing outside glibc. Called once, first thing in main.
void use_huge_pages_for_heap() noexcept;

}  // namespace autogen::cli
