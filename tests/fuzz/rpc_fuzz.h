#ifndef ANJU_TESTS_FUZZ_RPC_FUZZ_H_
#define ANJU_TESTS_FUZZ_RPC_FUZZ_H_

// The RPC targets' common part. An input is one byte choosing the method
// and the request's wire bytes; the request is parsed as gRPC would and
// handed to the service's Do* method, in-process, on real stores. Debian 12
// has no libprotobuf-mutator, so libFuzzer mutates the wire bytes.
//
// Seeds are text protos, tests/fuzz/corpus/<target>/<method>-<name>.txtpb,
// readable and reviewable. With ANJU_FUZZ_SEEDS_IN=<dir> and
// ANJU_FUZZ_SEEDS_OUT=<dir> set, the target writes each one as an input
// (the method's byte, then the binary request) and exits: scripts/fuzz does
// that before each run, so the binary form is never checked in.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "google/protobuf/message.h"
#include "google/protobuf/stubs/logging.h"
#include "google/protobuf/text_format.h"
#include "tests/fuzz/fuzz_support.h"

namespace anju::fuzz {

struct RpcMethod {
  std::string name;  // the seed files' prefix: save_draft-….txtpb
  std::function<std::unique_ptr<google::protobuf::Message>()> new_request;
  std::function<absl::Status(const google::protobuf::Message&)> call;
};

// One RPC of a service whose Do* methods take the caller first: `world()`
// gives the service (`service`, a pointer) and its caller (`caller`).
template <typename Request, typename Response, typename World, typename Handler>
RpcMethod CallerMethod(const char* name, World& (*world)(), Handler handler) {
  return {name, [] { return std::make_unique<Request>(); },
          [world, handler](const google::protobuf::Message& request) {
            World& w = world();
            Response response;
            return ((*w.service).*handler)(
                w.caller, static_cast<const Request&>(request), &response);
          }};
}

// A handler's status is its answer; what matters is that it comes back.
// Codes a handler must never give for a request alone say a bug.
inline void CheckAnswer(const absl::Status& status) {
  Check(status.code() != absl::StatusCode::kInternal &&
            status.code() != absl::StatusCode::kUnknown &&
            status.code() != absl::StatusCode::kDataLoss,
        "a request gets an answer, not INTERNAL, UNKNOWN or DATA_LOSS");
}

inline int RunRpcInput(const std::vector<RpcMethod>& methods,
                       const uint8_t* data, size_t size) {
  // Most mutated strings are not UTF-8: protobuf refuses them with a log
  // line each, which would cost more than the call.
  static const bool quiet = [] {
    google::protobuf::SetLogHandler([](google::protobuf::LogLevel, const char*,
                                       int, const std::string&) {});
    return true;
  }();
  (void)quiet;
  if (size == 0) return 0;
  const RpcMethod& method = methods[data[0] % methods.size()];
  std::unique_ptr<google::protobuf::Message> request = method.new_request();
  if (!request->ParseFromArray(data + 1, static_cast<int>(size - 1))) {
    return 0;  // gRPC answers INTERNAL before any handler runs
  }
  const absl::Status status = method.call(*request);
  // ANJU_FUZZ_VERBOSE=1 when replaying: what each input was answered.
  static const bool verbose = std::getenv("ANJU_FUZZ_VERBOSE") != nullptr;
  if (verbose) {
    std::fprintf(stderr, "%s: %s\n", method.name.c_str(),
                 status.ToString().c_str());
  }
  CheckAnswer(status);
  return 0;
}

// The seed conversion described above; returns when the variables are
// unset.
inline void MaybeWriteSeeds(const std::vector<RpcMethod>& methods) {
  const char* in = std::getenv("ANJU_FUZZ_SEEDS_IN");
  const char* out = std::getenv("ANJU_FUZZ_SEEDS_OUT");
  if (in == nullptr || out == nullptr) return;
  namespace fs = std::filesystem;
  int written = 0;
  for (const fs::directory_entry& entry : fs::directory_iterator(in)) {
    const std::string file = entry.path().filename().string();
    if (entry.path().extension() != ".txtpb") continue;
    for (size_t m = 0; m < methods.size(); ++m) {
      if (file.rfind(methods[m].name + "-", 0) != 0) continue;
      std::ifstream text_in(entry.path());
      std::stringstream text;
      text << text_in.rdbuf();
      auto request = methods[m].new_request();
      if (!google::protobuf::TextFormat::ParseFromString(text.str(),
                                                         request.get())) {
        SetupFailed("cannot parse seed " + entry.path().string());
      }
      std::ofstream seed(fs::path(out) / entry.path().stem(), std::ios::binary);
      seed.put(static_cast<char>(m));
      seed << request->SerializeAsString();
      ++written;
    }
  }
  std::printf("wrote %d seeds to %s\n", written, out);
  std::exit(written > 0 ? 0 : 1);
}

}  // namespace anju::fuzz

#endif  // ANJU_TESTS_FUZZ_RPC_FUZZ_H_
