#ifndef ANJU_SERVICES_NOTIFICATION_STORE_H_
#define ANJU_SERVICES_NOTIFICATION_STORE_H_

// The notification service's durable state over common/storage (component
// "notification"): contacts (webhook secrets stored, never returned by the
// API), reminder policies, the delivery log with one row per idempotency
// key, the in-app inbox, the planning watermark per campaign and the cursor
// into the submission service's workflow events.
//
// A delivery goes PENDING → SENDING (committed before the attempt) → SENT,
// or back to PENDING with a later next_attempt, or DEAD with the last
// error; SKIPPED when it is no longer due. Inbox deliveries are written
// straight into the inbox, SENT, in the transaction that creates them.
//
// Replicas share one database (PostgreSQL). A dispatcher moves a delivery
// to SENDING with a claim (Claim: an UPDATE guarded by the state, in a
// write transaction, whose row count says who won) that lasts a lease;
// every later change of the row is guarded the same way, so a replica
// acts only on rows nobody holds or it holds itself. A SENDING row is
// taken over only when its lease has run out: its holder crashed.

#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "anju/v1/notification.pb.h"
#include "common/storage/database.h"
#include "common/storage/open_database.h"
#include "services/notification/notices.h"
#include "services/notification/planner.h"

namespace anju::notification {

// What one dispatcher may act on in one round (see kClaimable in
// store.cc): deliveries due by `now` (the campaign clock, simulated in
// tests) that no replica holds, where a claim whose lease ended by
// `lease_now` (the lease clock: real time) counts as held by nobody; and
// those `replica` holds.
struct DispatchTurn {
  std::string replica;
  absl::Time now;
  absl::Time lease_now;
};

struct DeliveryFilter {
  int year = 0;     // 0: every campaign
  std::string org;  // empty: every org
  v1::DeliveryState state = v1::DELIVERY_STATE_UNSPECIFIED;  // any
  int64_t after_id = 0;                                      // page token
  int limit = 100;
};

struct InboxPage {
  std::vector<v1::InboxMessage> messages;  // newest first
  int64_t last_id = 0;                     // for the next page; 0: no more
  int unread = 0;
};

class NotificationStore {
 public:
  // SQLite or PostgreSQL by `settings`; applies the schema migrations.
  static absl::StatusOr<std::unique_ptr<NotificationStore>> Open(
      const storage::DatabaseSettings& settings);
  static absl::StatusOr<std::unique_ptr<NotificationStore>> Create(
      std::unique_ptr<storage::Database> db);

  // For messages, e.g. "sqlite:/var/lib/anju/notification.db".
  std::string DatabaseName() const { return db_->Name(); }

  // --- Contacts ---
  // Assigns an id when empty; stamps update_time.
  absl::StatusOr<v1::Contact> PutContact(v1::Contact contact, absl::Time now);
  // NOT_FOUND when no contact has the id.
  absl::StatusOr<v1::Contact> GetContact(const std::string& id);
  absl::StatusOr<std::vector<v1::Contact>> ListContacts(const std::string& org);
  absl::Status DeleteContact(const std::string& org, const std::string& id);
  absl::StatusOr<ContactBook> AllContacts();

  // --- Policies ---
  absl::StatusOr<std::optional<v1::ReminderPolicy>> GetPolicy(int year);
  absl::Status SetPolicy(const v1::ReminderPolicy& policy);
  absl::StatusOr<std::vector<int>> PolicyYears();

  // --- Planning and events ---
  absl::StatusOr<std::optional<absl::Time>> PlannedThrough(int year);
  // Inserts the deliveries whose key is new (an existing key: nothing) and
  // moves the year's watermark to `through`, in one transaction; nothing
  // when the watermark already is at `through` or later (another replica
  // planned the window). Of several
  // deliveries of one group in the batch (a window spanning an outage) only
  // the latest is pending; the older are SKIPPED and the latest's note
  // counts them. Returns how many rows were inserted.
  absl::StatusOr<int> InsertPlanned(int year,
                                    std::vector<DeliveryRecord> deliveries,
                                    absl::Time through, absl::Time now);
  absl::StatusOr<int64_t> EventCursor();
  // Inserts the event deliveries and advances the cursor, in one
  // transaction: an event is turned into notices once. Nothing when the
  // cursor already is at `cursor` or later (another replica was quicker).
  absl::StatusOr<int> InsertEvents(std::vector<DeliveryRecord> deliveries,
                                   int64_t cursor, absl::Time now);

  // --- Dispatch ---
  // The deliveries `turn` may claim, oldest first: PENDING ones due, and
  // SENDING ones whose claim has expired (an attempt a crash interrupted).
  absl::StatusOr<std::vector<DeliveryRecord>> DueDeliveries(
      const DispatchTurn& turn, int limit);
  // Whether a later delivery of the same group is already due (the older
  // is then superseded).
  absl::StatusOr<bool> HasLaterDue(const DeliveryRecord& record,
                                   absl::Time now);
  // SENDING, attempts + 1, held by turn.replica until `lease_until` (lease
  // clock), committed before the attempt. False: another replica holds it
  // or it has moved on — do not send.
  absl::StatusOr<bool> Claim(int64_t id, const DispatchTurn& turn,
                             absl::Time lease_until);
  // The outcomes, each false (and nothing written) unless the row is free
  // for `turn` or held by turn.replica.
  absl::StatusOr<bool> MarkSent(int64_t id, const DispatchTurn& turn,
                                absl::Time sent);
  absl::StatusOr<bool> MarkRetry(int64_t id, const DispatchTurn& turn,
                                 absl::Time next, const std::string& error);
  absl::StatusOr<bool> MarkDead(int64_t id, const DispatchTurn& turn,
                                const std::string& error);
  absl::StatusOr<bool> MarkSkipped(int64_t id, const DispatchTurn& turn,
                                   const std::string& note);
  absl::StatusOr<DeliveryRecord> GetDelivery(int64_t id);
  absl::StatusOr<std::vector<DeliveryRecord>> ListDeliveries(
      const DeliveryFilter& filter);
  // An operator's resend: PENDING, due now, attempts from 0, the same key.
  // FAILED_PRECONDITION unless DEAD or SENT, or for an inbox delivery.
  absl::StatusOr<DeliveryRecord> Resend(int64_t id, absl::Time now);

  // --- Inbox (站内信) ---
  absl::StatusOr<InboxPage> ListInbox(const std::string& org, bool unread_only,
                                      int64_t before_id, int limit);
  // NOT_FOUND unless the message is the org's.
  absl::StatusOr<v1::InboxMessage> MarkRead(const std::string& org, int64_t id,
                                            absl::Time now);

 private:
  explicit NotificationStore(std::unique_ptr<storage::Database> db)
      : db_(std::move(db)) {}

  // `extra_sql` sets more columns from $5 (the holder) and $6… (`extra`).
  absl::StatusOr<bool> SetState(
      int64_t id, v1::DeliveryState state, const DispatchTurn& turn,
      absl::string_view extra_sql,
      const std::vector<std::variant<int64_t, std::string>>& extra);

  std::unique_ptr<storage::Database> db_;
};

}  // namespace anju::notification

#endif  // ANJU_SERVICES_NOTIFICATION_STORE_H_
