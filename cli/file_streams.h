#ifndef ANJU_CLI_FILE_STREAMS_H_
#define ANJU_CLI_FILE_STREAMS_H_

// Files over gRPC streams, as the submission (evidence, 佐证材料) and
// registry (archives, 档案) APIs move them: an upload is a header message
// then the content in chunks; a download's first message carries the
// record, every message a chunk.

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "cli/endpoint.h"

namespace anju::cli {

inline constexpr size_t kUploadChunkBytes = 256 * 1024;

// `open(context, &response)` starts the client stream (stub->UploadX).
// Uploads take longer than one call: the deadline grows with the size, one
// timeout per started 4 MiB.
template <typename Request, typename Response, typename Header, typename Open>
absl::StatusOr<Response> UploadInChunks(Endpoint endpoint, const Header& header,
                                        const std::string& content, Open open) {
  endpoint.timeout *= 1 + static_cast<int64_t>(content.size() >> 22);
  std::unique_ptr<grpc::ClientContext> context = endpoint.NewContext();
  Response response;
  auto writer = open(context.get(), &response);
  Request message;
  *message.mutable_header() = header;
  bool writing = writer->Write(message);
  for (size_t at = 0; writing && at < content.size(); at += kUploadChunkBytes) {
    message.set_chunk(content.substr(at, kUploadChunkBytes));
    writing = writer->Write(message);
  }
  if (writing) writer->WritesDone();
  const grpc::Status status = writer->Finish();
  if (!status.ok()) return endpoint.ToStatus(status);
  return response;
}

// `open(context)` starts the server stream (stub->DownloadX(context, req));
// `record_of(chunk)` gives the record when the chunk has one, else null.
template <typename Chunk, typename Record, typename Open, typename RecordOf>
absl::StatusOr<Record> DownloadTo(const Endpoint& endpoint, std::ostream& out,
                                  Open open, RecordOf record_of) {
  std::unique_ptr<grpc::ClientContext> context = endpoint.NewContext();
  auto reader = open(context.get());
  Chunk chunk;
  Record record;
  while (reader->Read(&chunk)) {
    if (const Record* first = record_of(chunk)) record = *first;
    out.write(chunk.data().data(),
              static_cast<std::streamsize>(chunk.data().size()));
  }
  const grpc::Status status = reader->Finish();
  if (!status.ok()) return endpoint.ToStatus(status);
  if (!out) return absl::DataLossError("writing the downloaded file failed");
  return record;
}

}  // namespace anju::cli

#endif  // ANJU_CLI_FILE_STREAMS_H_
