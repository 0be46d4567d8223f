#include "services/notification/delivery/curl_handles.h"

#include <algorithm>
#include <mutex>
#include <utility>

namespace anju::notification {

void EnsureCurlInitialized() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

EasyPool::EasyPool(absl::Duration timeout)
    : timeout_ms_(static_cast<long>(
          std::max<int64_t>(1, absl::ToInt64Milliseconds(timeout)))) {
  EnsureCurlInitialized();
  share_ = curl_share_init();
  curl_share_setopt(share_, CURLSHOPT_LOCKFUNC, &EasyPool::Lock);
  curl_share_setopt(share_, CURLSHOPT_UNLOCKFUNC, &EasyPool::Unlock);
  curl_share_setopt(share_, CURLSHOPT_USERDATA, this);
  curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
  curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
}

EasyPool::~EasyPool() {
  {
    absl::MutexLock lock(&mu_);
    idle_.clear();  // handles first: they still point at the share
  }
  curl_share_cleanup(share_);
}

EasyHandle EasyPool::Take() {
  EasyHandle easy;
  {
    absl::MutexLock lock(&mu_);
    if (!idle_.empty()) {
      easy = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  if (easy == nullptr) {
    easy.reset(curl_easy_init());
    if (easy == nullptr) return easy;
  }
  curl_easy_setopt(easy.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy.get(), CURLOPT_TIMEOUT_MS, timeout_ms_);
  curl_easy_setopt(easy.get(), CURLOPT_CONNECTTIMEOUT_MS, timeout_ms_);
  curl_easy_setopt(easy.get(), CURLOPT_SHARE, share_);
  return easy;
}

void EasyPool::Give(EasyHandle easy) {
  if (easy == nullptr) return;
  // Forget the last send's buffers and lists (they die with the call)
  // while keeping its connection open.
  curl_easy_reset(easy.get());
  absl::MutexLock lock(&mu_);
  if (idle_.size() < kMaxIdle) idle_.push_back(std::move(easy));
}

void EasyPool::Lock(CURL*, curl_lock_data data, curl_lock_access, void* self) {
  static_cast<EasyPool*>(self)->share_locks_[data].Lock();
}

void EasyPool::Unlock(CURL*, curl_lock_data data, void* self) {
  static_cast<EasyPool*>(self)->share_locks_[data].Unlock();
}

}  // namespace anju::notification
