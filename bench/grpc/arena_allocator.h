#ifndef ANJU_BENCH_GRPC_ARENA_ALLOCATOR_H_
#define ANJU_BENCH_GRPC_ARENA_ALLOCATOR_H_

#include <google/protobuf/arena.h>
#include <grpcpp/support/message_allocator.h>

#include <cstddef>

namespace anju::bench {

// Puts a unary call's request and response on one protobuf arena whose
// first block is part of the holder: parsing the request and building the
// response allocate by bumping a pointer, and the call's end frees it all
// at once. anju-bench-server --arena installs it on ScoringService's
// Evaluate, to measure what the service would gain (bench/README.md).
template <typename Request, typename Response>
class ArenaMessageAllocator final
    : public grpc::MessageAllocator<Request, Response> {
 public:
  grpc::MessageHolder<Request, Response>* AllocateMessages() override {
    return new Holder();
  }

 private:
  // 16 KiB holds an Evaluate call of the Chifeng samples (≤ 10 KiB of
  // messages); larger calls continue in blocks the arena allocates.
  static constexpr std::size_t kFirstBlock = 16 << 10;

  class Holder final : public grpc::MessageHolder<Request, Response> {
   public:
    Holder() : arena_(Options(block_)) {
      this->set_request(
          google::protobuf::Arena::CreateMessage<Request>(&arena_));
      this->set_response(
          google::protobuf::Arena::CreateMessage<Response>(&arena_));
    }
    void Release() override { delete this; }

   private:
    static google::protobuf::ArenaOptions Options(char* block) {
      google::protobuf::ArenaOptions options;
      options.initial_block = block;
      options.initial_block_size = kFirstBlock;
      return options;
    }

    alignas(std::max_align_t) char block_[kFirstBlock];
    google::protobuf::Arena arena_;  // after block_: built from it
  };
};

}  // namespace anju::bench

#endif  // ANJU_BENCH_GRPC_ARENA_ALLOCATOR_H_
