// The default patterns/, compiled once per test binary, for the fields tests.
#ifndef JIXIAO_TESTS_FIELDS_TEST_UTIL_H_
#define JIXIAO_TESTS_FIELDS_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <memory>

#include "fields/fields.h"
#include "fields/patterns.h"

namespace jixiao::testing {

inline const Patterns& LoadedPatterns() {
  static const std::shared_ptr<const Patterns> patterns = [] {
    auto loaded = LoadPatterns(DefaultPatternsDir());
    EXPECT_TRUE(loaded.has_value()) << loaded.error().message;
    return loaded.has_value() ? *loaded : nullptr;
  }();
  return *patterns;
}

}  // namespace jixiao::testing

#endif  // JIXIAO_TESTS_FIELDS_TEST_UTIL_H_
