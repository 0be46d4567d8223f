// Every outgoing gRPC call of the suite has a deadline (issue 7, item 3):
// a scan of the sources for each grpc::ClientContext the code makes. The
// deadline is set on the next lines, or by a helper of the same file
// (PrepareCall, NewContext) that sets it itself. A context made without one
// fails this test, naming the file and the line.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

namespace anju::limits {
namespace {

std::vector<std::string> Lines(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

bool SetsDeadlineWithin(const std::vector<std::string>& lines, size_t from,
                        size_t count) {
  for (size_t i = from; i < lines.size() && i < from + count; ++i) {
    if (lines[i].find("set_deadline(") != std::string::npos) return true;
  }
  return false;
}

// Helpers of this file that take a ClientContext and set its deadline, e.g.
// `void PrepareCall(grpc::ClientContext* context) const {`.
std::vector<std::string> DeadlineHelpers(
    const std::vector<std::string>& lines) {
  static const std::regex helper(
      R"re((\w+)\(grpc::ClientContext\* \w+\)[^;]*\{)re");
  std::vector<std::string> names;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::smatch match;
    if (std::regex_search(lines[i], match, helper) &&
        SetsDeadlineWithin(lines, i + 1, 3)) {
      names.push_back(match[1]);
    }
  }
  return names;
}

// The places in `path` that make a context and leave it without a deadline.
std::vector<std::string> ContextsWithoutDeadline(
    const std::filesystem::path& path, int* contexts) {
  static const std::regex made(
      R"re(grpc::ClientContext \w+;|make_unique<grpc::ClientContext>\(\))re");
  const std::vector<std::string> lines = Lines(path);
  const std::vector<std::string> helpers = DeadlineHelpers(lines);
  std::vector<std::string> missing;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (!std::regex_search(lines[i], made)) continue;
    ++*contexts;
    if (SetsDeadlineWithin(lines, i, 4)) continue;
    bool helped = false;
    for (size_t j = i + 1; j < lines.size() && j < i + 4; ++j) {
      for (const std::string& name : helpers) {
        helped |= lines[j].find(name + "(") != std::string::npos;
      }
    }
    if (!helped) missing.push_back(path.string() + ":" + std::to_string(i + 1));
  }
  return missing;
}

TEST(DeadlinesTest, EveryOutgoingCallOfTheServicesAndTheCliHasADeadline) {
  std::vector<std::string> missing;
  int contexts = 0;
  for (const char* dir : {"services", "common", "cli"}) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(
             std::filesystem::path(ANJU_SOURCE_DIR) / dir)) {
      const std::string ext = entry.path().extension().string();
      if (ext != ".cc" && ext != ".h") continue;
      for (std::string& m : ContextsWithoutDeadline(entry.path(), &contexts)) {
        missing.push_back(std::move(m));
      }
    }
  }
  // The scan found the clients (submission → scoring and registry, scoring
  // → submission, notification → submission, anjuctl).
  EXPECT_GE(contexts, 6);
  EXPECT_THAT(missing, ::testing::IsEmpty())
      << "grpc::ClientContext without set_deadline: every outgoing call "
         "needs one (a hung peer must not hang the caller)";
}

// The scan itself: a context without a deadline is found.
TEST(DeadlinesTest, TheScanFindsAContextWithoutADeadline) {
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() / "anju_deadline_scan_test.cc";
  std::ofstream(path) << "void F() {\n  grpc::ClientContext context;\n"
                         "  stub->Get(&context, request, &response);\n}\n"
                         "void G() {\n  grpc::ClientContext context;\n"
                         "  context.set_deadline(d);\n}\n";
  int contexts = 0;
  EXPECT_THAT(ContextsWithoutDeadline(path, &contexts),
              ::testing::ElementsAre(path.string() + ":2"));
  EXPECT_EQ(contexts, 2);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace anju::limits
