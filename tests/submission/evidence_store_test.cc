// The evidence blob store against a real folder and a real SQLite file:
// content stored once, the limits, and that every failed upload leaves
// nothing behind (no blob, no temp file, no row).

#include "services/submission/evidence_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/submission/audit_chain.h"
#include "services/submission/store.h"
#include "tests/submission/evidence_test_files.h"
#include "tests/submission/test_store.h"

namespace anju::submission {
namespace {

namespace fs = std::filesystem;
using testing::FilesUnder;
using ::testing::HasSubstr;
using testing::kPdf;
using testing::kPng;
using testing::PdfBytes;
using testing::PngBytes;

const ReportKey kReport{"150402", "shanty", 2023};

class EvidenceStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::path(::testing::TempDir()) /
           absl::StrCat("anju_evidence_", info->name(), "_", ::getpid());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto store =
        anju::testing::OpenTestStore((dir_ / "submission.db").string());
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    limits_.max_bytes = 2 << 20;
    Reopen();
  }
  void TearDown() override {
    evidence_.reset();
    store_.reset();
    fs::remove_all(dir_);
  }

  void Reopen() {
    evidence_.reset();
    auto evidence = EvidenceStore::Open((dir_ / "evidence").string(),
                                        store_.get(), limits_);
    ASSERT_TRUE(evidence.ok()) << evidence.status();
    evidence_ = *std::move(evidence);
  }

  static DeclaredFile Declare(const std::string& content,
                              const std::string& type = kPdf) {
    return DeclaredFile{"证明材料.pdf", type,
                        static_cast<int64_t>(content.size()),
                        Sha256Hex(content)};
  }

  // Streams `content` in `chunk` pieces, then commits it to `indicator`.
  absl::StatusOr<v1::Evidence> Upload(
      const DeclaredFile& file, const std::string& content,
      const std::string& indicator = "shanty.fund_use",
      size_t chunk = 64 << 10) {
    auto upload = evidence_->StartUpload(file);
    if (!upload.ok()) return upload.status();
    for (size_t at = 0; at < content.size(); at += chunk) {
      if (auto s = (*upload)->Append(content.substr(at, chunk)); !s.ok()) {
        return s;
      }
    }
    v1::Evidence row;
    row.set_org(kReport.org);
    row.set_programme(kReport.programme);
    row.set_year(kReport.year);
    row.set_indicator_id(indicator);
    return evidence_->Commit(*std::move(upload), row,
                             Change{"hongshan-filer", absl::Now(), "upload"});
  }

  int Rows() {
    auto rows = store_->EvidenceFor(kReport);
    EXPECT_TRUE(rows.ok()) << rows.status();
    return rows.ok() ? static_cast<int>(rows->size()) : -1;
  }

  // Nothing of a failed upload: no file at all under the folder, no row.
  void ExpectNothingLeft() {
    EXPECT_EQ(FilesUnder(dir_ / "evidence"), 0);
    EXPECT_EQ(Rows(), 0);
  }

  fs::path dir_;
  EvidenceLimits limits_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<EvidenceStore> evidence_;
};

TEST_F(EvidenceStoreTest, SameContentIsStoredOnce) {
  const std::string content = PdfBytes(300000);
  auto first = Upload(Declare(content), content, "shanty.fund_use");
  ASSERT_TRUE(first.ok()) << first.status();
  auto second = Upload(Declare(content), content, "shanty.project_reserve");
  ASSERT_TRUE(second.ok()) << second.status();
  auto again = Upload(Declare(content), content, "shanty.fund_use");
  ASSERT_TRUE(again.ok()) << again.status();

  EXPECT_EQ(FilesUnder(dir_ / "evidence"), 1);
  EXPECT_TRUE(fs::exists(evidence_->BlobPath(Sha256Hex(content))));
  EXPECT_EQ(Rows(), 2);  // the repeat on fund_use is the same row
  EXPECT_EQ(again->upload_time(), first->upload_time());
  EXPECT_EQ(first->uploaded_by(), "hongshan-filer");
  EXPECT_EQ(first->size_bytes(), 300000);

  auto audit = store_->AuditLog();
  ASSERT_TRUE(audit.ok());
  ASSERT_EQ(audit->size(), 2u);
  EXPECT_THAT((*audit)[0].subject, HasSubstr("evidence/150402/shanty/2023/"));
  EXPECT_TRUE(VerifyAuditChain(store_->database()).ok());
}

TEST_F(EvidenceStoreTest, ListsByIndicatorThenUploadOrder) {
  const std::string a = PdfBytes(1000, 'a'), b = PdfBytes(1000, 'b'),
                    c = PdfBytes(1000, 'c');
  ASSERT_TRUE(Upload(Declare(a), a, "shanty.project_reserve").ok());
  ASSERT_TRUE(Upload(Declare(b), b, "shanty.fund_use").ok());
  ASSERT_TRUE(Upload(Declare(c), c, "shanty.fund_use").ok());
  auto rows = store_->EvidenceFor(kReport);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].sha256(), Sha256Hex(b));
  EXPECT_EQ((*rows)[1].sha256(), Sha256Hex(c));
  EXPECT_EQ((*rows)[2].sha256(), Sha256Hex(a));
  auto one = store_->EvidenceFor(kReport, "shanty.project_reserve");
  ASSERT_TRUE(one.ok());
  ASSERT_EQ(one->size(), 1u);
  EXPECT_TRUE(store_->FindEvidence(kReport, Sha256Hex(a)).ok());
  EXPECT_TRUE(absl::IsNotFound(
      store_->FindEvidence({"150403", "shanty", 2023}, Sha256Hex(a)).status()));
}

TEST_F(EvidenceStoreTest, DeclaredSizeOverTheLimitIsRefusedAtTheStart) {
  const std::string content = PdfBytes((2 << 20) + 1);
  auto upload = evidence_->StartUpload(Declare(content));
  ASSERT_FALSE(upload.ok());
  EXPECT_EQ(upload.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(upload.status().message(), HasSubstr("size_bytes"));
  EXPECT_THAT(upload.status().message(), HasSubstr("超过大小上限 2 MiB"));
  ExpectNothingLeft();
}

TEST_F(EvidenceStoreTest, MoreContentThanDeclaredIsRefusedBeforeWriting) {
  const std::string content = PdfBytes(200000);
  DeclaredFile file = Declare(content);
  file.size_bytes = 100000;
  auto row = Upload(file, content);
  EXPECT_EQ(row.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(row.status().message(), HasSubstr("size_bytes"));
  ExpectNothingLeft();
}

TEST_F(EvidenceStoreTest, ChecksumMismatchLeavesNothing) {
  const std::string content = PdfBytes(100000);
  DeclaredFile file = Declare(content);
  file.sha256 = Sha256Hex("something else");
  auto row = Upload(file, content);
  EXPECT_EQ(row.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(row.status().message(), HasSubstr("sha256"));
  ExpectNothingLeft();
}

TEST_F(EvidenceStoreTest, TruncatedUploadLeavesNothing) {
  const std::string content = PdfBytes(100000);
  auto row = Upload(Declare(content), content.substr(0, 60000));
  EXPECT_EQ(row.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(row.status().message(), HasSubstr("truncated"));
  ExpectNothingLeft();

  // A client gone mid-stream: the upload is dropped without a commit.
  auto upload = evidence_->StartUpload(Declare(content));
  ASSERT_TRUE(upload.ok());
  ASSERT_TRUE((*upload)->Append(content.substr(0, 5000)).ok());
  EXPECT_EQ(FilesUnder(dir_ / "evidence" / "tmp"), 1);
  upload->reset();
  ExpectNothingLeft();
}

TEST_F(EvidenceStoreTest, RefusedRowRemovesTheBlobItPlaced) {
  v1::Report submitted;
  submitted.set_org(kReport.org);
  submitted.set_programme(kReport.programme);
  submitted.set_year(kReport.year);
  submitted.set_version(1);
  submitted.set_state(v1::REPORT_STATE_SUBMITTED_TO_CITY);
  ASSERT_TRUE(store_->WriteReport(submitted, "", {"t", absl::Now(), "t"}).ok());
  const std::string content = PdfBytes(5000);
  auto row = Upload(Declare(content), content);
  EXPECT_EQ(row.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(row.status().message(), HasSubstr("submitted_to_city"));
  ExpectNothingLeft();
}

TEST_F(EvidenceStoreTest, OpenRemovesStaleTempFilesAndUnreferencedBlobs) {
  const std::string kept = PdfBytes(4000, 'k');
  ASSERT_TRUE(Upload(Declare(kept), kept).ok());
  std::ofstream(dir_ / "evidence" / "tmp" / "upload-crash1") << "half";
  std::ofstream(dir_ / "evidence" / "tmp" / "upload-crash2") << "half";
  // A blob placed by an upload that crashed before its row committed.
  const std::string orphan = Sha256Hex("orphan");
  fs::create_directories(dir_ / "evidence" / orphan.substr(0, 2));
  std::ofstream(evidence_->BlobPath(orphan)) << "orphan";

  Reopen();
  EXPECT_EQ(evidence_->stale_temp_files_removed(), 2);
  EXPECT_EQ(evidence_->unreferenced_blobs_removed(), 1);
  EXPECT_EQ(FilesUnder(dir_ / "evidence"), 1);
  EXPECT_TRUE(fs::exists(evidence_->BlobPath(Sha256Hex(kept))));
}

// Replicas sharing the folder: a young temp file or unreferenced blob may be
// another replica's upload in progress, so the sweeps at start spare it;
// an old one is a crash's leftover and goes.
TEST_F(EvidenceStoreTest, ASharedFolderSparesYoungFilesOfOtherReplicas) {
  limits_.spare_younger_than = absl::Hours(1);
  const fs::path tmp = dir_ / "evidence" / "tmp";
  std::ofstream(tmp / "upload-live") << "half";
  std::ofstream(tmp / "upload-crash") << "half";
  const std::string live = Sha256Hex("live"), crashed = Sha256Hex("crashed");
  for (const std::string& sha : {live, crashed}) {
    fs::create_directories(dir_ / "evidence" / sha.substr(0, 2));
    std::ofstream(evidence_->BlobPath(sha)) << sha;
  }
  const auto two_hours_ago =
      fs::file_time_type::clock::now() - std::chrono::hours(2);
  fs::last_write_time(tmp / "upload-crash", two_hours_ago);
  fs::last_write_time(evidence_->BlobPath(crashed), two_hours_ago);

  Reopen();
  EXPECT_EQ(evidence_->stale_temp_files_removed(), 1);
  EXPECT_EQ(evidence_->unreferenced_blobs_removed(), 1);
  EXPECT_TRUE(fs::exists(tmp / "upload-live"));
  EXPECT_FALSE(fs::exists(tmp / "upload-crash"));
  EXPECT_TRUE(fs::exists(evidence_->BlobPath(live)));
  EXPECT_FALSE(fs::exists(evidence_->BlobPath(crashed)));
}

TEST_F(EvidenceStoreTest, BadFileNamesAreRefused) {
  const std::string content = PdfBytes(1000);
  for (const std::string& name :
       {std::string(""), std::string("a/b.pdf"), std::string("..\\x.pdf"),
        std::string("a\0b.pdf", 7), std::string("line\nbreak.pdf"),
        std::string("\xC2\x85next.pdf"), std::string("bad\xFF.pdf"),
        std::string(256, 'x'), std::string("..")}) {
    DeclaredFile file = Declare(content);
    file.file_name = name;
    auto upload = evidence_->StartUpload(file);
    ASSERT_FALSE(upload.ok()) << name;
    EXPECT_EQ(upload.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(upload.status().message(), HasSubstr("file_name")) << name;
  }
  DeclaredFile longest = Declare(content);
  longest.file_name = std::string(251, 'x') + ".pdf";
  EXPECT_TRUE(evidence_->StartUpload(longest).ok());
  ExpectNothingLeft();
}

TEST_F(EvidenceStoreTest, TypeMustBeAllowedAndMatchTheContent) {
  const std::string png = PngBytes(3000);
  auto refused = Upload(Declare(png, "text/html"), png);
  EXPECT_THAT(refused.status().message(), HasSubstr("content_type"));

  auto mismatch = Upload(Declare(png, kPdf), png);
  EXPECT_EQ(mismatch.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(mismatch.status().message(), HasSubstr("PNG"));
  ExpectNothingLeft();

  // The signature may arrive a byte at a time.
  auto accepted = Upload(Declare(png, kPng), png, "shanty.fund_use", 1);
  EXPECT_TRUE(accepted.ok()) << accepted.status();

  // Shorter than its type's signature: refused at the end.
  const std::string tiny("\x89P", 2);
  auto short_png = Upload(Declare(tiny, kPng), tiny);
  EXPECT_THAT(short_png.status().message(), HasSubstr("content_type"));
}

TEST_F(EvidenceStoreTest, ChunksOverOneMiBAndBadHashesAreRefused) {
  const std::string content = PdfBytes((1 << 20) + 1);
  auto row = Upload(Declare(content), content, "shanty.fund_use", 1 << 21);
  EXPECT_THAT(row.status().message(), HasSubstr("chunk"));
  DeclaredFile upper = Declare(content);
  upper.sha256 = absl::AsciiStrToUpper(upper.sha256);
  EXPECT_THAT(evidence_->StartUpload(upper).status().message(),
              HasSubstr("sha256"));
  ExpectNothingLeft();
}

}  // namespace
}  // namespace anju::submission
