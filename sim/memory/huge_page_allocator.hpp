// HugePageAllocator: a std::allocator for the few arrays that grow to tens of MB and are read at
// random (the appointment model's devices and people, the kernel's event chunks and slot words). It
// asks the kernel to back large blocks with 2 MiB transparent huge pages (madvise), so a random access
// costs no TLB miss: with 4 KiB pages the launch day's ~180 MB would span ~45,000 pages, far beyond
// the TLB. Small blocks, and systems without THP or with it disabled, get ordinary memory; the advice
// is only a hint and never changes results.
#pragma once
#include <cstddef>
#include <cstdint>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace slotrush {

inline constexpr std::size_t kHugePageBytes = std::size_t{2} << 20;

// Advises the kernel to use huge pages for the whole 2 MiB pages inside [p, p + bytes).
inline void advise_huge_pages(void* p, std::size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  const auto start = (reinterpret_cast<std::uintptr_t>(p) + kHugePageBytes - 1) & ~(kHugePageBytes - 1);
  const auto end = (reinterpret_cast<std::uintptr_t>(p) + bytes) & ~(kHugePageBytes - 1);
  if (end > start) madvise(reinterpret_cast<void*>(start), end - start, MADV_HUGEPAGE);
#else
  (void)p;
  (void)bytes;
#endif
}

template <class T>
struct HugePageAllocator {
  using value_type = T;
  // Blocks of at least this size are aligned to and advised as huge pages.
  static constexpr std::size_t kThreshold = 2 * kHugePageBytes;

  HugePageAllocator() = default;
  template <class U>
  constexpr HugePageAllocator(const HugePageAllocator<U>&) noexcept {}

  T* allocate(std::size_t n) {
    const std::size_t bytes = n * sizeof(T);
    if (bytes < kThreshold) return static_cast<T*>(::operator new(bytes, std::align_val_t{alignof(T)}));
    void* p = ::operator new(bytes, std::align_val_t{kHugePageBytes});
    advise_huge_pages(p, bytes);
    return static_cast<T*>(p);
  }
  void deallocate(T* p, std::size_t n) noexcept {
    const std::size_t bytes = n * sizeof(T);
    ::operator delete(p, bytes, std::align_val_t{bytes < kThreshold ? alignof(T) : kHugePageBytes});
  }
  template <class U>
  bool operator==(const HugePageAllocator<U>&) const noexcept { return true; }
};

}  // namespace slotrush
