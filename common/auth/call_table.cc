#include "common/auth/call_table.h"

#include <utility>

namespace anju::auth {

void CallTable::Remember(Key call, const void* owner,
                         absl::StatusOr<Caller> decision) {
  absl::MutexLock lock(&mu_);
  calls_.insert_or_assign(call, Entry{owner, std::move(decision)});
}

void CallTable::Forget(Key call, const void* owner) {
  absl::MutexLock lock(&mu_);
  auto it = calls_.find(call);
  if (it != calls_.end() && it->second.owner == owner) calls_.erase(it);
}

std::optional<absl::StatusOr<Caller>> CallTable::Find(Key call) const {
  absl::ReaderMutexLock lock(&mu_);
  auto it = calls_.find(call);
  if (it == calls_.end()) return std::nullopt;
  return it->second.decision;
}

std::size_t CallTable::size() const {
  absl::ReaderMutexLock lock(&mu_);
  return calls_.size();
}

}  // namespace anju::auth
