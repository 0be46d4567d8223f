#include "tests/access_matrix/raw_call.h"

#include <grpcpp/completion_queue.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/slice.h>

namespace anju::access_matrix {
namespace {

// Waits for the one operation in flight; false when it failed (e.g. a
// write on a call the server has already ended).
bool Await(grpc::CompletionQueue* queue) {
  void* tag = nullptr;
  bool ok = false;
  return queue->Next(&tag, &ok) && ok;
}

}  // namespace

CallOutcome RawCall(const std::shared_ptr<grpc::Channel>& channel,
                    const std::string& method, const std::string& request,
                    const std::string& token,
                    std::chrono::milliseconds timeout) {
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + timeout);
  if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
  grpc::CompletionQueue queue;
  std::unique_ptr<grpc::GenericClientAsyncReaderWriter> call =
      stub.PrepareCall(&context, method, &queue);
  void* const tag = reinterpret_cast<void*>(1);
  call->StartCall(tag);
  CallOutcome outcome;
  if (Await(&queue)) {
    grpc::Slice slice(request);
    grpc::ByteBuffer buffer(&slice, 1);
    call->Write(buffer, tag);
    if (Await(&queue)) {
      call->WritesDone(tag);
      Await(&queue);
    }
    grpc::ByteBuffer response;
    for (;;) {
      call->Read(&response, tag);
      if (!Await(&queue)) break;
      ++outcome.responses;
    }
  }
  grpc::Status status;
  call->Finish(&status, tag);
  Await(&queue);
  queue.Shutdown();
  void* ignored_tag = nullptr;
  bool ignored_ok = false;
  while (queue.Next(&ignored_tag, &ignored_ok)) {
  }
  outcome.code = status.error_code();
  outcome.message = status.error_message();
  return outcome;
}

}  // namespace anju::access_matrix
