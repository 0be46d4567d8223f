#ifndef ANJU_TESTS_REGISTRY_TABULAR_ZIP_BUILDER_H_
#define ANJU_TESTS_REGISTRY_TABULAR_ZIP_BUILDER_H_

// Builds a zip in memory with libzip, to hand-craft xlsx packages (and
// bad ones) for the reader's tests; and reads one entry of a zip back.

#include <zip.h>

#include <map>
#include <string>

#include "gtest/gtest.h"

namespace anju::registry::tabular {

// name → content; every entry deflated.
inline std::string BuildZip(const std::map<std::string, std::string>& files) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_source_keep(buffer);
  zip_t* zip = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  EXPECT_NE(zip, nullptr);
  for (const auto& [name, content] : files) {
    zip_source_t* file =
        zip_source_buffer(zip, content.data(), content.size(), 0);
    EXPECT_GE(zip_file_add(zip, name.c_str(), file, ZIP_FL_ENC_UTF_8), 0);
  }
  EXPECT_EQ(zip_close(zip), 0);
  std::string out;
  EXPECT_EQ(zip_source_open(buffer), 0);
  char chunk[65536];
  for (zip_int64_t n;
       (n = zip_source_read(buffer, chunk, sizeof(chunk))) > 0;) {
    out.append(chunk, static_cast<std::size_t>(n));
  }
  zip_source_close(buffer);
  zip_source_free(buffer);
  zip_error_fini(&error);
  return out;
}

// One entry of a zip; empty when absent.
inline std::string ZipEntry(const std::string& zip_bytes,
                            const std::string& name) {
  zip_source_t* source =
      zip_source_buffer_create(zip_bytes.data(), zip_bytes.size(), 0, nullptr);
  zip_t* zip = zip_open_from_source(source, ZIP_RDONLY, nullptr);
  if (zip == nullptr) return "";
  std::string out;
  if (zip_file_t* file = zip_fopen(zip, name.c_str(), 0)) {
    char chunk[65536];
    for (zip_int64_t n; (n = zip_fread(file, chunk, sizeof(chunk))) > 0;) {
      out.append(chunk, static_cast<std::size_t>(n));
    }
    zip_fclose(file);
  }
  zip_discard(zip);
  return out;
}

}  // namespace anju::registry::tabular

#endif  // ANJU_TESTS_REGISTRY_TABULAR_ZIP_BUILDER_H_
