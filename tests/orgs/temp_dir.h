#ifndef ANJU_TESTS_ORGS_TEMP_DIR_H_
#define ANJU_TESTS_ORGS_TEMP_DIR_H_

// A fresh directory under the test's temporary directory, removed with its
// files at the end of the test.

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "gtest/gtest.h"

namespace anju::orgs {

class TempDir {
 public:
  TempDir() {
    std::string pattern = testing::TempDir() + "anju-orgs-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed";
    path_ = pattern;
  }
  ~TempDir() { std::filesystem::remove_all(path_); }

  const std::string& path() const { return path_; }

  std::string Write(const std::string& name, const std::string& text) const {
    const std::string file = path_ + "/" + name;
    std::ofstream(file, std::ios::binary) << text;
    return file;
  }

 private:
  std::string path_;
};

}  // namespace anju::orgs

#endif  // ANJU_TESTS_ORGS_TEMP_DIR_H_
