#ifndef ANJU_TESTS_ACCESS_MATRIX_RAW_CALL_H_
#define ANJU_TESTS_ACCESS_MATRIX_RAW_CALL_H_

// One call of any gRPC method by its full name, with serialized request
// bytes: unary, client-, server- and bidi-streaming methods alike (the
// request is the one message sent, then the client half-closes and reads
// until the status). What the generated access-matrix test needs to call
// every RPC of every service without a line of code per RPC.

#include <grpcpp/channel.h>

#include <chrono>
#include <memory>
#include <string>

namespace anju::access_matrix {

struct CallOutcome {
  grpc::StatusCode code = grpc::StatusCode::UNKNOWN;
  std::string message;
  int responses = 0;  // messages the server sent
};

// `token` empty: no authorization metadata. Every call has `timeout`.
CallOutcome RawCall(
    const std::shared_ptr<grpc::Channel>& channel, const std::string& method,
    const std::string& request, const std::string& token,
    std::chrono::milliseconds timeout = std::chrono::milliseconds(10000));

}  // namespace anju::access_matrix

#endif  // ANJU_TESTS_ACCESS_MATRIX_RAW_CALL_H_
