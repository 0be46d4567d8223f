// libcurl plumbing shared by the senders: global initialisation once, easy
// handles that clean up, and a pool of them so that successive sends to the
// same receiver reuse the connection (keep-alive). libcurl's shared
// connection cache is not safe between concurrent threads (KNOWN_BUGS), so
// each pooled handle keeps its own connections and only DNS answers and TLS
// sessions are shared.
#ifndef ANJU_SERVICES_NOTIFICATION_DELIVERY_CURL_HANDLES_H_
#define ANJU_SERVICES_NOTIFICATION_DELIVERY_CURL_HANDLES_H_

#include <curl/curl.h>

#include <array>
#include <memory>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace anju::notification {

// curl_global_init, once per process, thread-safe.
void EnsureCurlInitialized();

struct EasyCleanup {
  void operator()(CURL* easy) const { curl_easy_cleanup(easy); }
};
using EasyHandle = std::unique_ptr<CURL, EasyCleanup>;
struct SlistCleanup {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using Slist = std::unique_ptr<curl_slist, SlistCleanup>;

// Easy handles for one sender. Take() gives a handle reset to defaults
// (its open connections kept) with what every send wants: no signals
// (threads), whole-transfer and connect timeouts, the shared DNS and TLS
// session caches. Give() returns it for the next send.
class EasyPool {
 public:
  explicit EasyPool(absl::Duration timeout);
  ~EasyPool();
  EasyPool(const EasyPool&) = delete;
  EasyPool& operator=(const EasyPool&) = delete;

  EasyHandle Take();  // nullptr only if libcurl is out of memory
  void Give(EasyHandle easy);

 private:
  static constexpr std::size_t kMaxIdle = 16;
  static void Lock(CURL*, curl_lock_data data, curl_lock_access, void* self);
  static void Unlock(CURL*, curl_lock_data data, void* self);

  const long timeout_ms_;
  CURLSH* share_;
  std::array<absl::Mutex, CURL_LOCK_DATA_LAST> share_locks_;
  absl::Mutex mu_;
  std::vector<EasyHandle> idle_ ABSL_GUARDED_BY(mu_);
};

}  // namespace anju::notification

#endif  // ANJU_SERVICES_NOTIFICATION_DELIVERY_CURL_HANDLES_H_
