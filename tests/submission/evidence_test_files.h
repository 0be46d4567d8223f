#ifndef ANJU_TESTS_SUBMISSION_EVIDENCE_TEST_FILES_H_
#define ANJU_TESTS_SUBMISSION_EVIDENCE_TEST_FILES_H_

// Files for the evidence tests and what an evidence folder holds, shared by
// the blob store's unit tests and the service's integration tests.

#include <filesystem>
#include <string>

#include "absl/strings/str_cat.h"

namespace anju::submission::testing {

inline constexpr char kPdf[] = "application/pdf";
inline constexpr char kPng[] = "image/png";

// `size` bytes starting as a PDF does; `seed` makes the content differ.
inline std::string PdfBytes(size_t size, char seed = 'a') {
  std::string bytes = "%PDF-1.7\n";
  bytes.reserve(size);
  for (size_t i = bytes.size(); bytes.size() < size; ++i) {
    bytes.push_back(static_cast<char>(seed + (i * 7) % 23));
  }
  bytes.resize(size);
  return bytes;
}

inline std::string PngBytes(size_t size) {
  std::string bytes("\x89PNG\r\n\x1A\n", 8);
  bytes.resize(size, '\x42');
  return bytes;
}

// Regular files under `dir`, recursively; 0 when it does not exist.
inline int FilesUnder(const std::filesystem::path& dir) {
  int files = 0;
  std::error_code error;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(dir, error)) {
    if (entry.is_regular_file()) ++files;
  }
  return files;
}

}  // namespace anju::submission::testing

#endif  // ANJU_TESTS_SUBMISSION_EVIDENCE_TEST_FILES_H_
