#include "cli/memory.hpp"

#include <cstdint>
#include <cstdlib>  // defines __GLIBC__ where the C library is glibc

#if defined(__GLIBC__) && defined(__linux__)
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace autogen::cli {

void use_huge_pages_for_heap() noexcept {
#if defined(__GLIBC__) && defined(__linux__)
    // A model of 10,000 tables is hundreds of MB of small allocations: faulting them in one 4 KB page at a time
    // cost about 15% of a whole `check` (measured at 1,000 tables on PostgreSQL and MariaDB). The heap is
    // reserved in one step (address space only: pages count once touched) and marked for huge pages once;
    // buffers up to 32 MB (glibc's limit) stay in it rather than in mmap'd blocks of their own. glibc's own switch for this
    // (GLIBC_TUNABLES=glibc.malloc.hugetlb=1) is read from the environment only.
    constexpr std::size_t reserve = std::size_t{1} << 30;
    constexpr std::uintptr_t huge_page = std::uintptr_t{2} << 20;
    if (mallopt(M_MMAP_THRESHOLD, 32 << 20) == 0 || mallopt(M_TOP_PAD, static_cast<int>(reserve)) == 0) return;
    // Static initializers have made a small heap already; a block bigger than what is left of it makes malloc
    // grow the heap now, by the block and the reserve, and the madvise covers the whole grown range.
    void* probe = std::malloc(std::size_t{1} << 20);
    if (probe == nullptr) return;
    const auto start = (reinterpret_cast<std::uintptr_t>(probe) + huge_page - 1) & ~(huge_page - 1);
    const auto end = reinterpret_cast<std::uintptr_t>(sbrk(0)) & ~(huge_page - 1);
    if (end > start) madvise(reinterpret_cast<void*>(start), end - start, MADV_HUGEPAGE);  // a refusal changes nothing
    std::free(probe);
#endif
}

}  // namespace autogen::cli
