#ifndef ANJU_SERVICES_SCORING_ARENA_ALLOCATOR_H_
#define ANJU_SERVICES_SCORING_ARENA_ALLOCATOR_H_

#include <google/protobuf/arena.h>
#include <grpcpp/support/message_allocator.h>

#include <cstddef>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace anju::scoring {

// Puts a unary call's request and response on one protobuf arena whose
// first block is part of the holder: parsing the request and building the
// response allocate by bumping a pointer, and the call's end frees it all
// at once. Holders are reused: a finished call's arena is reset and kept
// for the next call, so that a call costs no 16 KiB allocation either.
// ScoringServiceImpl installs it on Evaluate (bench/README.md has what it
// saves). Thread-safe.
template <typename Request, typename Response>
class ArenaMessageAllocator final
    : public grpc::MessageAllocator<Request, Response> {
 public:
  ArenaMessageAllocator() { idle_.reserve(kMaxIdle); }
  ArenaMessageAllocator(const ArenaMessageAllocator&) = delete;
  ArenaMessageAllocator& operator=(const ArenaMessageAllocator&) = delete;
  // Every call must have finished (the server is shut down).
  ~ArenaMessageAllocator() override {
    for (Holder* holder : idle_) delete holder;
  }

  grpc::MessageHolder<Request, Response>* AllocateMessages() override {
    {
      absl::MutexLock lock(&mu_);
      if (!idle_.empty()) {
        Holder* holder = idle_.back();
        idle_.pop_back();
        return holder;
      }
    }
    return new Holder(this);
  }

 private:
  // 16 KiB holds an Evaluate call of the Chifeng samples (≤ 10 KiB of
  // messages); larger calls continue in blocks the arena allocates, freed
  // when the call ends.
  static constexpr std::size_t kFirstBlock = 16 << 10;
  // Holders kept for reuse: as many as calls usually in flight. Beyond
  // that, a finished call's holder is freed.
  static constexpr std::size_t kMaxIdle = 64;

  class Holder final : public grpc::MessageHolder<Request, Response> {
   public:
    explicit Holder(ArenaMessageAllocator* owner)
        : owner_(owner), arena_(block_, sizeof(block_)) {
      CreateMessages();
    }

    void Release() override {
      arena_.Reset();  // runs the messages' destructors, keeps block_
      CreateMessages();
      owner_->Recycle(this);
    }

   private:
    void CreateMessages() {
      this->set_request(
          google::protobuf::Arena::CreateMessage<Request>(&arena_));
      this->set_response(
          google::protobuf::Arena::CreateMessage<Response>(&arena_));
    }

    ArenaMessageAllocator* const owner_;
    alignas(std::max_align_t) char block_[kFirstBlock];
    google::protobuf::Arena arena_;  // after block_: built from it
  };

  void Recycle(Holder* holder) {
    {
      absl::MutexLock lock(&mu_);
      if (idle_.size() < kMaxIdle) {
        idle_.push_back(holder);
        return;
      }
    }
    delete holder;
  }

  absl::Mutex mu_;
  std::vector<Holder*> idle_ ABSL_GUARDED_BY(mu_);
};

}  // namespace anju::scoring

#endif  // ANJU_SERVICES_SCORING_ARENA_ALLOCATOR_H_
