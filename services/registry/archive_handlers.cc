// The archive RPCs (档案) of RegistryServiceImpl. Uploads and downloads are
// streams on gRPC's callback API, built as the submission service's
// evidence streams are: every step that touches the disk or SQLite runs on
// the worker pool, and the reactor asks for the next message only when that
// step is done, so an upload holds at most one chunk in memory. The files
// are content-addressed blobs (common/blobs); a bad, truncated or
// cancelled upload leaves neither a file nor a record.

#include <set>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/blobs/sha256_stream.h"
#include "common/status.h"
#include "common/text.h"
#include "services/registry/registry_service.h"

namespace anju::registry {
namespace {

constexpr size_t kDownloadChunkBytes = 64 * 1024;

absl::Status Invalid(absl::string_view field, absl::string_view rule) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", rule));
}

absl::Status NoArchiveFiles() {
  return absl::FailedPreconditionError(
      "archive: 本服务未配置档案存储 (this service runs without archive "
      "storage)");
}

absl::Status CheckText(absl::string_view field, absl::string_view text,
                       int max_bytes) {
  if (text.size() > static_cast<size_t>(max_bytes)) {
    return Invalid(field,
                   absl::StrCat("不得超过 ", max_bytes, " 字节 (at most ",
                                max_bytes, " bytes, got ", text.size(), ")"));
  }
  if (!common::IsValidUtf8(text)) {
    return Invalid(field, "不是有效的 UTF-8 (not valid UTF-8)");
  }
  return absl::OkStatus();
}

}  // namespace

class RegistryServiceImpl::UploadReactor
    : public grpc::ServerReadReactor<v1::UploadArchiveRequest> {
 public:
  UploadReactor(RegistryServiceImpl* service,
                grpc::CallbackServerContext* context,
                v1::ArchiveRecord* response,
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
    absl::Status s = started_ ? Append() : Begin();
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
    upload_ = *std::move(started);
    started_ = true;
    return absl::OkStatus();
  }

  absl::Status Append() {
    if (request_.has_header()) {
      return Invalid("header",
                     "header 只能是第一条消息 (only the first message may be "
                     "the header)");
    }
    if (upload_.file == nullptr) {
      return Invalid("chunk",
                     "无文件的档案记录不能带数据块 (a data-only record has no "
                     "chunks: give header.file_name)");
    }
    return upload_.file->Append(request_.chunk());
  }

  void Complete() {
    if (context_->IsCancelled()) {
      return Fail(
          absl::CancelledError("上传已取消 (the upload was cancelled)"));
    }
    if (!started_) {
      return Fail(Invalid("header", "missing: the stream ended before it"));
    }
    absl::StatusOr<v1::ArchiveRecord> record =
        service_->DoFinishUpload(std::move(upload_));
    if (!record.ok()) return Fail(record.status());
    *response_ = *std::move(record);
    Finish(grpc::Status::OK);
  }

  // The temp file goes before the client hears of the failure.
  void Fail(const absl::Status& status) {
    upload_.file.reset();
    Finish(common::ToGrpcStatus(status));
  }

  RegistryServiceImpl* const service_;
  grpc::CallbackServerContext* const context_;
  v1::ArchiveRecord* const response_;
  auth::Caller caller_;
  v1::UploadArchiveRequest request_;
  bool started_ = false;
  StartedUpload upload_;
};

class RegistryServiceImpl::DownloadReactor
    : public grpc::ServerWriteReactor<v1::ArchiveChunk> {
 public:
  DownloadReactor(RegistryServiceImpl* service,
                  const v1::DownloadArchiveRequest* request,
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
    chunk_.clear_record();
    service_->PostWork([this] { SendNext(); });
  }

  void OnDone() override { delete this; }

 private:
  void Open() {
    absl::StatusOr<v1::ArchiveRecord> record =
        service_->DoFindArchive(caller_, *request_);
    if (!record.ok()) return Fail(record.status());
    absl::StatusOr<blobs::Blob> blob =
        service_->deps_.archive_files->OpenBlob(record->sha256());
    if (!blob.ok()) {
      return Fail(absl::IsNotFound(blob.status())
                      ? absl::DataLossError(blob.status().message())
                      : blob.status());
    }
    blob_ = std::make_unique<blobs::Blob>(*std::move(blob));
    *chunk_.mutable_record() = *std::move(record);
    SendNext();
  }

  // On a worker: the next chunk, or the end once the content is checked
  // against its name (a file changed on disk is DATA_LOSS).
  void SendNext() {
    absl::StatusOr<std::string> data = blob_->Read(kDownloadChunkBytes);
    if (!data.ok()) return Fail(data.status());
    if (data->empty() && !chunk_.has_record()) {
      if (sha256_.HexDigest() != request_->sha256()) {
        return Fail(absl::DataLossError(absl::StrCat(
            "sha256: 存储的档案文件已损坏 (the stored file no longer matches "
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

  RegistryServiceImpl* const service_;
  const v1::DownloadArchiveRequest* const request_;
  auth::Caller caller_;
  std::unique_ptr<blobs::Blob> blob_;
  blobs::Sha256Stream sha256_;
  v1::ArchiveChunk chunk_;
};

grpc::ServerReadReactor<v1::UploadArchiveRequest>*
RegistryServiceImpl::UploadArchive(grpc::CallbackServerContext* context,
                                   v1::ArchiveRecord* response) {
  return new UploadReactor(this, context, response, deps_.caller(context));
}

grpc::ServerWriteReactor<v1::ArchiveChunk>*
RegistryServiceImpl::DownloadArchive(
    grpc::CallbackServerContext* context,
    const v1::DownloadArchiveRequest* request) {
  return new DownloadReactor(this, request, deps_.caller(context));
}

absl::StatusOr<RegistryServiceImpl::StartedUpload>
RegistryServiceImpl::DoStartUpload(
    const auth::Caller& caller,
    const v1::UploadArchiveRequest::Header& header) {
  if (deps_.archive_files == nullptr) return NoArchiveFiles();
  absl::StatusOr<v1::ReserveProject> project =
      LoadAuthorized(caller, header.project_id());
  if (!project.ok()) return project.status();
  if (header.type() == v1::ARCHIVE_TYPE_UNSPECIFIED ||
      !v1::ArchiveType_IsValid(header.type())) {
    return Invalid(
        "header.type",
        "须为 基本情况、居民改造意愿、改造方案、工程进度、改造前后效果 "
        "之一 (required: an archive type)");
  }
  const RegistryLimits& limits = deps_.limits;
  if (auto s = CheckText("header.title", header.title(),
                         limits.max_archive_title_bytes);
      !s.ok()) {
    return s;
  }
  if (header.data_size() > limits.max_archive_data_entries) {
    return Invalid("header.data",
                   absl::StrCat("至多 ", limits.max_archive_data_entries,
                                " 项 (got ", header.data_size(), ")"));
  }
  for (const auto& [key, value] : header.data()) {
    if (key.empty()) return Invalid("header.data", "键不能为空 (empty key)");
    if (auto s = CheckText("header.data", key, limits.max_archive_data_bytes);
        !s.ok()) {
      return s;
    }
    if (auto s =
            CheckText(absl::StrCat("header.data[", common::Preview(key), "]"),
                      value, limits.max_archive_data_bytes);
        !s.ok()) {
      return s;
    }
  }
  absl::StatusOr<std::vector<v1::ArchiveRecord>> existing =
      deps_.store->ArchiveOf(project->id());
  if (!existing.ok()) return existing.status();
  if (existing->size() >= static_cast<size_t>(limits.max_archive_records)) {
    return absl::FailedPreconditionError(
        absl::StrCat("header.project_id: 该项目已有 ", existing->size(),
                     " 条档案记录, 已达上限 (at most ",
                     limits.max_archive_records, " records per project)"));
  }
  StartedUpload started;
  v1::ArchiveRecord& record = started.record;
  record.set_project_id(project->id());
  record.set_type(header.type());
  record.set_title(header.title());
  *record.mutable_data() = header.data();
  record.set_uploaded_by(caller.principal.id);
  if (header.file_name().empty()) {
    if (!header.content_type().empty() || header.size_bytes() != 0 ||
        !header.sha256().empty()) {
      return Invalid("header.file_name",
                     "带文件的档案须给出文件名 (required when content_type, "
                     "size_bytes or sha256 is given)");
    }
    if (header.title().empty() && header.data().empty()) {
      return Invalid("header.data",
                     "无文件的档案记录须有标题或数据 (a data-only record needs "
                     "a title or data)");
    }
    return started;
  }
  absl::StatusOr<std::unique_ptr<blobs::BlobUpload>> file =
      deps_.archive_files->StartUpload(
          blobs::DeclaredFile{header.file_name(), header.content_type(),
                              header.size_bytes(), header.sha256()});
  if (!file.ok()) {
    return absl::Status(file.status().code(),
                        absl::StrCat("header.", file.status().message()));
  }
  started.file = *std::move(file);
  return started;
}

absl::StatusOr<v1::ArchiveRecord> RegistryServiceImpl::DoFinishUpload(
    StartedUpload upload) {
  v1::ArchiveRecord& record = upload.record;
  record.set_upload_time(ApiTime(deps_.clock()));
  if (upload.file == nullptr) return deps_.store->AddArchive(record);
  if (auto s = upload.file->Seal(); !s.ok()) return s;
  const blobs::DeclaredFile& file = upload.file->declared();
  record.set_sha256(file.sha256);
  record.set_file_name(file.file_name);
  record.set_content_type(file.content_type);
  record.set_size_bytes(file.size_bytes);
  std::lock_guard<std::mutex> lock(place_mu_);
  absl::StatusOr<bool> placed = deps_.archive_files->Place(*upload.file);
  if (!placed.ok()) return placed.status();
  absl::StatusOr<v1::ArchiveRecord> row = deps_.store->AddArchive(record);
  if (!row.ok() && *placed) deps_.archive_files->RemoveBlob(file.sha256);
  return row;
}

absl::StatusOr<v1::ArchiveRecord> RegistryServiceImpl::DoFindArchive(
    const auth::Caller& caller, const v1::DownloadArchiveRequest& request) {
  if (deps_.archive_files == nullptr) return NoArchiveFiles();
  absl::StatusOr<v1::ReserveProject> project =
      LoadAuthorized(caller, request.project_id());
  if (!project.ok()) return project.status();
  if (auto s = blobs::CheckSha256(request.sha256()); !s.ok()) return s;
  absl::StatusOr<std::vector<v1::ArchiveRecord>> records =
      deps_.store->ArchiveOf(project->id());
  if (!records.ok()) return records.status();
  for (const v1::ArchiveRecord& record : *records) {
    if (record.sha256() == request.sha256()) return record;
  }
  return absl::NotFoundError(
      absl::StrCat("sha256: 该项目没有此档案文件 (no archive file of project ",
                   project->id(), " has this SHA-256)"));
}

absl::Status RegistryServiceImpl::DoListArchive(
    const auth::Caller& caller, const v1::ListArchiveRequest& request,
    v1::ListArchiveResponse* response) {
  absl::StatusOr<v1::ReserveProject> project =
      LoadAuthorized(caller, request.project_id());
  if (!project.ok()) return project.status();
  absl::StatusOr<std::vector<v1::ArchiveRecord>> records =
      deps_.store->ArchiveOf(project->id());
  if (!records.ok()) return records.status();
  std::set<int> present;
  for (v1::ArchiveRecord& record : *records) {
    present.insert(record.type());
    *response->add_records() = std::move(record);
  }
  if (deps_.archive_rules != nullptr) {
    for (v1::ArchiveType type :
         deps_.archive_rules->Required(project->programme())) {
      response->add_required_types(type);
    }
    for (v1::ArchiveType type :
         deps_.archive_rules->Missing(project->programme(), present)) {
      response->add_missing_types(type);
    }
  }
  response->set_complete(response->missing_types_size() == 0);
  return absl::OkStatus();
}

}  // namespace anju::registry
