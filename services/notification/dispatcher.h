#ifndef ANJU_SERVICES_NOTIFICATION_DISPATCHER_H_
#define ANJU_SERVICES_NOTIFICATION_DISPATCHER_H_

// The dispatcher (投递调度): a background loop that wakes every tick and
//  (a) plans the notices due up to now and inserts them into the delivery
//      log (an existing idempotency key inserts nothing: once);
//  (b) polls the submission service's workflow events after the durable
//      cursor and turns them into notices, moving the cursor in the same
//      transaction as the inserts;
//  (c) re-checks, before a reminder or overdue notice goes out, that the
//      report is still not submitted (else SKIPPED);
//  (d) sends what is due through the Sender of its channel and records the
//      outcome (RetryPolicy: backoff, then a dead letter).
// Replicas dispatch side by side on one database: a delivery is sent by the
// replica whose claim on it (store.h: Claim) won; the others skip it. A row
// a crash left in SENDING is sent again with the same key once its claim's
// lease has run out: delivery is at least once, and a repeat carries the
// same Message-ID / Idempotency-Key so that the receiver recognises it.

#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/log.h"
#include "common/orgs/org_tree.h"
#include "services/notification/clock.h"
#include "services/notification/delivery/sender.h"
#include "services/notification/retry_policy.h"
#include "services/notification/store.h"
#include "services/notification/submission_view.h"

namespace anju::notification {

struct DispatcherOptions {
  absl::Duration tick = absl::Seconds(30);
  // How far back the first planning of a campaign looks (a deployment that
  // starts mid-campaign sends the latest missed notice of this span).
  absl::Duration initial_lookback = absl::Hours(24);
  int send_batch = 200;  // deliveries per round
  RetryPolicy retry;
  // Campaign years to plan; empty: last year and this year (Shanghai), plus
  // every year with a policy set.
  std::vector<int> years;
  // This replica's name in claims; unique among the replicas of one
  // database.
  std::string replica_id = "local";
  // How long a claim keeps other replicas off a delivery: longer than an
  // attempt can take (the senders' timeouts), so that only a crashed
  // holder's claim runs out.
  absl::Duration claim_lease = absl::Minutes(5);
  // The clock of leases; null: the dispatcher's clock. anju-notification
  // passes the system clock, so that a simulated campaign clock
  // (--clock-file) jumping ahead does not end a live replica's lease.
  const Clock* lease_clock = nullptr;
};

// The policy of a campaign: its own, or the defaults (is_default set).
absl::StatusOr<v1::ReminderPolicy> EffectivePolicy(
    NotificationStore& store, const v1::ReminderPolicy& defaults, int year);

class Dispatcher {
 public:
  // Every pointer outlives the dispatcher; `senders` maps e-mail and
  // webhook to their Sender (a missing channel dead-letters its rows);
  // `log` may be null.
  Dispatcher(NotificationStore* store, SubmissionView* submission,
             const orgs::OrgTree* tree, const Clock* clock,
             std::map<v1::Channel, Sender*> senders,
             v1::ReminderPolicy default_policy, DispatcherOptions options,
             const common::Logger* log);
  ~Dispatcher();  // Stop()

  void Start();
  void Stop();

  // One round: plan, events, send. Each step's failure is logged and the
  // others still run; returns the first failure.
  absl::Status RunOnce();
  absl::Status PlanDue(absl::Time now);
  absl::Status PollEvents(absl::Time now);
  absl::Status SendDue(absl::Time now);

 private:
  absl::Status PlanYear(int year, absl::Time now);
  std::vector<int> YearsToPlan(absl::Time now);
  // Whether a planned notice is still wanted: some of its programmes not
  // submitted by its org. `cache` holds ListReports answers of this round.
  struct StateCache;
  absl::StatusOr<bool> StillMissing(const DeliveryRecord& record,
                                    StateCache& cache);
  absl::Status SendOne(const DeliveryRecord& record, const DispatchTurn& turn,
                       StateCache& cache);
  // Claims the delivery and sends it; OK without sending when another
  // replica holds it.
  absl::Status ClaimAndSend(const DeliveryRecord& record,
                            const DispatchTurn& turn, Sender& sender,
                            const Notice& notice);
  absl::Time LeaseNow() const;
  void Loop();
  void Warn(absl::string_view what, const absl::Status& status) const;

  NotificationStore* const store_;
  SubmissionView* const submission_;
  const orgs::OrgTree* const tree_;
  const Clock* const clock_;
  const std::map<v1::Channel, Sender*> senders_;
  const v1::ReminderPolicy default_policy_;
  const DispatcherOptions options_;
  const common::Logger* const log_;

  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace anju::notification

#endif  // ANJU_SERVICES_NOTIFICATION_DISPATCHER_H_
