#ifndef ANJU_COMMON_METRICS_REGISTRY_H_
#define ANJU_COMMON_METRICS_REGISTRY_H_

// Metrics in the Prometheus text exposition format 0.0.4: counters, gauges
// and histograms with labels, in a Registry that renders them all. Debian 12
// has no prometheus-cpp, and the format is small.
//
//   static metrics::Counter& hits = metrics::DefaultRegistry()
//       .MustAddCounter("anju_cache_requests_total", "…", {"cache", "result"})
//       .WithLabels({"results", "hit"});
//   hits.Increment();
//
// The hot path is one atomic operation: look a series up once (WithLabels
// takes a lock) and keep the reference; series live as long as the
// registry. Everything here is thread-safe.

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/types/span.h"

namespace anju::metrics {

enum class MetricType { kCounter, kGauge, kHistogram };

// A double that can be added to atomically (std::atomic<double>::fetch_add
// is C++20).
class AtomicDouble {
 public:
  void Add(double v) {
    double old = value_.load(std::memory_order_relaxed);
    while (!value_.compare_exchange_weak(old, old + v,
                                         std::memory_order_relaxed)) {
    }
  }
  void Set(double v) { value_.store(v, std::memory_order_relaxed); }
  double Get() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

// Only goes up; negative increments are ignored (a counter that went down
// would read as a process restart).
class Counter {
 public:
  void Increment(double v = 1) {
    if (v > 0) value_.Add(v);
  }
  double Value() const { return value_.Get(); }

 private:
  AtomicDouble value_;
};

class Gauge {
 public:
  void Set(double v) { value_.Set(v); }
  void Add(double v) { value_.Add(v); }
  void Sub(double v) { value_.Add(-v); }
  double Value() const { return value_.Get(); }

 private:
  AtomicDouble value_;
};

class Histogram {
 public:
  // `bounds`: strictly increasing finite upper bounds, without +Inf.
  explicit Histogram(std::vector<double> bounds);

  void Observe(double v);

  struct Snapshot {
    std::vector<uint64_t> cumulative;  // per bound, then +Inf last
    double sum = 0;
  };
  // _count is the +Inf bucket, so the two always agree.
  Snapshot Read() const;
  const std::vector<double>& bounds() const { return bounds_; }

 private:
  const std::vector<double> bounds_;
  // Per bucket (not cumulative), +Inf last: one increment per Observe.
  std::unique_ptr<std::atomic<uint64_t>[]> buckets_;
  AtomicDouble sum_;
};

// Prometheus client_golang's DefBuckets, in seconds, as go-grpc-prometheus
// uses for grpc_server_handling_seconds.
const std::vector<double>& DefaultLatencyBuckets();

// All series of one metric name, one per combination of label values.
template <typename T>
class Family;

class Registry;

// The common part of Family<T>, for the renderer.
class FamilyBase {
 public:
  virtual ~FamilyBase() = default;
  const std::string& name() const { return name_; }
  const std::string& help() const { return help_; }
  MetricType type() const { return type_; }
  const std::vector<std::string>& label_names() const { return label_names_; }
  // Appends this family's HELP, TYPE and samples.
  virtual void Render(std::string* out) const = 0;

 protected:
  FamilyBase(std::string name, std::string help, MetricType type,
             std::vector<std::string> label_names)
      : name_(std::move(name)),
        help_(std::move(help)),
        type_(type),
        label_names_(std::move(label_names)) {}

 private:
  const std::string name_;
  const std::string help_;
  const MetricType type_;
  const std::vector<std::string> label_names_;
};

template <typename T>
class Family final : public FamilyBase {
 public:
  // The series of these label values (as many as label_names(), in their
  // order), created at first use. A wrong count is a programming error and
  // aborts.
  T& WithLabels(const std::vector<std::string>& values);
  // How many series exist, e.g. to cap label sets taken from the network.
  size_t size() const;
  void Render(std::string* out) const override;

 private:
  friend class Registry;
  Family(std::string name, std::string help, MetricType type,
         std::vector<std::string> label_names, std::vector<double> bounds)
      : FamilyBase(std::move(name), std::move(help), type,
                   std::move(label_names)),
        bounds_(std::move(bounds)) {}

  const std::vector<double> bounds_;  // histograms only
  mutable absl::Mutex mu_;
  std::map<std::vector<std::string>, std::unique_ptr<T>> series_
      ABSL_GUARDED_BY(mu_);
};

using CounterFamily = Family<Counter>;
using GaugeFamily = Family<Gauge>;
using HistogramFamily = Family<Histogram>;

class Registry {
 public:
  Registry() = default;
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // Adding a name again with the same type, labels (and bounds) returns the
  // family already there, so that every instance of a library can add its
  // own. INVALID_ARGUMENT for a bad metric or label name (label names
  // starting with "__" are reserved, and "le" on histograms); ALREADY_EXISTS
  // for the name with another type or labels.
  absl::StatusOr<CounterFamily*> AddCounter(
      absl::string_view name, absl::string_view help,
      std::vector<std::string> label_names = {});
  absl::StatusOr<GaugeFamily*> AddGauge(
      absl::string_view name, absl::string_view help,
      std::vector<std::string> label_names = {});
  absl::StatusOr<HistogramFamily*> AddHistogram(
      absl::string_view name, absl::string_view help,
      std::vector<std::string> label_names, std::vector<double> bounds);

  // For names fixed in code: a failure is a bug, reported and aborted on.
  CounterFamily& MustAddCounter(absl::string_view name, absl::string_view help,
                                std::vector<std::string> label_names = {});
  GaugeFamily& MustAddGauge(absl::string_view name, absl::string_view help,
                            std::vector<std::string> label_names = {});
  HistogramFamily& MustAddHistogram(absl::string_view name,
                                    absl::string_view help,
                                    std::vector<std::string> label_names,
                                    std::vector<double> bounds);

  // A metric without labels whose value is read when rendered, for what
  // the process keeps anyway (/proc). Same errors as above.
  absl::Status AddCallback(absl::string_view name, absl::string_view help,
                           MetricType type, std::function<double()> read);

  // Every family, sorted by name: the body of GET /metrics.
  std::string Render() const;

 private:
  class CallbackFamily;

  template <typename T>
  absl::StatusOr<Family<T>*> Add(absl::string_view name, absl::string_view help,
                                 MetricType type,
                                 std::vector<std::string> label_names,
                                 std::vector<double> bounds);

  mutable absl::Mutex mu_;
  std::map<std::string, std::unique_ptr<FamilyBase>, std::less<>> families_
      ABSL_GUARDED_BY(mu_);
};

// The process-wide registry that servers expose and libraries add to.
Registry& DefaultRegistry();

// [a-zA-Z_:][a-zA-Z0-9_:]*
bool IsValidMetricName(absl::string_view name);
// [a-zA-Z_][a-zA-Z0-9_]*
bool IsValidLabelName(absl::string_view name);

}  // namespace anju::metrics

#endif  // ANJU_COMMON_METRICS_REGISTRY_H_
