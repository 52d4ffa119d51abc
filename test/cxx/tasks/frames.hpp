//===- frames.hpp - Count coroutine frame allocations -----------*- C++ -*-===//
//
// Part of coroslim's C++ test corpus (test/cxx/tasks/README.md).
//
//===----------------------------------------------------------------------===//
//
// Every promise type of the corpus derives from counted_frame, so a program
// can print `frames: N`, the number of coroutine frames that were really
// allocated. CoroElide (and coroslim's folding of suspend-free awaits in front
// of it) removes allocations, so the count may differ between builds; the
// matrix (test/cxx/run_cxx_matrix.py) ignores that one line and reports it.
//
//===----------------------------------------------------------------------===//
#ifndef COROSLIM_TEST_CXX_TASKS_FRAMES_HPP
#define COROSLIM_TEST_CXX_TASKS_FRAMES_HPP

#include <cstddef>
#include <new>

namespace cxxtest {

inline unsigned long frames_allocated = 0;

/// Base of a promise_type: the frame goes through these operators, which
/// count it. An elided frame never calls them.
struct counted_frame {
  static void *operator new(std::size_t size) {
    ++frames_allocated;
    return ::operator new(size);
  }
  static void operator delete(void *ptr, std::size_t size) noexcept {
    ::operator delete(ptr, size);
  }
};

} // namespace cxxtest

#endif
