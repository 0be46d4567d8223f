// The evidence RPCs over real gRPC on 127.0.0.1: the submission service with
// a real SQLite file and evidence folder in a temp dir, the real scoring
// service for the rubrics, real stubs streaming real chunks.

#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "anju/v1/submission.grpc.pb.h"
#include "common/auth/access_gate.h"
#include "common/auth/credential_store.h"
#include "common/orgs/org_yaml.h"
#include "common/server.h"
#include "services/submission/audit_chain.h"
#include "services/submission/evidence_store.h"
#include "services/submission/scoring_client.h"
#include "services/submission/store.h"
#include "services/submission/submission_service.h"
#include "tests/scoring_service/requests.h"
#include "tests/scoring_service/scoring_fixture.h"
#include "tests/submission/evidence_test_files.h"
#include "tests/submission/test_store.h"

namespace anju::submission {
namespace {

namespace fs = std::filesystem;
using testing::FilesUnder;
using ::testing::HasSubstr;
using testing::kPdf;
using testing::PdfBytes;
using testing::PngBytes;

constexpr char kHongshan[] = "150402";
constexpr char kYuanbaoshan[] = "150403";
constexpr char kFundUse[] = "shanty.fund_use";
constexpr char kReserve[] = "shanty.project_reserve";
constexpr int64_t kLimit = 8 << 20;

v1::UploadEvidenceRequest::Header HeaderFor(const std::string& content,
                                            const std::string& indicator,
                                            const std::string& org = kHongshan,
                                            const std::string& type = kPdf) {
  v1::UploadEvidenceRequest::Header header;
  header.set_org(org);
  header.set_programme("shanty");
  header.set_year(2023);
  header.set_indicator_id(indicator);
  header.set_file_name("棚改资金使用情况.pdf");
  header.set_content_type(type);
  header.set_size_bytes(static_cast<int64_t>(content.size()));
  header.set_sha256(Sha256Hex(content));
  return header;
}

struct Downloaded {
  grpc::Status status;
  v1::Evidence evidence;
  std::string content;
  size_t largest_chunk = 0;
};

class EvidenceServiceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto scoring = anju::testing::ScoringServer::Start();
    ASSERT_TRUE(scoring.ok()) << scoring.status();
    scoring_ = scoring->release();
    auto tree = orgs::LoadOrgTreeFile(orgs::DefaultOrgTreePath());
    ASSERT_TRUE(tree.ok()) << tree.status();
    tree_ = tree->release();
  }
  static void TearDownTestSuite() {
    delete scoring_;
    delete tree_;
  }

  void SetUp() override {
    ASSERT_NE(scoring_, nullptr);
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::path(::testing::TempDir()) /
           absl::StrCat("anju_evidence_rpc_", info->name(), "_", ::getpid());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto store =
        anju::testing::OpenTestStore((dir_ / "submission.db").string());
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    EvidenceLimits limits;
    limits.max_bytes = kLimit;
    auto evidence =
        EvidenceStore::Open(evidence_dir().string(), store_.get(), limits);
    ASSERT_TRUE(evidence.ok()) << evidence.status();
    evidence_ = *std::move(evidence);
    client_ = NewGrpcScoringClient(scoring_->channel(), absl::Seconds(5));

    SubmissionDeps deps;
    deps.store = store_.get();
    deps.orgs = tree_;
    deps.scoring = client_.get();
    deps.evidence = evidence_.get();
    deps.workers = 2;
    Configure(deps);
    service_ = std::make_unique<SubmissionServiceImpl>(std::move(deps));
    auto runner = common::ServerRunner::Start({}, {service_.get()});
    ASSERT_TRUE(runner.ok()) << runner.status();
    runner_ = *std::move(runner);
    stub_ = v1::SubmissionService::NewStub(grpc::CreateChannel(
        runner_->address(), grpc::InsecureChannelCredentials()));
    CreateCampaign();
  }

  void TearDown() override {
    stub_.reset();
    runner_.reset();
    service_.reset();
    evidence_.reset();
    store_.reset();
    fs::remove_all(dir_);
  }

  fs::path evidence_dir() const { return dir_ / "evidence"; }

  // For fixtures that call as someone else than the anonymous region.
  virtual void Configure(SubmissionDeps& deps) {}

  void CreateCampaign() {
    v1::CreateCampaignRequest request;
    request.mutable_campaign()->set_year(2023);
    request.mutable_campaign()->add_programmes("shanty");
    request.mutable_campaign()->mutable_deadlines()->set_county_to_city(
        "2030-03-15T23:59:59+08:00");
    request.mutable_campaign()->mutable_deadlines()->set_city_to_region(
        "2030-03-31T23:59:59+08:00");
    grpc::ClientContext context;
    anju::testing::SetDeadline(&context);
    v1::Campaign campaign;
    grpc::Status s = stub_->CreateCampaign(&context, request, &campaign);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  // Sends `first` (normally the header), then `content` in `chunk` pieces.
  grpc::Status UploadMessages(const v1::UploadEvidenceRequest& first,
                              const std::string& content,
                              v1::Evidence* stored = nullptr,
                              size_t chunk = 1 << 20) {
    grpc::ClientContext context;
    anju::testing::SetDeadline(&context);
    v1::Evidence response;
    auto writer = stub_->UploadEvidence(&context, &response);
    bool open = writer->Write(first);
    for (size_t at = 0; open && at < content.size(); at += chunk) {
      v1::UploadEvidenceRequest message;
      message.set_chunk(content.substr(at, chunk));
      open = writer->Write(message);
    }
    writer->WritesDone();
    grpc::Status status = writer->Finish();
    if (stored != nullptr) *stored = response;
    return status;
  }

  grpc::Status Upload(const v1::UploadEvidenceRequest::Header& header,
                      const std::string& content,
                      v1::Evidence* stored = nullptr) {
    v1::UploadEvidenceRequest first;
    *first.mutable_header() = header;
    return UploadMessages(first, content, stored);
  }

  Downloaded Download(const std::string& org, const std::string& sha256) {
    v1::DownloadEvidenceRequest request;
    request.set_org(org);
    request.set_programme("shanty");
    request.set_year(2023);
    request.set_sha256(sha256);
    grpc::ClientContext context;
    anju::testing::SetDeadline(&context);
    auto reader = stub_->DownloadEvidence(&context, request);
    Downloaded got;
    v1::EvidenceChunk chunk;
    while (reader->Read(&chunk)) {
      if (chunk.has_evidence()) got.evidence = chunk.evidence();
      got.largest_chunk = std::max(got.largest_chunk, chunk.data().size());
      got.content += chunk.data();
    }
    got.status = reader->Finish();
    return got;
  }

  v1::ListEvidenceResponse List(const std::string& org) {
    v1::ListEvidenceRequest request;
    request.set_org(org);
    request.set_programme("shanty");
    request.set_year(2023);
    grpc::ClientContext context;
    anju::testing::SetDeadline(&context);
    v1::ListEvidenceResponse response;
    grpc::Status s = stub_->ListEvidence(&context, request, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return response;
  }

  // No blob, no temp file, no row. The server may still be dropping the
  // upload when the client hears of its end, so the folder gets a moment.
  void ExpectNothingLeft() {
    for (int i = 0; i < 100 && FilesUnder(evidence_dir()) > 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_EQ(FilesUnder(evidence_dir()), 0);
    EXPECT_EQ(List(kHongshan).evidence_size(), 0);
  }

  static inline anju::testing::ScoringServer* scoring_ = nullptr;
  static inline orgs::OrgTree* tree_ = nullptr;

  fs::path dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<EvidenceStore> evidence_;
  std::unique_ptr<ScoringClient> client_;
  std::unique_ptr<SubmissionServiceImpl> service_;
  std::unique_ptr<common::ServerRunner> runner_;
  std::unique_ptr<v1::SubmissionService::Stub> stub_;
};

TEST_F(EvidenceServiceTest, RoundTripOfAMultiMiBFileInChunks) {
  const std::string content = PdfBytes((5 << 20) + 12345);
  v1::Evidence stored;
  grpc::Status s = Upload(HeaderFor(content, kFundUse), content, &stored);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(stored.sha256(), Sha256Hex(content));
  EXPECT_EQ(stored.size_bytes(), static_cast<int64_t>(content.size()));
  EXPECT_EQ(stored.uploaded_by(), "anonymous");
  EXPECT_THAT(stored.upload_time(), HasSubstr("+08:00"));

  Downloaded got = Download(kHongshan, stored.sha256());
  ASSERT_TRUE(got.status.ok()) << got.status.error_message();
  EXPECT_EQ(got.evidence.file_name(), "棚改资金使用情况.pdf");
  EXPECT_EQ(got.evidence.indicator_id(), kFundUse);
  EXPECT_EQ(got.largest_chunk, 64u << 10);
  EXPECT_EQ(got.content.size(), content.size());
  EXPECT_TRUE(got.content == content);
  EXPECT_EQ(Sha256Hex(got.content), stored.sha256());
}

// A measurement, not a check: run with --gtest_also_run_disabled_tests.
TEST_F(EvidenceServiceTest, DISABLED_TimeAnUploadAndADownloadAtTheLimit) {
  const std::string content = PdfBytes(kLimit);
  const absl::Time start = absl::Now();
  ASSERT_TRUE(Upload(HeaderFor(content, kFundUse), content).ok());
  const absl::Time uploaded = absl::Now();
  ASSERT_TRUE(Download(kHongshan, Sha256Hex(content)).status.ok());
  const absl::Duration up = uploaded - start, down = absl::Now() - uploaded;
  std::cout << "upload " << SizeText(kLimit) << ": " << up << " ("
            << kLimit / absl::ToDoubleSeconds(up) / (1 << 20)
            << " MiB/s), download: " << down << " ("
            << kLimit / absl::ToDoubleSeconds(down) / (1 << 20) << " MiB/s)\n";
}

TEST_F(EvidenceServiceTest, SameContentTwiceIsOneBlobAndTwoRows) {
  const std::string content = PdfBytes(3 << 20);
  ASSERT_TRUE(Upload(HeaderFor(content, kReserve), content).ok());
  ASSERT_TRUE(Upload(HeaderFor(content, kFundUse), content).ok());
  EXPECT_EQ(FilesUnder(evidence_dir()), 1);
  v1::ListEvidenceResponse listed = List(kHongshan);
  ASSERT_EQ(listed.evidence_size(), 2);
  EXPECT_EQ(listed.evidence(0).indicator_id(), kFundUse);  // by indicator
  EXPECT_EQ(listed.evidence(1).indicator_id(), kReserve);
  EXPECT_EQ(listed.evidence(0).sha256(), listed.evidence(1).sha256());
}

TEST_F(EvidenceServiceTest, ConcurrentUploadsOfOneFileKeepOneBlob) {
  const std::string content = PdfBytes(2 << 20);
  const std::string indicators[] = {kFundUse, kFundUse, kReserve, kReserve};
  grpc::Status results[4];
  std::vector<std::thread> clients;
  for (int i = 0; i < 4; ++i) {
    clients.emplace_back([&, i] {
      results[i] = Upload(HeaderFor(content, indicators[i]), content);
    });
  }
  for (std::thread& client : clients) client.join();
  for (const grpc::Status& s : results)
    EXPECT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(FilesUnder(evidence_dir()), 1);
  EXPECT_EQ(List(kHongshan).evidence_size(), 2);  // one per indicator
}

TEST_F(EvidenceServiceTest, OverTheLimitLeavesNothing) {
  const std::string content = PdfBytes(kLimit + 1);
  grpc::Status declared = Upload(HeaderFor(content, kFundUse), content);
  EXPECT_EQ(declared.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(declared.error_message(), HasSubstr("size_bytes"));
  EXPECT_THAT(declared.error_message(),
              HasSubstr("佐证材料超过大小上限 8 MiB"));
  ExpectNothingLeft();

  // Declared small, streamed large: refused as soon as it overflows.
  v1::UploadEvidenceRequest::Header header = HeaderFor(content, kFundUse);
  header.set_size_bytes(1 << 20);
  grpc::Status streamed = Upload(header, content);
  EXPECT_EQ(streamed.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(streamed.error_message(), HasSubstr("size_bytes"));
  ExpectNothingLeft();
}

TEST_F(EvidenceServiceTest, ClientCancellingMidStreamLeavesNothing) {
  const std::string content = PdfBytes(6 << 20);
  grpc::ClientContext context;
  anju::testing::SetDeadline(&context);
  v1::Evidence response;
  auto writer = stub_->UploadEvidence(&context, &response);
  v1::UploadEvidenceRequest message;
  *message.mutable_header() = HeaderFor(content, kFundUse);
  ASSERT_TRUE(writer->Write(message));
  for (int i = 0; i < 3; ++i) {
    message.set_chunk(content.substr(i << 20, 1 << 20));
    ASSERT_TRUE(writer->Write(message));
  }
  // The chunks so far are in the temp file before the client goes.
  for (int i = 0; i < 100 && FilesUnder(evidence_dir() / "tmp") == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(FilesUnder(evidence_dir() / "tmp"), 1);
  context.TryCancel();
  EXPECT_EQ(writer->Finish().error_code(), grpc::StatusCode::CANCELLED);
  ExpectNothingLeft();
}

TEST_F(EvidenceServiceTest, WrongSha256LeavesNothing) {
  const std::string content = PdfBytes(2 << 20);
  v1::UploadEvidenceRequest::Header header = HeaderFor(content, kFundUse);
  header.set_sha256(Sha256Hex(PdfBytes(2 << 20, 'z')));
  grpc::Status s = Upload(header, content);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("sha256"));
  ExpectNothingLeft();
}

TEST_F(EvidenceServiceTest, TruncatedStreamLeavesNothing) {
  const std::string content = PdfBytes(2 << 20);
  grpc::Status s =
      Upload(HeaderFor(content, kFundUse), content.substr(0, 1500000));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("truncated"));
  ExpectNothingLeft();
}

TEST_F(EvidenceServiceTest, DisallowedTypeAndMismatchedContentAreRefused) {
  const std::string png = PngBytes(4000);
  grpc::Status html =
      Upload(HeaderFor(png, kFundUse, kHongshan, "text/html"), png);
  EXPECT_EQ(html.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(html.error_message(), HasSubstr("content_type"));

  grpc::Status as_pdf = Upload(HeaderFor(png, kFundUse, kHongshan, kPdf), png);
  EXPECT_EQ(as_pdf.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(as_pdf.error_message(), HasSubstr("PNG"));
  ExpectNothingLeft();
}

TEST_F(EvidenceServiceTest, UnknownIndicatorIsRefused) {
  const std::string content = PdfBytes(1000);
  grpc::Status s = Upload(HeaderFor(content, "shanty.no_such"), content);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("indicator_id"));
  ExpectNothingLeft();
}

TEST_F(EvidenceServiceTest, SubmittedReportTakesNoEvidence) {
  v1::EvaluateRequest full = anju::testing::ShantyRequest();
  v1::SaveDraftRequest draft;
  draft.set_org(kHongshan);
  draft.set_programme("shanty");
  draft.set_year(2023);
  for (const auto& [name, fact] : full.facts()) {
    if (name == "submitted_on_time" || name == "report_complete") continue;
    (*draft.mutable_facts())[name] = fact;
  }
  v1::Report report;
  {
    grpc::ClientContext context;
    anju::testing::SetDeadline(&context);
    ASSERT_TRUE(stub_->SaveDraft(&context, draft, &report).ok());
  }
  const std::string content = PdfBytes(1000);
  ASSERT_TRUE(Upload(HeaderFor(content, kFundUse), content).ok());  // draft
  {
    v1::SubmitReportRequest submit;
    submit.set_org(kHongshan);
    submit.set_programme("shanty");
    submit.set_year(2023);
    grpc::ClientContext context;
    anju::testing::SetDeadline(&context);
    grpc::Status s = stub_->SubmitReport(&context, submit, &report);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  const std::string late = PdfBytes(1000, 'q');
  grpc::Status s = Upload(HeaderFor(late, kReserve), late);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(FilesUnder(evidence_dir()), 1);
  EXPECT_EQ(List(kHongshan).evidence_size(), 1);
}

TEST_F(EvidenceServiceTest, AnotherOrgsHashIsNotFound) {
  const std::string content = PdfBytes(70000);
  ASSERT_TRUE(Upload(HeaderFor(content, kFundUse), content).ok());
  Downloaded other = Download(kYuanbaoshan, Sha256Hex(content));
  EXPECT_EQ(other.status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(other.content.empty());
  EXPECT_EQ(List(kYuanbaoshan).evidence_size(), 0);
  EXPECT_TRUE(Download(kHongshan, Sha256Hex(content)).status.ok());
}

TEST_F(EvidenceServiceTest, AStoredFileChangedOnDiskIsDataLoss) {
  const std::string content = PdfBytes(200000);
  ASSERT_TRUE(Upload(HeaderFor(content, kFundUse), content).ok());
  const std::string blob = evidence_->BlobPath(Sha256Hex(content));
  fs::resize_file(blob, 100000);
  Downloaded got = Download(kHongshan, Sha256Hex(content));
  EXPECT_EQ(got.status.error_code(), grpc::StatusCode::DATA_LOSS);
}

TEST_F(EvidenceServiceTest, TheHeaderComesFirstAndOnce) {
  const std::string content = PdfBytes(5000);
  v1::UploadEvidenceRequest chunk_first;
  chunk_first.set_chunk(content.substr(0, 100));
  grpc::Status s = UploadMessages(chunk_first, content);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("header"));

  // A second header among the chunks.
  v1::UploadEvidenceRequest header;
  *header.mutable_header() = HeaderFor(content, kFundUse);
  grpc::ClientContext context;
  anju::testing::SetDeadline(&context);
  v1::Evidence response;
  auto writer = stub_->UploadEvidence(&context, &response);
  writer->Write(header);
  writer->Write(header);
  writer->WritesDone();
  s = writer->Finish();
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("header"));
  ExpectNothingLeft();
}

// As Hongshan's county filer, through the real access policy.
class EvidenceAccessTest : public EvidenceServiceTest {
 protected:
  void Configure(SubmissionDeps& deps) override {
    auto credentials = auth::CredentialStore::Parse(
        absl::StrCat("credentials:\n  - id: hongshan-filer\n    role: "
                     "county_filer\n    org: \"150402\"\n    token_sha256: ",
                     Sha256Hex("token"), "\n"),
        "test", *tree_);
    ASSERT_TRUE(credentials.ok()) << credentials.status();
    auto policy = auth::AccessPolicy::LoadFile(auth::DefaultPolicyPath());
    ASSERT_TRUE(policy.ok()) << policy.status();
    auto gate = auth::AccessGate::Create(*std::move(credentials),
                                         *std::move(policy), tree_, {});
    ASSERT_TRUE(gate.ok()) << gate.status();
    gate_ = *std::move(gate);
    deps.gate = gate_.get();
    deps.caller = [](grpc::CallbackServerContext*) {
      auth::Caller caller;
      caller.principal = {"hongshan-filer", auth::Role::kCountyFiler,
                          kHongshan};
      caller.scope = auth::Scope::kOwnOrg;
      return absl::StatusOr<auth::Caller>(caller);
    };
  }

  std::unique_ptr<auth::AccessGate> gate_;
};

TEST_F(EvidenceAccessTest, ACountyFilerReachesOnlyItsOwnCounty) {
  const std::string content = PdfBytes(3000);
  v1::Evidence stored;
  ASSERT_TRUE(Upload(HeaderFor(content, kFundUse), content, &stored).ok());
  EXPECT_EQ(stored.uploaded_by(), "hongshan-filer");

  const std::string other = PdfBytes(3000, 'o');
  grpc::Status upload = Upload(HeaderFor(other, kFundUse, kYuanbaoshan), other);
  EXPECT_EQ(upload.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Download(kYuanbaoshan, Sha256Hex(content)).status.error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(FilesUnder(evidence_dir()), 1);
}

}  // namespace
}  // namespace anju::submission
