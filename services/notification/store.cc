#include "services/notification/store.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>
#include <variant>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/storage/migrations.h"
#include "common/storage/open_database.h"
#include "services/notification/clock.h"

namespace anju::notification {
namespace {

using storage::Statement;
using storage::Transaction;
using storage::TransactionMode;

// Times are BIGINT microseconds since the epoch (both backends sort them);
// 0 stands for "not yet" (sent_time, read_time).
constexpr storage::Migration kMigrations[] = {
    {1, "contacts, policies, deliveries, inbox, cursors",
     "CREATE TABLE contacts ("
     "  id TEXT PRIMARY KEY,"
     "  org TEXT NOT NULL,"
     "  body BYTEA NOT NULL);"  // v1::Contact, secret included
     "CREATE INDEX contacts_by_org ON contacts (org);"
     "CREATE TABLE reminder_policies ("
     "  year INTEGER PRIMARY KEY,"
     "  body BYTEA NOT NULL);"
     "CREATE TABLE deliveries ("
     "  id BIGINT PRIMARY KEY,"
     "  idempotency_key TEXT NOT NULL UNIQUE,"
     "  group_key TEXT NOT NULL,"
     "  year INTEGER NOT NULL,"
     "  kind INTEGER NOT NULL,"
     "  channel INTEGER NOT NULL,"
     "  org TEXT NOT NULL,"
     "  about_org TEXT NOT NULL,"
     "  programmes TEXT NOT NULL,"
     "  contact_id TEXT NOT NULL,"
     "  address TEXT NOT NULL,"
     "  subject TEXT NOT NULL,"
     "  body TEXT NOT NULL,"
     "  fields TEXT NOT NULL,"
     "  state INTEGER NOT NULL,"
     "  attempts INTEGER NOT NULL,"
     "  last_error TEXT NOT NULL,"
     "  next_attempt BIGINT NOT NULL,"
     "  sent_time BIGINT NOT NULL,"
     "  due_time BIGINT NOT NULL,"
     "  message_id TEXT NOT NULL,"
     "  note TEXT NOT NULL);"
     "CREATE INDEX deliveries_due ON deliveries (state, next_attempt);"
     "CREATE INDEX deliveries_group ON deliveries (group_key, due_time);"
     "CREATE TABLE inbox ("
     "  id BIGINT PRIMARY KEY,"
     "  delivery_id BIGINT NOT NULL UNIQUE,"
     "  org TEXT NOT NULL,"
     "  contact_id TEXT NOT NULL,"
     "  kind INTEGER NOT NULL,"
     "  subject TEXT NOT NULL,"
     "  body TEXT NOT NULL,"
     "  create_time BIGINT NOT NULL,"
     "  read_time BIGINT NOT NULL);"
     "CREATE INDEX inbox_by_org ON inbox (org, id);"
     "CREATE TABLE plan_watermarks ("
     "  year INTEGER PRIMARY KEY,"
     "  planned_through BIGINT NOT NULL);"
     "CREATE TABLE counters ("
     "  name TEXT PRIMARY KEY,"
     "  value BIGINT NOT NULL);"
     "INSERT INTO counters (name, value) VALUES ('delivery', 0);"
     "INSERT INTO counters (name, value) VALUES ('inbox', 0);"
     "INSERT INTO counters (name, value) VALUES ('contact', 0);"
     "INSERT INTO counters (name, value) VALUES ('event_cursor', 0);"},
    // Replicas: a dispatcher claims a delivery (SENDING) for a lease; only
    // a claim that ran out is taken over (README.md, "Replicas"). Rows of
    // version 1 have no claim and an expired lease: a SENDING one left by a
    // crash is sent again at once, as before.
    {2, "delivery claims: claimed_by, claimed_until",
     "ALTER TABLE deliveries ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';"
     "ALTER TABLE deliveries ADD COLUMN claimed_until BIGINT NOT NULL "
     "DEFAULT 0;"},
};

// Serialized protos: BYTEA, bound as bytes (PostgreSQL refuses NUL bytes in
// text).
struct Blob {
  std::string bytes;
};
using Param = std::variant<int64_t, std::string, Blob>;

absl::Status BindAll(Statement& st, const std::vector<Param>& params) {
  for (size_t i = 0; i < params.size(); ++i) {
    const int n = static_cast<int>(i) + 1;
    absl::Status s;
    if (const auto* number = std::get_if<int64_t>(&params[i])) {
      s = st.BindInt64(n, *number);
    } else if (const auto* text = std::get_if<std::string>(&params[i])) {
      s = st.BindText(n, *text);
    } else {
      s = st.BindBlob(n, std::get<Blob>(params[i]).bytes);
    }
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::StatusOr<Statement*> Prepare(Transaction& tx, absl::string_view sql,
                                   const std::vector<Param>& params) {
  absl::StatusOr<Statement*> st = tx.Prepare(sql);
  if (!st.ok()) return st.status();
  if (auto s = BindAll(**st, params); !s.ok()) return s;
  return st;
}

absl::StatusOr<int64_t> Exec(Transaction& tx, absl::string_view sql,
                             const std::vector<Param>& params) {
  absl::StatusOr<Statement*> st = Prepare(tx, sql, params);
  if (!st.ok()) return st.status();
  return (*st)->Run();
}

int64_t Micros(absl::Time t) {
  return t == absl::InfinitePast() ? 0 : absl::ToUnixMicros(t);
}
absl::Time FromMicros(int64_t us) {
  return us == 0 ? absl::InfinitePast() : absl::FromUnixMicros(us);
}

absl::StatusOr<int64_t> ReadCounter(Transaction& tx, const std::string& name) {
  auto st = Prepare(tx, "SELECT value FROM counters WHERE name = $1", {name});
  if (!st.ok()) return st.status();
  auto row = (*st)->Step();
  if (!row.ok()) return row.status();
  if (!*row) return absl::InternalError(absl::StrCat("no counter ", name));
  return (*st)->ColumnInt64(0);
}

// Reserves `n` values of a counter; returns the first.
absl::StatusOr<int64_t> Reserve(Transaction& tx, const std::string& name,
                                int64_t n) {
  auto value = ReadCounter(tx, name);
  if (!value.ok()) return value.status();
  const int64_t first = *value + 1;
  auto updated = Exec(tx, "UPDATE counters SET value = $1 WHERE name = $2",
                      {first + n - 1, name});
  if (!updated.ok()) return updated.status();
  return first;
}

std::string FieldsText(const std::map<std::string, std::string>& fields) {
  std::vector<std::string> lines;
  for (const auto& [k, v] : fields) {
    std::string value = v;
    std::replace(value.begin(), value.end(), '\n', ' ');
    lines.push_back(absl::StrCat(k, "=", value));
  }
  return absl::StrJoin(lines, "\n");
}

std::map<std::string, std::string> ParseFields(const std::string& text) {
  std::map<std::string, std::string> fields;
  for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipEmpty())) {
    std::pair<std::string, std::string> kv =
        absl::StrSplit(line, absl::MaxSplits('=', 1));
    fields[kv.first] = kv.second;
  }
  return fields;
}

// A delivery no dispatcher holds, due by $1 (the campaign clock): PENDING,
// or SENDING under a claim whose lease ran out by $2 (the lease clock) —
// its holder crashed. A live replica's claim is never taken over.
// States: 1 PENDING, 2 SENDING (anju/v1/notification.proto).
constexpr char kClaimable[] =
    "next_attempt <= $1 AND (state = 1 OR (state = 2 AND claimed_until <= "
    "$2))";
static_assert(v1::DELIVERY_STATE_PENDING == 1 &&
                  v1::DELIVERY_STATE_SENDING == 2,
              "kClaimable spells the states as numbers");

constexpr char kDeliveryColumns[] =
    "id, idempotency_key, group_key, year, kind, channel, org, about_org, "
    "programmes, contact_id, address, subject, body, fields, state, attempts, "
    "last_error, next_attempt, sent_time, due_time, message_id, note";

DeliveryRecord ReadDelivery(const Statement& st) {
  DeliveryRecord r;
  r.id = st.ColumnInt64(0);
  r.idempotency_key = st.ColumnText(1);
  r.group_key = st.ColumnText(2);
  r.year = static_cast<int>(st.ColumnInt64(3));
  r.kind = static_cast<v1::NoticeKind>(st.ColumnInt64(4));
  r.channel = static_cast<v1::Channel>(st.ColumnInt64(5));
  r.org = st.ColumnText(6);
  r.about_org = st.ColumnText(7);
  r.programmes = absl::StrSplit(st.ColumnText(8), ',', absl::SkipEmpty());
  r.contact_id = st.ColumnText(9);
  r.address = st.ColumnText(10);
  r.subject = st.ColumnText(11);
  r.body = st.ColumnText(12);
  r.fields = ParseFields(st.ColumnText(13));
  r.state = static_cast<v1::DeliveryState>(st.ColumnInt64(14));
  r.attempts = static_cast<int>(st.ColumnInt64(15));
  r.last_error = st.ColumnText(16);
  r.next_attempt = FromMicros(st.ColumnInt64(17));
  r.sent_time = FromMicros(st.ColumnInt64(18));
  r.due_time = FromMicros(st.ColumnInt64(19));
  r.message_id = st.ColumnText(20);
  r.note = st.ColumnText(21);
  return r;
}

absl::StatusOr<std::vector<DeliveryRecord>> QueryDeliveries(
    storage::Database& db, const std::string& where,
    const std::vector<Param>& params, const std::string& tail) {
  auto tx = db.Begin(TransactionMode::kRead);
  if (!tx.ok()) return tx.status();
  auto st = Prepare(**tx,
                    absl::StrCat("SELECT ", kDeliveryColumns,
                                 " FROM deliveries WHERE ", where, " ", tail),
                    params);
  if (!st.ok()) return st.status();
  std::vector<DeliveryRecord> out;
  while (true) {
    auto row = (*st)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    out.push_back(ReadDelivery(**st));
  }
  if (auto s = (*tx)->Commit(); !s.ok()) return s;
  return out;
}

// Binds `params` to a prepared statement, runs it and readies it for the
// next row: one statement per batch, not one per row.
absl::StatusOr<int64_t> RunPrepared(Statement& st,
                                    const std::vector<Param>& params) {
  if (auto s = BindAll(st, params); !s.ok()) return s;
  auto changed = st.Run();
  if (!changed.ok()) return changed.status();
  if (auto s = st.Reset(); !s.ok()) return s;
  return changed;
}

// Inserts the deliveries whose key is new; an inbox delivery that is
// inserted goes into the inbox at once (SENT). Returns how many were.
absl::StatusOr<int> InsertAll(Transaction& tx,
                              std::vector<DeliveryRecord>& deliveries,
                              absl::Time now) {
  if (deliveries.empty()) return 0;
  auto first = Reserve(tx, "delivery", deliveries.size());
  if (!first.ok()) return first.status();
  auto inbox_first = Reserve(tx, "inbox", deliveries.size());
  if (!inbox_first.ok()) return inbox_first.status();
  auto insert = tx.Prepare(absl::StrCat(
      "INSERT INTO deliveries (", kDeliveryColumns,
      ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, "
      "$15, $16, $17, $18, $19, $20, $21, $22) "
      "ON CONFLICT (idempotency_key) DO NOTHING"));
  if (!insert.ok()) return insert.status();
  auto inbox = tx.Prepare(
      "INSERT INTO inbox (id, delivery_id, org, contact_id, kind, subject, "
      "body, create_time, read_time) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
      "0)");
  if (!inbox.ok()) return inbox.status();
  int inserted = 0;
  for (size_t i = 0; i < deliveries.size(); ++i) {
    DeliveryRecord& d = deliveries[i];
    const int64_t id = *first + static_cast<int64_t>(i);
    const bool to_inbox =
        d.channel == v1::CHANNEL_INBOX && d.state == v1::DELIVERY_STATE_PENDING;
    if (to_inbox) {
      d.state = v1::DELIVERY_STATE_SENT;
      d.sent_time = now;
      d.attempts = 1;
    }
    auto added = RunPrepared(**insert, {id,
                                        d.idempotency_key,
                                        d.group_key,
                                        int64_t{d.year},
                                        int64_t{d.kind},
                                        int64_t{d.channel},
                                        d.org,
                                        d.about_org,
                                        absl::StrJoin(d.programmes, ","),
                                        d.contact_id,
                                        d.address,
                                        d.subject,
                                        d.body,
                                        FieldsText(d.fields),
                                        int64_t{d.state},
                                        int64_t{d.attempts},
                                        d.last_error,
                                        Micros(d.next_attempt),
                                        Micros(d.sent_time),
                                        Micros(d.due_time),
                                        d.message_id,
                                        d.note});
    if (!added.ok()) return added.status();
    if (*added == 0) continue;  // the key exists: once
    ++inserted;
    if (!to_inbox) continue;
    const std::string body =
        d.note.empty() ? d.body : absl::StrCat(d.body, "\n(", d.note, ")");
    auto row = RunPrepared(
        **inbox, {*inbox_first + static_cast<int64_t>(i), id, d.org,
                  d.contact_id, int64_t{d.kind}, d.subject, body, Micros(now)});
    if (!row.ok()) return row.status();
  }
  return inserted;
}

// One delivery per key within a batch (the first).
void Deduplicate(std::vector<DeliveryRecord>& deliveries) {
  std::set<std::string> seen;
  std::vector<DeliveryRecord> unique;
  for (DeliveryRecord& d : deliveries) {
    if (seen.insert(d.idempotency_key).second) unique.push_back(std::move(d));
  }
  deliveries = std::move(unique);
}

// The outage rule: of several deliveries of one group, the latest is sent
// and its note counts the rest, which are SKIPPED.
void CollapseGroups(std::vector<DeliveryRecord>& deliveries) {
  Deduplicate(deliveries);
  std::map<std::string, std::vector<DeliveryRecord*>> groups;
  for (DeliveryRecord& d : deliveries) groups[d.group_key].push_back(&d);
  for (auto& [key, members] : groups) {
    if (members.size() < 2) continue;
    std::sort(members.begin(), members.end(),
              [](const DeliveryRecord* a, const DeliveryRecord* b) {
                return a->due_time < b->due_time;
              });
    DeliveryRecord* latest = members.back();
    latest->note = absl::StrCat("停机期间另有 ", members.size() - 1, " 条",
                                KindLabel(latest->kind), "未补发");
    for (size_t i = 0; i + 1 < members.size(); ++i) {
      members[i]->state = v1::DELIVERY_STATE_SKIPPED;
      members[i]->note =
          absl::StrCat("停机期间未发送, 已由 ",
                       FormatShanghai(latest->due_time), " 的通知取代");
    }
  }
}

absl::StatusOr<v1::Contact> ParseContact(const std::string& blob) {
  v1::Contact contact;
  if (!contact.ParseFromString(blob)) {
    return absl::DataLossError("a stored contact cannot be parsed");
  }
  return contact;
}

v1::InboxMessage ReadInbox(const Statement& st) {
  v1::InboxMessage m;
  m.set_id(absl::StrCat(st.ColumnInt64(0)));
  m.set_org(st.ColumnText(1));
  m.set_contact_id(st.ColumnText(2));
  m.set_kind(static_cast<v1::NoticeKind>(st.ColumnInt64(3)));
  m.set_subject(st.ColumnText(4));
  m.set_body(st.ColumnText(5));
  m.set_create_time(FormatShanghai(FromMicros(st.ColumnInt64(6))));
  const int64_t read = st.ColumnInt64(7);
  m.set_read(read != 0);
  if (read != 0) m.set_read_time(FormatShanghai(FromMicros(read)));
  return m;
}

constexpr char kInboxColumns[] =
    "id, org, contact_id, kind, subject, body, create_time, read_time";

}  // namespace

absl::StatusOr<std::unique_ptr<NotificationStore>> NotificationStore::Open(
    const storage::DatabaseSettings& settings) {
  auto db = storage::OpenDatabase(settings);
  if (!db.ok()) return db.status();
  return Create(*std::move(db));
}

absl::StatusOr<std::unique_ptr<NotificationStore>> NotificationStore::Create(
    std::unique_ptr<storage::Database> db) {
  auto migrated = storage::ApplyMigrations(*db, "notification", kMigrations);
  if (!migrated.ok()) return migrated.status();
  return std::unique_ptr<NotificationStore>(
      new NotificationStore(std::move(db)));
}

// --- Contacts ---

absl::StatusOr<v1::Contact> NotificationStore::PutContact(v1::Contact contact,
                                                          absl::Time now) {
  auto tx = db_->Begin(TransactionMode::kWrite);
  if (!tx.ok()) return tx.status();
  if (contact.id().empty()) {
    auto n = Reserve(**tx, "contact", 1);
    if (!n.ok()) return n.status();
    contact.set_id(absl::StrCat("c", *n));
  }
  contact.set_update_time(FormatShanghai(now));
  auto run =
      Exec(**tx,
           "INSERT INTO contacts (id, org, body) VALUES ($1, $2, $3) "
           "ON CONFLICT (id) DO UPDATE SET org = $2, body = $3",
           {contact.id(), contact.org(), Blob{contact.SerializeAsString()}});
  if (!run.ok()) return run.status();
  if (auto s = (*tx)->Commit(); !s.ok()) return s;
  return contact;
}

absl::StatusOr<v1::Contact> NotificationStore::GetContact(
    const std::string& id) {
  auto tx = db_->Begin(TransactionMode::kRead);
  if (!tx.ok()) return tx.status();
  auto st = Prepare(**tx, "SELECT body FROM contacts WHERE id = $1", {id});
  if (!st.ok()) return st.status();
  auto row = (*st)->Step();
  if (!row.ok()) return row.status();
  if (!*row)
    return absl::NotFoundError(absl::StrCat("contact ", id, ": 不存在"));
  return ParseContact((*st)->ColumnBlob(0));
}

absl::StatusOr<std::vector<v1::Contact>> NotificationStore::ListContacts(
    const std::string& org) {
  auto tx = db_->Begin(TransactionMode::kRead);
  if (!tx.ok()) return tx.status();
  auto st = Prepare(
      **tx, "SELECT body FROM contacts WHERE org = $1 ORDER BY id", {org});
  if (!st.ok()) return st.status();
  std::vector<v1::Contact> out;
  while (true) {
    auto row = (*st)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    auto contact = ParseContact((*st)->ColumnBlob(0));
    if (!contact.ok()) return contact.status();
    out.push_back(*std::move(contact));
  }
  return out;
}

absl::Status NotificationStore::DeleteContact(const std::string& org,
                                              const std::string& id) {
  auto tx = db_->Begin(TransactionMode::kWrite);
  if (!tx.ok()) return tx.status();
  auto run =
      Exec(**tx, "DELETE FROM contacts WHERE id = $1 AND org = $2", {id, org});
  if (!run.ok()) return run.status();
  if (*run == 0) {
    return absl::NotFoundError(
        absl::StrCat("id: ", org, " 没有联系人 \"", id.substr(0, 64), "\""));
  }
  return (*tx)->Commit();
}

absl::StatusOr<ContactBook> NotificationStore::AllContacts() {
  auto tx = db_->Begin(TransactionMode::kRead);
  if (!tx.ok()) return tx.status();
  auto st = Prepare(**tx, "SELECT body FROM contacts ORDER BY id", {});
  if (!st.ok()) return st.status();
  ContactBook book;
  while (true) {
    auto row = (*st)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    auto contact = ParseContact((*st)->ColumnBlob(0));
    if (!contact.ok()) return contact.status();
    book[contact->org()].push_back(*std::move(contact));
  }
  return book;
}

// --- Policies ---

absl::StatusOr<std::optional<v1::ReminderPolicy>> NotificationStore::GetPolicy(
    int year) {
  auto tx = db_->Begin(TransactionMode::kRead);
  if (!tx.ok()) return tx.status();
  auto st = Prepare(**tx, "SELECT body FROM reminder_policies WHERE year = $1",
                    {int64_t{year}});
  if (!st.ok()) return st.status();
  auto row = (*st)->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<v1::ReminderPolicy>();
  v1::ReminderPolicy policy;
  if (!policy.ParseFromString((*st)->ColumnBlob(0))) {
    return absl::DataLossError("a stored policy cannot be parsed");
  }
  return std::optional<v1::ReminderPolicy>(policy);
}

absl::Status NotificationStore::SetPolicy(const v1::ReminderPolicy& policy) {
  auto tx = db_->Begin(TransactionMode::kWrite);
  if (!tx.ok()) return tx.status();
  auto run = Exec(**tx,
                  "INSERT INTO reminder_policies (year, body) VALUES ($1, $2) "
                  "ON CONFLICT (year) DO UPDATE SET body = $2",
                  {int64_t{policy.year()}, Blob{policy.SerializeAsString()}});
  if (!run.ok()) return run.status();
  return (*tx)->Commit();
}

absl::StatusOr<std::vector<int>> NotificationStore::PolicyYears() {
  auto tx = db_->Begin(TransactionMode::kRead);
  if (!tx.ok()) return tx.status();
  auto st =
      Prepare(**tx, "SELECT year FROM reminder_policies ORDER BY year", {});
  if (!st.ok()) return st.status();
  std::vector<int> years;
  while (true) {
    auto row = (*st)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    years.push_back(static_cast<int>((*st)->ColumnInt64(0)));
  }
  return years;
}

// --- Planning and events ---

absl::StatusOr<std::optional<absl::Time>> NotificationStore::PlannedThrough(
    int year) {
  auto tx = db_->Begin(TransactionMode::kRead);
  if (!tx.ok()) return tx.status();
  auto st = Prepare(
      **tx, "SELECT planned_through FROM plan_watermarks WHERE year = $1",
      {int64_t{year}});
  if (!st.ok()) return st.status();
  auto row = (*st)->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<absl::Time>();
  return std::optional<absl::Time>(absl::FromUnixMicros((*st)->ColumnInt64(0)));
}

absl::StatusOr<int> NotificationStore::InsertPlanned(
    int year, std::vector<DeliveryRecord> deliveries, absl::Time through,
    absl::Time now) {
  CollapseGroups(deliveries);
  auto tx = db_->Begin(TransactionMode::kWrite);
  if (!tx.ok()) return tx.status();
  // Read again under the write lock: another replica that planned this
  // window already has moved the watermark; its rows stand (their keys
  // would insert nothing anyway) and the watermark never moves back.
  auto st = Prepare(
      **tx, "SELECT planned_through FROM plan_watermarks WHERE year = $1",
      {int64_t{year}});
  if (!st.ok()) return st.status();
  auto row = (*st)->Step();
  if (!row.ok()) return row.status();
  if (*row && (*st)->ColumnInt64(0) >= absl::ToUnixMicros(through)) return 0;
  auto inserted = InsertAll(**tx, deliveries, now);
  if (!inserted.ok()) return inserted.status();
  auto mark = Exec(**tx,
                   "INSERT INTO plan_watermarks (year, planned_through) "
                   "VALUES ($1, $2) ON CONFLICT (year) DO UPDATE SET "
                   "planned_through = $2",
                   {int64_t{year}, absl::ToUnixMicros(through)});
  if (!mark.ok()) return mark.status();
  if (auto s = (*tx)->Commit(); !s.ok()) return s;
  return inserted;
}

absl::StatusOr<int64_t> NotificationStore::EventCursor() {
  auto tx = db_->Begin(TransactionMode::kRead);
  if (!tx.ok()) return tx.status();
  return ReadCounter(**tx, "event_cursor");
}

absl::StatusOr<int> NotificationStore::InsertEvents(
    std::vector<DeliveryRecord> deliveries, int64_t cursor, absl::Time now) {
  Deduplicate(deliveries);
  auto tx = db_->Begin(TransactionMode::kWrite);
  if (!tx.ok()) return tx.status();
  // Under the write lock: events another replica has already turned into
  // deliveries are not inserted again, and the cursor never moves back.
  auto stored = ReadCounter(**tx, "event_cursor");
  if (!stored.ok()) return stored.status();
  if (*stored >= cursor) return 0;
  auto inserted = InsertAll(**tx, deliveries, now);
  if (!inserted.ok()) return inserted.status();
  auto moved = Exec(**tx, "UPDATE counters SET value = $1 WHERE name = $2",
                    {cursor, std::string("event_cursor")});
  if (!moved.ok()) return moved.status();
  if (auto s = (*tx)->Commit(); !s.ok()) return s;
  return inserted;
}

// --- Dispatch ---

absl::StatusOr<std::vector<DeliveryRecord>> NotificationStore::DueDeliveries(
    const DispatchTurn& turn, int limit) {
  return QueryDeliveries(
      *db_, kClaimable,
      {Micros(turn.now), Micros(turn.lease_now), int64_t{limit}},
      "ORDER BY next_attempt, id LIMIT $3");
}

absl::StatusOr<bool> NotificationStore::HasLaterDue(const DeliveryRecord& r,
                                                    absl::Time now) {
  auto later = QueryDeliveries(
      *db_, "group_key = $1 AND due_time > $2 AND due_time <= $3",
      {r.group_key, Micros(r.due_time), Micros(now)}, "LIMIT 1");
  if (!later.ok()) return later.status();
  return !later->empty();
}

absl::StatusOr<bool> NotificationStore::SetState(
    int64_t id, v1::DeliveryState state, const DispatchTurn& turn,
    absl::string_view extra_sql,
    const std::vector<std::variant<int64_t, std::string>>& extra) {
  auto tx = db_->Begin(TransactionMode::kWrite);
  if (!tx.ok()) return tx.status();
  // $1, $2: kClaimable's; then id, state, the holder; then `extra`.
  std::vector<Param> params = {Micros(turn.now), Micros(turn.lease_now), id,
                               int64_t{state}, turn.replica};
  for (const auto& value : extra) {
    std::visit([&params](const auto& v) { params.push_back(v); }, value);
  }
  auto run = Exec(**tx,
                  absl::StrCat("UPDATE deliveries SET state = $4", extra_sql,
                               " WHERE id = $3 AND ((", kClaimable,
                               ") OR (state = ", v1::DELIVERY_STATE_SENDING,
                               " AND claimed_by = $5))"),
                  params);
  if (!run.ok()) return run.status();
  if (*run == 0) return false;
  if (auto s = (*tx)->Commit(); !s.ok()) return s;
  return true;
}

absl::StatusOr<bool> NotificationStore::Claim(int64_t id,
                                              const DispatchTurn& turn,
                                              absl::Time lease_until) {
  return SetState(
      id, v1::DELIVERY_STATE_SENDING, turn,
      ", attempts = attempts + 1, claimed_by = $5, claimed_until = $6",
      {Micros(lease_until)});
}

absl::StatusOr<bool> NotificationStore::MarkSent(int64_t id,
                                                 const DispatchTurn& turn,
                                                 absl::Time sent) {
  return SetState(id, v1::DELIVERY_STATE_SENT, turn,
                  ", sent_time = $6, last_error = ''", {Micros(sent)});
}

absl::StatusOr<bool> NotificationStore::MarkRetry(int64_t id,
                                                  const DispatchTurn& turn,
                                                  absl::Time next,
                                                  const std::string& error) {
  return SetState(id, v1::DELIVERY_STATE_PENDING, turn,
                  ", last_error = $6, next_attempt = $7",
                  {error.substr(0, 1000), Micros(next)});
}

absl::StatusOr<bool> NotificationStore::MarkDead(int64_t id,
                                                 const DispatchTurn& turn,
                                                 const std::string& error) {
  return SetState(id, v1::DELIVERY_STATE_DEAD, turn, ", last_error = $6",
                  {error.substr(0, 1000)});
}

absl::StatusOr<bool> NotificationStore::MarkSkipped(int64_t id,
                                                    const DispatchTurn& turn,
                                                    const std::string& note) {
  return SetState(id, v1::DELIVERY_STATE_SKIPPED, turn, ", note = $6", {note});
}

absl::StatusOr<DeliveryRecord> NotificationStore::GetDelivery(int64_t id) {
  auto found = QueryDeliveries(*db_, "id = $1", {id}, "");
  if (!found.ok()) return found.status();
  if (found->empty()) {
    return absl::NotFoundError(absl::StrCat("id: 投递记录 ", id, " 不存在"));
  }
  return found->front();
}

absl::StatusOr<std::vector<DeliveryRecord>> NotificationStore::ListDeliveries(
    const DeliveryFilter& f) {
  std::vector<std::string> where = {"id > $1"};
  std::vector<Param> params = {f.after_id};
  if (f.year != 0) {
    params.push_back(int64_t{f.year});
    where.push_back(absl::StrCat("year = $", params.size()));
  }
  if (!f.org.empty()) {
    params.push_back(f.org);
    where.push_back(absl::StrCat("org = $", params.size()));
  }
  if (f.state != v1::DELIVERY_STATE_UNSPECIFIED) {
    params.push_back(int64_t{f.state});
    where.push_back(absl::StrCat("state = $", params.size()));
  }
  params.push_back(int64_t{f.limit});
  return QueryDeliveries(*db_, absl::StrJoin(where, " AND "), params,
                         absl::StrCat("ORDER BY id LIMIT $", params.size()));
}

absl::StatusOr<DeliveryRecord> NotificationStore::Resend(int64_t id,
                                                         absl::Time now) {
  auto record = GetDelivery(id);
  if (!record.ok()) return record.status();
  if (record->channel == v1::CHANNEL_INBOX) {
    return absl::FailedPreconditionError("id: 站内信已在收件箱中, 无需重发");
  }
  if (record->state != v1::DELIVERY_STATE_DEAD &&
      record->state != v1::DELIVERY_STATE_SENT) {
    return absl::FailedPreconditionError(
        absl::StrCat("id: 只能重发已失败或已发送的投递 (state ",
                     v1::DeliveryState_Name(record->state), ")"));
  }
  auto tx = db_->Begin(TransactionMode::kWrite);
  if (!tx.ok()) return tx.status();
  // Guarded by the state read above: a concurrent resend changes nothing.
  auto run = Exec(**tx,
                  "UPDATE deliveries SET state = $2, attempts = 0, "
                  "next_attempt = $3, note = $4 WHERE id = $1 AND state = $5",
                  {id, int64_t{v1::DELIVERY_STATE_PENDING}, Micros(now),
                   std::string("运维人员重发"), int64_t{record->state}});
  if (!run.ok()) return run.status();
  if (*run == 0) return absl::AbortedError("id: 投递记录已变化, 请重试");
  if (auto s = (*tx)->Commit(); !s.ok()) return s;
  return GetDelivery(id);
}

// --- Inbox ---

absl::StatusOr<InboxPage> NotificationStore::ListInbox(const std::string& org,
                                                       bool unread_only,
                                                       int64_t before_id,
                                                       int limit) {
  auto tx = db_->Begin(TransactionMode::kRead);
  if (!tx.ok()) return tx.status();
  InboxPage page;
  const std::string unread = unread_only ? " AND read_time = 0" : "";
  std::vector<Param> params = {org, int64_t{limit + 1}};
  if (before_id > 0) params.push_back(before_id);
  auto st = Prepare(
      **tx,
      absl::StrCat("SELECT ", kInboxColumns, " FROM inbox WHERE org = $1",
                   before_id > 0 ? " AND id < $3" : "", unread,
                   " ORDER BY id DESC LIMIT $2"),
      params);
  if (!st.ok()) return st.status();
  while (true) {
    auto row = (*st)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    if (static_cast<int>(page.messages.size()) == limit) {
      page.last_id = std::stoll(page.messages.back().id());
      break;
    }
    page.messages.push_back(ReadInbox(**st));
  }
  auto count = Prepare(
      **tx, "SELECT COUNT(*) FROM inbox WHERE org = $1 AND read_time = 0",
      {org});
  if (!count.ok()) return count.status();
  auto row = (*count)->Step();
  if (!row.ok()) return row.status();
  page.unread = static_cast<int>((*count)->ColumnInt64(0));
  return page;
}

absl::StatusOr<v1::InboxMessage> NotificationStore::MarkRead(
    const std::string& org, int64_t id, absl::Time now) {
  auto tx = db_->Begin(TransactionMode::kWrite);
  if (!tx.ok()) return tx.status();
  auto run = Exec(**tx,
                  "UPDATE inbox SET read_time = $3 WHERE id = $1 AND org = $2 "
                  "AND read_time = 0",
                  {id, org, Micros(now)});
  if (!run.ok()) return run.status();
  auto st = Prepare(**tx,
                    absl::StrCat("SELECT ", kInboxColumns,
                                 " FROM inbox WHERE id = $1 AND org = $2"),
                    {id, org});
  if (!st.ok()) return st.status();
  auto row = (*st)->Step();
  if (!row.ok()) return row.status();
  if (!*row) {
    return absl::NotFoundError(
        absl::StrCat("id: ", org, " 的收件箱中没有消息 ", id));
  }
  v1::InboxMessage message = ReadInbox(**st);
  if (auto s = (*tx)->Commit(); !s.ok()) return s;
  return message;
}

}  // namespace anju::notification
