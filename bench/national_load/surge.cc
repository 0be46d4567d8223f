#include "bench/national_load/surge.h"

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <queue>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"

namespace anju::bench {
namespace {

using Clock = std::chrono::steady_clock;

struct Arrival {
  Clock::time_point due;
  std::string org;
  int city = -1;  // index into Country::cities
  bool is_city = false;
  bool operator>(const Arrival& other) const { return due > other.due; }
};

// Where in the hour (0–1) the n-th of `count` orgs arrives: evenly spread
// quantiles of a density rising linearly to the deadline, shuffled over
// the orgs by a fixed stride so that neighbours do not file together.
double ArrivalFraction(size_t n, size_t count) {
  const size_t stride = 7919;  // a prime, coprime with any count we have
  const size_t k = (n * stride) % count;
  return std::sqrt((k + 0.5) / count);
}

class Surge {
 public:
  Surge(const Country& country, const FactMaker& facts,
        const Principals& principals, std::shared_ptr<grpc::Channel> channel,
        const SurgeOptions& options, Recorder& recorder)
      : country_(country),
        facts_(facts),
        principals_(principals),
        stub_(v1::SubmissionService::NewStub(channel)),
        options_(options),
        recorder_(recorder) {}

  SurgeResult Run() {
    Schedule();
    std::vector<std::thread> threads;
    for (int i = 0; i < options_.threads; ++i) {
      threads.emplace_back([this] { Work(); });
    }
    for (std::thread& t : threads) t.join();
    result_.seconds =
        std::chrono::duration<double>(last_done_ - start_).count();
    return result_;
  }

 private:
  Clock::duration Simulated(double fraction) const {
    return std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double>(fraction * options_.hour_seconds));
  }

  void Schedule() {
    start_ = last_done_ = Clock::now();
    limit_ =
        start_ + std::chrono::duration_cast<Clock::duration>(
                     std::chrono::duration<double>(options_.limit_seconds));
    size_t n = 0;
    const size_t count = static_cast<size_t>(country_.counties);
    for (size_t c = 0; c < country_.cities.size(); ++c) {
      const FilingCity& city = country_.cities[c];
      pending_.push_back(static_cast<int>(city.counties.size()));
      for (const std::string& county : city.counties) {
        queue_.push({start_ + Simulated(ArrivalFraction(n++, count)), county,
                     static_cast<int>(c), false});
      }
      if (city.counties.empty()) PushCity(c);
    }
    result_.orgs_total =
        static_cast<int>(country_.cities.size()) + country_.counties;
  }

  // A city files five simulated minutes after its last county. Called
  // with mu_ held (or before the threads start).
  void PushCity(size_t c) {
    queue_.push({Clock::now() + Simulated(5.0 / 60), country_.cities[c].code,
                 static_cast<int>(c), true});
  }

  void Work() {
    while (true) {
      Arrival next;
      {
        std::unique_lock<std::mutex> lock(mu_);
        ready_.wait(lock, [&] { return !queue_.empty() || in_flight_ == 0; });
        if (queue_.empty()) return;  // nothing queued, nothing to come
        next = queue_.top();
        queue_.pop();
        ++in_flight_;
      }
      std::this_thread::sleep_until(std::min(next.due, limit_));
      const bool filed = Clock::now() < limit_ && File(next.org);
      std::lock_guard<std::mutex> lock(mu_);
      --in_flight_;
      if (Clock::now() >= limit_) result_.hit_limit = true;
      if (filed) {
        ++result_.orgs_filed;
        last_done_ = Clock::now();
        Progress();
      }
      if (!next.is_city && --pending_[next.city] == 0) PushCity(next.city);
      ready_.notify_all();
    }
  }

  // A line on stderr at every tenth of the orgs, so that a long run shows
  // whether it keeps up with the schedule. Called with mu_ held.
  void Progress() const {
    const int step = std::max(1, result_.orgs_total / 10);
    if (result_.orgs_filed % step != 0) return;
    std::fprintf(stderr, "%6.1f s: %d of %d orgs filed\n",
                 std::chrono::duration<double>(last_done_ - start_).count(),
                 result_.orgs_filed, result_.orgs_total);
  }

  // Saves and submits each programme's report; false when any call failed.
  bool File(const std::string& org) {
    auto token = principals_.filer_tokens.find(org);
    const std::string bearer =
        token == principals_.filer_tokens.end() ? "" : token->second;
    bool ok = true;
    for (const std::string& programme : facts_.programmes()) {
      v1::SaveDraftRequest save;
      save.set_org(org);
      save.set_programme(programme);
      save.set_year(kFilingYear);
      for (auto& [name, fact] : facts_.FactsFor(org, programme)) {
        (*save.mutable_facts())[name] = fact;
      }
      v1::Report draft;
      grpc::Status s = Timed(recorder_, "SaveDraft", [&] {
        grpc::ClientContext context;
        PrepareContext(context, bearer, options_.call_deadline);
        return stub_->SaveDraft(&context, save, &draft);
      });
      if (!s.ok()) {
        ok = false;
        continue;
      }
      v1::SubmitReportRequest submit;
      submit.set_org(org);
      submit.set_programme(programme);
      submit.set_year(kFilingYear);
      submit.set_etag(draft.etag());
      v1::Report submitted;
      s = Timed(recorder_, "SubmitReport", [&] {
        grpc::ClientContext context;
        PrepareContext(context, bearer, options_.call_deadline);
        return stub_->SubmitReport(&context, submit, &submitted);
      });
      if (s.ok()) {
        std::lock_guard<std::mutex> lock(mu_);
        ++result_.reports_submitted;
      } else {
        ok = false;
      }
    }
    return ok;
  }

  const Country& country_;
  const FactMaker& facts_;
  const Principals& principals_;
  std::unique_ptr<v1::SubmissionService::Stub> stub_;
  const SurgeOptions options_;
  Recorder& recorder_;

  std::mutex mu_;
  std::condition_variable ready_;
  std::priority_queue<Arrival, std::vector<Arrival>, std::greater<Arrival>>
      queue_;
  std::vector<int> pending_;  // counties of each city still to file
  int in_flight_ = 0;
  Clock::time_point start_, limit_, last_done_;
  SurgeResult result_;
};

}  // namespace

void PrepareContext(grpc::ClientContext& context, const std::string& token,
                    std::chrono::seconds deadline) {
  if (!token.empty()) {
    context.AddMetadata("authorization", absl::StrCat("Bearer ", token));
  }
  context.set_deadline(std::chrono::system_clock::now() + deadline);
}

SurgeResult RunSurge(const Country& country, const FactMaker& facts,
                     const Principals& principals,
                     std::shared_ptr<grpc::Channel> submission,
                     const SurgeOptions& options, Recorder& recorder) {
  return Surge(country, facts, principals, std::move(submission), options,
               recorder)
      .Run();
}

}  // namespace anju::bench
