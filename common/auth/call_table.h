#ifndef ANJU_COMMON_AUTH_CALL_TABLE_H_
#define ANJU_COMMON_AUTH_CALL_TABLE_H_

// The interceptor's decision for each call in flight, keyed by the call's
// ServerContextBase, for the handler to read. gRPC 1.51 gives a server
// interceptor no way to attach data to a call (the AuthContext is read-only
// and absent on insecure channels), so the decision is kept beside it: the
// interceptor adds the entry before the handler runs and removes it in its
// destructor, which gRPC runs when it destroys the call's ServerContext —
// so an entry never outlives its call and a reused address finds no stale
// entry. Each entry also records which interceptor wrote it, so that a
// late Forget cannot remove a newer call's entry at the same address.

#include <cstddef>
#include <optional>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "common/auth/caller.h"

namespace grpc {
class ServerContextBase;
}  // namespace grpc

namespace anju::auth {

class CallTable {
 public:
  using Key = const grpc::ServerContextBase*;

  // `owner` is the interceptor that decides the call.
  void Remember(Key call, const void* owner, absl::StatusOr<Caller> decision);
  // Removes the entry of `call` if `owner` wrote it.
  void Forget(Key call, const void* owner);
  // A copy: the entry may be removed as soon as the lock is released.
  std::optional<absl::StatusOr<Caller>> Find(Key call) const;
  std::size_t size() const;

 private:
  struct Entry {
    const void* owner;
    absl::StatusOr<Caller> decision;
  };

  mutable absl::Mutex mu_;
  absl::flat_hash_map<Key, Entry> calls_ ABSL_GUARDED_BY(mu_);
};

}  // namespace anju::auth

#endif  // ANJU_COMMON_AUTH_CALL_TABLE_H_
