// The evidence RPCs (佐证材料) of SubmissionServiceImpl. Uploads and
// downloads are streams on gRPC's callback API: a reactor does no blocking
// work on gRPC's thread. Every step that touches the disk, SQLite or the
// scoring service (checking the header, writing a chunk, committing,
// reading a chunk) runs on the service's worker pool, and the reactor asks
// for the next message only when that step is done. So an upload holds at
// most one chunk in memory, and a slow disk slows its own client only.

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "services/submission/evidence_hash.h"
#include "services/submission/submission_service.h"

namespace anju::submission {
namespace {

constexpr size_t kDownloadChunkBytes = 64 * 1024;
constexpr char kUploadAction[] = "upload_evidence";

absl::Status Invalid(absl::string_view field, absl::string_view rule) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", rule));
}

absl::Status NoEvidenceStore() {
  return absl::FailedPreconditionError(
      "evidence: 本服务未配置佐证材料存储 (this service runs without evidence "
      "storage)");
}

}  // namespace

class SubmissionServiceImpl::UploadReactor
    : public grpc::ServerReadReactor<v1::UploadEvidenceRequest> {
 public:
  UploadReactor(SubmissionServiceImpl* service,
                grpc::CallbackServerContext* context, v1::Evidence* response,
                absl::StatusOr<auth::Caller> caller)
      : service_(service), context_(context), response_(response) {
    if (!caller.ok()) {
      Finish(common::ToGrpcStatus(caller.status()));
      return;
    }
    caller_ = *std::move(caller);
    StartRead(&request_);
  }

  void OnReadDone(bool ok) override {
    // !ok: the client closed its side (or the call is gone): commit or drop.
    service_->PostWork(ok ? std::function<void()>([this] { Take(); })
                          : std::function<void()>([this] { Complete(); }));
  }

  void OnDone() override { delete this; }

 private:
  // On a worker: the message that has arrived.
  void Take() {
    absl::Status s = upload_ == nullptr ? Begin() : Append();
    if (!s.ok()) return Fail(s);
    StartRead(&request_);  // last: OnReadDone may run at once elsewhere
  }

  absl::Status Begin() {
    if (!request_.has_header()) {
      return Invalid("header",
                     "上传的第一条消息须为 header (the first message must be "
                     "the header)");
    }
    auto started = service_->DoStartUpload(caller_, request_.header());
    if (!started.ok()) return started.status();
    upload_ = std::move(started->first);
    row_ = std::move(started->second);
    return absl::OkStatus();
  }

  absl::Status Append() {
    if (request_.has_header()) {
      return Invalid("header",
                     "header 只能是第一条消息 (only the first message may be "
                     "the header)");
    }
    return upload_->Append(request_.chunk());
  }

  void Complete() {
    if (context_->IsCancelled()) {
      return Fail(
          absl::CancelledError("上传已取消 (the upload was cancelled)"));
    }
    if (upload_ == nullptr) {
      return Fail(Invalid("header", "missing: the stream ended before it"));
    }
    absl::StatusOr<v1::Evidence> row = service_->deps_.evidence->Commit(
        std::move(upload_), row_,
        Change{caller_.principal.id, service_->deps_.clock(), kUploadAction});
    if (!row.ok()) return Fail(row.status());
    *response_ = *std::move(row);
    Finish(grpc::Status::OK);
  }

  // The temp file goes before the client hears of the failure.
  void Fail(const absl::Status& status) {
    upload_.reset();
    Finish(common::ToGrpcStatus(status));
  }

  SubmissionServiceImpl* const service_;
  grpc::CallbackServerContext* const context_;
  v1::Evidence* const response_;
  auth::Caller caller_;
  v1::UploadEvidenceRequest request_;
  std::unique_ptr<EvidenceUpload> upload_;  // after the header
  v1::Evidence row_;                        // the report and indicator
};

class SubmissionServiceImpl::DownloadReactor
    : public grpc::ServerWriteReactor<v1::EvidenceChunk> {
 public:
  DownloadReactor(SubmissionServiceImpl* service,
                  const v1::DownloadEvidenceRequest* request,
                  absl::StatusOr<auth::Caller> caller)
      : service_(service), request_(request) {
    if (!caller.ok()) {
      Finish(common::ToGrpcStatus(caller.status()));
      return;
    }
    caller_ = *std::move(caller);
    service_->PostWork([this] { Open(); });
  }

  void OnWriteDone(bool ok) override {
    if (!ok) {  // the client went away
      Finish(grpc::Status(grpc::StatusCode::CANCELLED, "download cancelled"));
      return;
    }
    chunk_.clear_evidence();
    service_->PostWork([this] { SendNext(); });
  }

  void OnDone() override { delete this; }

 private:
  void Open() {
    absl::StatusOr<v1::Evidence> evidence =
        service_->DoFindEvidence(caller_, *request_);
    if (!evidence.ok()) return Fail(evidence.status());
    absl::StatusOr<EvidenceBlob> blob =
        service_->deps_.evidence->OpenBlob(evidence->sha256());
    if (!blob.ok()) {
      return Fail(absl::IsNotFound(blob.status())
                      ? absl::DataLossError(blob.status().message())
                      : blob.status());
    }
    blob_ = std::make_unique<EvidenceBlob>(*std::move(blob));
    *chunk_.mutable_evidence() = *std::move(evidence);
    SendNext();
  }

  // On a worker: the next chunk, or the end once the content is checked
  // against its name (a blob changed on disk is DATA_LOSS, not served as
  // if it were intact; the client has its bytes but learns they are bad).
  void SendNext() {
    absl::StatusOr<std::string> data = blob_->Read(kDownloadChunkBytes);
    if (!data.ok()) return Fail(data.status());
    if (data->empty()) {
      if (sha256_.HexDigest() != request_->sha256()) {
        return Fail(absl::DataLossError(absl::StrCat(
            "sha256: 存储的佐证材料已损坏 (the stored file no longer matches "
            "its SHA-256 ",
            request_->sha256(), ")")));
      }
      return Finish(grpc::Status::OK);
    }
    sha256_.Update(*data);
    chunk_.set_data(*std::move(data));
    StartWrite(&chunk_);
  }

  void Fail(const absl::Status& status) {
    Finish(common::ToGrpcStatus(status));
  }

  SubmissionServiceImpl* const service_;
  const v1::DownloadEvidenceRequest* const request_;
  auth::Caller caller_;
  std::unique_ptr<EvidenceBlob> blob_;
  Sha256Stream sha256_;
  v1::EvidenceChunk chunk_;
};

grpc::ServerReadReactor<v1::UploadEvidenceRequest>*
SubmissionServiceImpl::UploadEvidence(grpc::CallbackServerContext* context,
                                      v1::Evidence* response) {
  return new UploadReactor(this, context, response, deps_.caller(context));
}

grpc::ServerWriteReactor<v1::EvidenceChunk>*
SubmissionServiceImpl::DownloadEvidence(
    grpc::CallbackServerContext* context,
    const v1::DownloadEvidenceRequest* request) {
  return new DownloadReactor(this, request, deps_.caller(context));
}

absl::StatusOr<std::pair<std::unique_ptr<EvidenceUpload>, v1::Evidence>>
SubmissionServiceImpl::DoStartUpload(
    const auth::Caller& caller,
    const v1::UploadEvidenceRequest::Header& header) {
  if (deps_.evidence == nullptr) return NoEvidenceStore();
  absl::StatusOr<EvidenceTarget> target = ResolveEvidenceTarget(
      caller, header.org(), header.programme(), header.year());
  if (!target.ok()) return target.status();
  const ReportKey& key = target->key;
  if (header.indicator_id().empty()) return Invalid("indicator_id", "required");
  auto pinned = target->campaign.rubric_versions().find(key.programme);
  if (pinned == target->campaign.rubric_versions().end()) {
    return absl::FailedPreconditionError(
        absl::StrCat("rubric_version: the campaign of ", key.year,
                     " pins no rubric for ", key.programme));
  }
  absl::StatusOr<std::shared_ptr<const IndicatorIds>> indicators =
      indicator_cache_.Get(*deps_.scoring, key.programme, key.year,
                           pinned->second);
  if (!indicators.ok()) return indicators.status();
  if (!(*indicators)->contains(header.indicator_id())) {
    return Invalid("indicator_id",
                   absl::StrCat("\"", header.indicator_id(), "\" 不是 ",
                                key.programme, " ", key.year,
                                " 评分表的指标 (not an indicator of the "
                                "campaign's rubric)"));
  }
  // Refused before any content arrives; AttachEvidence checks again in the
  // transaction that records the row, so a submit in between cannot slip.
  if (auto s = deps_.store->EvidenceEditable(key); !s.ok()) return s;
  absl::StatusOr<std::unique_ptr<EvidenceUpload>> upload =
      deps_.evidence->StartUpload(
          DeclaredFile{header.file_name(), header.content_type(),
                       header.size_bytes(), header.sha256()});
  if (!upload.ok()) return upload.status();
  v1::Evidence row;
  row.set_org(key.org);
  row.set_programme(key.programme);
  row.set_year(key.year);
  row.set_indicator_id(header.indicator_id());
  return std::make_pair(*std::move(upload), std::move(row));
}

absl::StatusOr<v1::Evidence> SubmissionServiceImpl::DoFindEvidence(
    const auth::Caller& caller, const v1::DownloadEvidenceRequest& request) {
  if (deps_.evidence == nullptr) return NoEvidenceStore();
  absl::StatusOr<EvidenceTarget> target = ResolveEvidenceTarget(
      caller, request.org(), request.programme(), request.year());
  if (!target.ok()) return target.status();
  if (auto s = CheckSha256(request.sha256()); !s.ok()) return s;
  // Only through a report it is attached to: knowing a hash is not enough
  // to read another org's file.
  return deps_.store->FindEvidence(target->key, request.sha256());
}

absl::Status SubmissionServiceImpl::DoListEvidence(
    const auth::Caller& caller, const v1::ListEvidenceRequest& request,
    v1::ListEvidenceResponse* response) {
  absl::StatusOr<EvidenceTarget> target = ResolveEvidenceTarget(
      caller, request.org(), request.programme(), request.year());
  if (!target.ok()) return target.status();
  absl::StatusOr<std::vector<v1::Evidence>> rows =
      deps_.store->EvidenceFor(target->key, request.indicator_id());
  if (!rows.ok()) return rows.status();
  for (v1::Evidence& row : *rows) {
    *response->add_evidence() = std::move(row);
  }
  return absl::OkStatus();
}

}  // namespace anju::submission
