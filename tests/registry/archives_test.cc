// Archives (档案) over a real socket: a photo streamed in chunks and read
// back, data-only records, a project's archive complete once every type
// its programme requires is present, and uploads that must leave nothing
// behind (corrupt, truncated, oversize, mistyped, cancelled).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "common/blobs/sha256_stream.h"
#include "tests/registry/registry_harness.h"
#include "tests/registry/sample_projects.h"

namespace anju::registry {
namespace {

using testing::Context;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::SampleProject;

std::string Sha256Hex(const std::string& bytes) {
  blobs::Sha256Stream sha;
  sha.Update(bytes);
  return sha.HexDigest();
}

std::string PngBytes(size_t size, char fill = '\x42') {
  std::string bytes("\x89PNG\r\n\x1A\n", 8);
  bytes.resize(size, fill);
  return bytes;
}

// Regular files under `dir`, recursively.
int FilesUnder(const std::filesystem::path& dir) {
  int files = 0;
  std::error_code error;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(dir, error)) {
    if (entry.is_regular_file()) ++files;
  }
  return files;
}

class ArchivesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RegistryDeps deps;
    deps.limits.max_archive_records = 8;
    auto harness = testing::RegistryHarness::Start(
        ::testing::UnitTest::GetInstance()->current_test_info()->name(),
        std::move(deps));
    ASSERT_TRUE(harness.ok()) << harness.status();
    h_ = *std::move(harness);
    v1::CreateProjectRequest request;
    *request.mutable_project() = SampleProject("150402", "oldcomm", "小区");
    ASSERT_TRUE(
        h_->stub().CreateProject(Context().get(), request, &project_).ok());
  }

  // Sends the header and `content` in `chunk`-byte pieces.
  grpc::Status Upload(const v1::UploadArchiveRequest::Header& header,
                      const std::string& content, v1::ArchiveRecord* record,
                      size_t chunk = 64 * 1024) {
    auto context = Context();
    auto writer = h_->stub().UploadArchive(context.get(), record);
    v1::UploadArchiveRequest message;
    *message.mutable_header() = header;
    if (!writer->Write(message)) return writer->Finish();
    for (size_t at = 0; at < content.size(); at += chunk) {
      message.set_chunk(content.substr(at, chunk));
      if (!writer->Write(message)) break;
    }
    writer->WritesDone();
    return writer->Finish();
  }

  v1::UploadArchiveRequest::Header Photo(v1::ArchiveType type,
                                         const std::string& content) {
    v1::UploadArchiveRequest::Header header;
    header.set_project_id(project_.id());
    header.set_type(type);
    header.set_title("改造前照片");
    header.set_file_name("before.png");
    header.set_content_type("image/png");
    header.set_size_bytes(static_cast<int64_t>(content.size()));
    header.set_sha256(Sha256Hex(content));
    return header;
  }

  v1::ListArchiveResponse List() {
    v1::ListArchiveRequest request;
    request.set_project_id(project_.id());
    v1::ListArchiveResponse response;
    grpc::Status s =
        h_->stub().ListArchive(Context().get(), request, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return response;
  }

  int StoredFiles() { return FilesUnder(h_->dir() / "archives"); }

  std::unique_ptr<testing::RegistryHarness> h_;
  v1::ReserveProject project_;
};

TEST_F(ArchivesTest, PhotoRoundTripAndCompleteness) {
  const std::string photo = PngBytes(200 * 1024);
  v1::ArchiveRecord record;
  grpc::Status s =
      Upload(Photo(v1::ARCHIVE_TYPE_BEFORE_AFTER, photo), photo, &record);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(record.sha256(), Sha256Hex(photo));
  EXPECT_EQ(record.size_bytes(), 200 * 1024);
  EXPECT_EQ(record.uploaded_by(), "anonymous");

  v1::DownloadArchiveRequest download;
  download.set_project_id(project_.id());
  download.set_sha256(record.sha256());
  auto context = Context();
  auto reader = h_->stub().DownloadArchive(context.get(), download);
  v1::ArchiveChunk chunk;
  std::string got;
  bool first = true;
  while (reader->Read(&chunk)) {
    EXPECT_EQ(chunk.has_record(), first);
    first = false;
    got += chunk.data();
  }
  ASSERT_TRUE(reader->Finish().ok());
  EXPECT_EQ(got, photo);

  // Incomplete: four of the five oldcomm types are missing.
  v1::ListArchiveResponse listed = List();
  EXPECT_FALSE(listed.complete());
  EXPECT_EQ(listed.required_types_size(), 5);
  EXPECT_THAT(
      listed.missing_types(),
      ElementsAre(v1::ARCHIVE_TYPE_BASIC_INFO,
                  v1::ARCHIVE_TYPE_RESIDENT_WILLINGNESS,
                  v1::ARCHIVE_TYPE_RENOVATION_PLAN, v1::ARCHIVE_TYPE_PROGRESS));
  // Data-only records fill the rest.
  for (v1::ArchiveType type :
       {v1::ARCHIVE_TYPE_BASIC_INFO, v1::ARCHIVE_TYPE_RESIDENT_WILLINGNESS,
        v1::ARCHIVE_TYPE_RENOVATION_PLAN, v1::ARCHIVE_TYPE_PROGRESS}) {
    v1::UploadArchiveRequest::Header header;
    header.set_project_id(project_.id());
    header.set_type(type);
    (*header.mutable_data())["完成投资比例"] = "45%";
    ASSERT_TRUE(Upload(header, "", &record).ok());
    EXPECT_TRUE(record.sha256().empty());
  }
  listed = List();
  EXPECT_TRUE(listed.complete());
  EXPECT_EQ(listed.missing_types_size(), 0);
  EXPECT_EQ(listed.records_size(), 5);
  EXPECT_EQ(listed.records(0).type(), v1::ARCHIVE_TYPE_BASIC_INFO);  // by type
  v1::GetProjectRequest get;
  get.set_id(project_.id());
  v1::ReserveProject read;
  ASSERT_TRUE(h_->stub().GetProject(Context().get(), get, &read).ok());
  EXPECT_EQ(read.missing_archive_types_size(), 0);
}

TEST_F(ArchivesTest, BadUploadsLeaveNothing) {
  const std::string photo = PngBytes(100 * 1024);
  v1::ArchiveRecord record;
  // Corrupt in transit: the checksum does not match.
  v1::UploadArchiveRequest::Header header =
      Photo(v1::ARCHIVE_TYPE_PROGRESS, photo);
  std::string corrupt = photo;
  corrupt[5000] ^= 1;
  grpc::Status s = Upload(header, corrupt, &record);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("sha256"));
  // Truncated.
  s = Upload(header, photo.substr(0, 50000), &record);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("size_bytes"));
  // Longer than declared.
  s = Upload(header, photo + "x", &record);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  // A PDF declared as a PNG.
  std::string pdf = "%PDF-1.7\n" + std::string(1000, 'p');
  s = Upload(Photo(v1::ARCHIVE_TYPE_PROGRESS, pdf), pdf, &record);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("content_type"));
  // Over the size limit (1 MiB in the harness), refused at the header.
  const std::string big = PngBytes((1 << 20) + 1);
  s = Upload(Photo(v1::ARCHIVE_TYPE_PROGRESS, big), big, &record);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(s.error_message(), HasSubstr("header.size_bytes"));
  // No type; an unknown project; chunks for a data-only record.
  header.set_type(v1::ARCHIVE_TYPE_UNSPECIFIED);
  EXPECT_EQ(Upload(header, photo, &record).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  header = Photo(v1::ARCHIVE_TYPE_PROGRESS, photo);
  header.set_project_id("P-150402-999999");
  EXPECT_EQ(Upload(header, photo, &record).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::UploadArchiveRequest::Header data_only;
  data_only.set_project_id(project_.id());
  data_only.set_type(v1::ARCHIVE_TYPE_PROGRESS);
  data_only.set_title("进度");
  EXPECT_EQ(Upload(data_only, "stray", &record).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  // A client that gives up half-way.
  {
    auto context = Context();
    v1::ArchiveRecord ignored;
    auto writer = h_->stub().UploadArchive(context.get(), &ignored);
    v1::UploadArchiveRequest message;
    *message.mutable_header() = Photo(v1::ARCHIVE_TYPE_PROGRESS, photo);
    writer->Write(message);
    message.set_chunk(photo.substr(0, 10000));
    writer->Write(message);
    context->TryCancel();
    EXPECT_FALSE(writer->Finish().ok());
  }
  // Let the worker notice the cancellation before counting.
  for (int i = 0; i < 50 && StoredFiles() > 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(StoredFiles(), 0);
  EXPECT_EQ(List().records_size(), 0);

  // The same content twice is stored once.
  ASSERT_TRUE(
      Upload(Photo(v1::ARCHIVE_TYPE_PROGRESS, photo), photo, &record).ok());
  ASSERT_TRUE(
      Upload(Photo(v1::ARCHIVE_TYPE_BEFORE_AFTER, photo), photo, &record).ok());
  EXPECT_EQ(StoredFiles(), 1);
  EXPECT_EQ(List().records_size(), 2);
}

TEST_F(ArchivesTest, RecordsPerProjectAreBounded) {
  v1::UploadArchiveRequest::Header header;
  header.set_project_id(project_.id());
  header.set_type(v1::ARCHIVE_TYPE_PROGRESS);
  header.set_title("进度");
  v1::ArchiveRecord record;
  for (int i = 0; i < 8; ++i) ASSERT_TRUE(Upload(header, "", &record).ok());
  grpc::Status s = Upload(header, "", &record);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("8"));
  EXPECT_EQ(List().records_size(), 8);
  // Oversized data is refused by name.
  v1::UploadArchiveRequest::Header big;
  big.set_project_id(project_.id());
  big.set_type(v1::ARCHIVE_TYPE_PROGRESS);
  (*big.mutable_data())["说明"] = std::string(5000, 'x');
  s = Upload(big, "", &record);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("header.data"));
}

TEST_F(ArchivesTest, DownloadOnlyOfThisProject) {
  v1::DownloadArchiveRequest download;
  download.set_project_id(project_.id());
  download.set_sha256(std::string(64, 'a'));
  auto context = Context();
  auto reader = h_->stub().DownloadArchive(context.get(), download);
  v1::ArchiveChunk chunk;
  while (reader->Read(&chunk)) {
  }
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::NOT_FOUND);
  download.set_sha256("../../etc/passwd");
  auto context2 = Context();
  auto reader2 = h_->stub().DownloadArchive(context2.get(), download);
  while (reader2->Read(&chunk)) {
  }
  EXPECT_EQ(reader2->Finish().error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

}  // namespace
}  // namespace anju::registry
