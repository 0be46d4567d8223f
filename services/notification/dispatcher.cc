#include "services/notification/dispatcher.h"

#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>

#include "absl/strings/str_cat.h"

namespace anju::notification {

absl::StatusOr<v1::ReminderPolicy> EffectivePolicy(
    NotificationStore& store, const v1::ReminderPolicy& defaults, int year) {
  auto own = store.GetPolicy(year);
  if (!own.ok()) return own.status();
  if (own->has_value()) return **own;
  v1::ReminderPolicy policy = defaults;
  policy.set_year(year);
  policy.set_is_default(true);
  return policy;
}

// ListReports answers of one round, keyed by (year, city, programme).
struct Dispatcher::StateCache {
  std::map<std::tuple<int, std::string, std::string>,
           std::map<std::string, v1::ReportState>>
      answers;
};

Dispatcher::Dispatcher(NotificationStore* store, SubmissionView* submission,
                       const orgs::OrgTree* tree, const Clock* clock,
                       std::map<v1::Channel, Sender*> senders,
                       v1::ReminderPolicy default_policy,
                       DispatcherOptions options, const common::Logger* log)
    : store_(store),
      submission_(submission),
      tree_(tree),
      clock_(clock),
      senders_(std::move(senders)),
      default_policy_(std::move(default_policy)),
      options_(std::move(options)),
      log_(log) {}

Dispatcher::~Dispatcher() { Stop(); }

void Dispatcher::Start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { Loop(); });
}

void Dispatcher::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

void Dispatcher::Loop() {
  while (true) {
    RunOnce().IgnoreError();  // each failure is logged; the next tick retries
    absl::MutexLock lock(&mu_);
    // Wakes early only to stop.
    auto stopping = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return stopping_;
    };
    if (mu_.AwaitWithTimeout(absl::Condition(&stopping), options_.tick)) {
      return;
    }
  }
}

void Dispatcher::Warn(absl::string_view what,
                      const absl::Status& status) const {
  if (log_ != nullptr) log_->Warning(what, {{"error", status.ToString()}});
}

absl::Status Dispatcher::RunOnce() {
  const absl::Time now = clock_->Now();
  absl::Status first = absl::OkStatus();
  for (auto [name, status] :
       {std::pair<const char*, absl::Status>{"planning failed", PlanDue(now)},
        {"event polling failed", PollEvents(now)},
        {"sending failed", SendDue(now)}}) {
    if (!status.ok()) {
      Warn(name, status);
      if (first.ok()) first = status;
    }
  }
  return first;
}

std::vector<int> Dispatcher::YearsToPlan(absl::Time now) {
  std::set<int> years(options_.years.begin(), options_.years.end());
  if (years.empty()) {
    const int this_year =
        static_cast<int>(absl::ToCivilYear(now, ShanghaiZone()).year());
    years = {this_year - 1, this_year};
  }
  if (auto set = store_->PolicyYears(); set.ok()) {
    years.insert(set->begin(), set->end());
  }
  return {years.begin(), years.end()};
}

absl::Status Dispatcher::PlanDue(absl::Time now) {
  absl::Status first = absl::OkStatus();
  for (int year : YearsToPlan(now)) {
    absl::Status s = PlanYear(year, now);
    if (!s.ok() && first.ok()) first = s;
  }
  return first;
}

absl::Status Dispatcher::PlanYear(int year, absl::Time now) {
  auto campaign = submission_->GetCampaign(year);
  if (absl::IsNotFound(campaign.status())) return absl::OkStatus();
  if (!campaign.ok()) return campaign.status();
  auto calendar = CalendarOf(*campaign);
  if (!calendar.ok()) return calendar.status();
  auto policy = EffectivePolicy(*store_, default_policy_, year);
  if (!policy.ok()) return policy.status();
  auto through = store_->PlannedThrough(year);
  if (!through.ok()) return through.status();
  const absl::Time from =
      through->has_value() ? **through : now - options_.initial_lookback;
  if (from >= now) return absl::OkStatus();
  std::vector<DeliveryRecord> deliveries;
  if (AnyDueIn(*calendar, *policy, from, now)) {
    auto states = FetchReportStates(*submission_, *tree_, *calendar);
    if (!states.ok()) return states.status();
    auto contacts = store_->AllContacts();
    if (!contacts.ok()) return contacts.status();
    PlanInput input{tree_, *calendar, *policy, &*states, &*contacts, from, now};
    for (const PlannedItem& item : PlanNotices(input)) {
      for (DeliveryRecord& d : DeliveriesOf(item, year, *tree_)) {
        deliveries.push_back(std::move(d));
      }
    }
  }
  const size_t planned = deliveries.size();
  auto inserted = store_->InsertPlanned(year, std::move(deliveries), now, now);
  if (!inserted.ok()) return inserted.status();
  if (log_ != nullptr && planned > 0) {
    log_->Info("planned", {{"year", year},
                           {"deliveries", static_cast<int64_t>(planned)},
                           {"inserted", *inserted},
                           {"through", FormatShanghai(now)}});
  }
  return absl::OkStatus();
}

absl::Status Dispatcher::PollEvents(absl::Time now) {
  constexpr int kLimit = 100;
  for (int round = 0; round < 10; ++round) {  // at most 1000 events a tick
    auto cursor = store_->EventCursor();
    if (!cursor.ok()) return cursor.status();
    auto events = submission_->ListReportEvents(*cursor, kLimit);
    if (absl::IsUnimplemented(events.status())) return absl::OkStatus();
    if (!events.ok()) return events.status();
    if (events->events().empty()) return absl::OkStatus();
    auto contacts = store_->AllContacts();
    if (!contacts.ok()) return contacts.status();
    std::vector<DeliveryRecord> deliveries;
    for (const v1::ReportEvent& event : events->events()) {
      auto time = ParseInstant(event.time(), "event.time");
      for (DeliveryRecord& d : DeliveriesOfEvent(event, time.ok() ? *time : now,
                                                 *contacts, *tree_)) {
        d.next_attempt = now;  // events go out when seen
        deliveries.push_back(std::move(d));
      }
    }
    auto inserted = store_->InsertEvents(std::move(deliveries),
                                         events->last_sequence(), now);
    if (!inserted.ok()) return inserted.status();
    if (events->events_size() < kLimit) return absl::OkStatus();
  }
  return absl::OkStatus();
}

absl::StatusOr<bool> Dispatcher::StillMissing(const DeliveryRecord& record,
                                              StateCache& cache) {
  const orgs::Org* org = tree_->FindByCode(record.about_org);
  if (org == nullptr) return false;
  std::string city = org->code;
  if (org->level == orgs::OrgLevel::kCounty) {
    auto parent = tree_->CityOf(org->code);
    if (!parent.ok()) return true;  // no city to ask: keep the notice
    city = (*parent)->code;
  }
  for (const std::string& programme : record.programmes) {
    auto key = std::make_tuple(record.year, city, programme);
    auto found = cache.answers.find(key);
    if (found == cache.answers.end()) {
      v1::ListReportsRequest request;
      request.set_city(city);
      request.set_programme(programme);
      request.set_year(record.year);
      request.set_include_city(true);
      auto response = submission_->ListReports(request);
      if (!response.ok()) return response.status();
      std::map<std::string, v1::ReportState> states;
      for (const auto& entry : response->reports()) {
        states[entry.org()] = entry.state();
      }
      found = cache.answers.emplace(key, std::move(states)).first;
    }
    auto state = found->second.find(record.about_org);
    if (state == found->second.end() || !IsSubmitted(state->second)) {
      return true;
    }
  }
  return false;
}

absl::Time Dispatcher::LeaseNow() const {
  return (options_.lease_clock != nullptr ? options_.lease_clock : clock_)
      ->Now();
}

absl::Status Dispatcher::SendDue(absl::Time now) {
  const DispatchTurn turn{options_.replica_id, now, LeaseNow()};
  auto due = store_->DueDeliveries(turn, options_.send_batch);
  if (!due.ok()) return due.status();
  StateCache cache;
  absl::Status first = absl::OkStatus();
  for (const DeliveryRecord& record : *due) {
    absl::Status s = SendOne(record, turn, cache);
    if (!s.ok() && first.ok()) first = s;
  }
  return first;
}

// Each Mark… below changes nothing (false, not an error) when another
// replica holds the row meanwhile.
absl::Status Dispatcher::SendOne(const DeliveryRecord& record,
                                 const DispatchTurn& turn, StateCache& cache) {
  if (IsPlannedKind(record.kind)) {
    auto later = store_->HasLaterDue(record, turn.now);
    if (!later.ok()) return later.status();
    if (*later) {
      return store_->MarkSkipped(record.id, turn, "已由更新的一条通知取代")
          .status();
    }
    auto missing = StillMissing(record, cache);
    if (!missing.ok()) return missing.status();  // ask again next tick
    if (!*missing) {
      return store_->MarkSkipped(record.id, turn, "报告已报送, 不再提醒")
          .status();
    }
  }
  auto sender = senders_.find(record.channel);
  if (sender == senders_.end() || sender->second == nullptr) {
    return store_
        ->MarkDead(
            record.id, turn,
            absl::StrCat("渠道 ", ChannelName(record.channel), " 未配置"))
        .status();
  }
  auto contact = store_->GetContact(record.contact_id);
  if (absl::IsNotFound(contact.status())) {
    return store_->MarkSkipped(record.id, turn, "联系人已删除").status();
  }
  if (!contact.ok()) return contact.status();
  Notice notice;
  notice.idempotency_key = record.idempotency_key;
  notice.kind = record.kind;
  notice.org = record.org;
  const orgs::Org* org = tree_->FindByCode(record.org);
  notice.org_name = org == nullptr ? record.org : org->name;
  notice.subject = record.subject;
  notice.body = record.note.empty()
                    ? record.body
                    : absl::StrCat(record.body, "\n(", record.note, ")");
  notice.due_time = record.due_time;
  notice.fields = record.fields;
  notice.fields["kind"] = KindKey(record.kind);
  notice.fields["due_time"] = FormatShanghai(record.due_time);
  if (!record.note.empty()) notice.fields["note"] = record.note;
  notice.recipient_name = contact->name();
  notice.address = record.address;
  notice.webhook_secret = contact->webhook_secret();
  return ClaimAndSend(record, turn, *sender->second, notice);
}

absl::Status Dispatcher::ClaimAndSend(const DeliveryRecord& record,
                                      const DispatchTurn& turn, Sender& sender,
                                      const Notice& notice) {
  // Committed before the attempt: a crash from here on leaves SENDING,
  // which is sent again with the same key once the lease has run out.
  auto won = store_->Claim(record.id, turn, LeaseNow() + options_.claim_lease);
  if (!won.ok()) return won.status();
  if (!*won) return absl::OkStatus();  // another replica's
  const absl::Status sent = sender.Send(notice);
  absl::StatusOr<bool> recorded = false;
  const std::string error = sent.ToString();
  if (sent.ok()) {
    recorded = store_->MarkSent(record.id, turn, clock_->Now());
  } else if (auto wait = IsRetryable(sent)
                             ? options_.retry.BackoffAfter(record.attempts + 1)
                             : std::nullopt) {
    recorded = store_->MarkRetry(record.id, turn, turn.now + *wait, error);
  } else {
    if (log_ != nullptr) {
      log_->Warning("dead letter", {{"delivery", record.id},
                                    {"channel", ChannelName(record.channel)},
                                    {"error", error}});
    }
    recorded = store_->MarkDead(record.id, turn, error);
  }
  if (!recorded.ok()) return recorded.status();
  if (!*recorded) {
    // The lease ran out during the attempt and another replica took the
    // row over: it may be sent twice (same key). claim_lease is too short.
    return absl::AbortedError(
        absl::StrCat("delivery ", record.id,
                     ": claim lost during the attempt; "
                     "claim_lease is shorter than an attempt"));
  }
  return absl::OkStatus();
}

}  // namespace anju::notification
