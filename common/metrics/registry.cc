#include "common/metrics/registry.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <utility>

#include "absl/memory/memory.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/metrics/text_format.h"

namespace anju::metrics {
namespace {

const char* TypeName(MetricType type) {
  switch (type) {
    case MetricType::kCounter:
      return "counter";
    case MetricType::kGauge:
      return "gauge";
    case MetricType::kHistogram:
      return "histogram";
  }
  return "untyped";
}

bool IsNameChar(char c, bool first, bool colon) {
  return absl::ascii_isalpha(static_cast<unsigned char>(c)) || c == '_' ||
         (colon && c == ':') ||
         (!first && absl::ascii_isdigit(static_cast<unsigned char>(c)));
}

bool IsValidName(absl::string_view name, bool colon) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    if (!IsNameChar(name[i], i == 0, colon)) return false;
  }
  return true;
}

void AppendHeader(const FamilyBase& family, std::string* out) {
  absl::StrAppend(out, "# HELP ", family.name(), " ", EscapeHelp(family.help()),
                  "\n# TYPE ", family.name(), " ", TypeName(family.type()),
                  "\n");
}

absl::Status CheckDefinition(absl::string_view name,
                             const std::vector<std::string>& label_names,
                             MetricType type,
                             const std::vector<double>& bounds) {
  if (!IsValidMetricName(name)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "metric name \"", name, "\" is not [a-zA-Z_:][a-zA-Z0-9_:]*"));
  }
  for (size_t i = 0; i < label_names.size(); ++i) {
    const std::string& label = label_names[i];
    if (!IsValidLabelName(label) || absl::StartsWith(label, "__") ||
        (type == MetricType::kHistogram && label == "le")) {
      return absl::InvalidArgumentError(absl::StrCat(
          name, ": label name \"", label,
          "\" is not [a-zA-Z_][a-zA-Z0-9_]*, or is reserved (__*, le)"));
    }
    if (std::find(label_names.begin(), label_names.begin() + i, label) !=
        label_names.begin() + i) {
      return absl::InvalidArgumentError(
          absl::StrCat(name, ": label \"", label, "\" appears twice"));
    }
  }
  for (size_t i = 0; i < bounds.size(); ++i) {
    if (!std::isfinite(bounds[i]) || (i > 0 && bounds[i] <= bounds[i - 1])) {
      return absl::InvalidArgumentError(absl::StrCat(
          name, ": bucket bounds must be finite and strictly increasing"));
    }
  }
  return absl::OkStatus();
}

template <typename T>
T& MustOk(absl::StatusOr<T*> family) {
  if (!family.ok()) {
    std::fprintf(stderr, "metrics: %s\n",
                 std::string(family.status().message()).c_str());
    std::abort();
  }
  return **family;
}

}  // namespace

bool IsValidMetricName(absl::string_view name) {
  return IsValidName(name, /*colon=*/true);
}

bool IsValidLabelName(absl::string_view name) {
  return IsValidName(name, /*colon=*/false);
}

const std::vector<double>& DefaultLatencyBuckets() {
  static const auto* buckets = new std::vector<double>{
      0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  return *buckets;
}

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)),
      buckets_(new std::atomic<uint64_t>[bounds_.size() + 1]) {
  for (size_t i = 0; i <= bounds_.size(); ++i) buckets_[i] = 0;
}

void Histogram::Observe(double v) {
  // le is "less than or equal": v == bound falls in that bucket. NaN goes
  // to +Inf only.
  const size_t i =
      std::lower_bound(bounds_.begin(), bounds_.end(), v) - bounds_.begin();
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  sum_.Add(v);
}

Histogram::Snapshot Histogram::Read() const {
  Snapshot s;
  s.cumulative.resize(bounds_.size() + 1);
  uint64_t total = 0;
  for (size_t i = 0; i <= bounds_.size(); ++i) {
    total += buckets_[i].load(std::memory_order_relaxed);
    s.cumulative[i] = total;
  }
  s.sum = sum_.Get();
  return s;
}

namespace {

template <typename T>
std::unique_ptr<T> NewSeries(const std::vector<double>& bounds);
template <>
std::unique_ptr<Counter> NewSeries(const std::vector<double>&) {
  return std::make_unique<Counter>();
}
template <>
std::unique_ptr<Gauge> NewSeries(const std::vector<double>&) {
  return std::make_unique<Gauge>();
}
template <>
std::unique_ptr<Histogram> NewSeries(const std::vector<double>& bounds) {
  return std::make_unique<Histogram>(bounds);
}

void RenderSeries(const FamilyBase& family,
                  const std::vector<std::string>& values, const Counter& c,
                  std::string* out) {
  AppendSample(family.name(), family.label_names(), values, c.Value(), out);
}

void RenderSeries(const FamilyBase& family,
                  const std::vector<std::string>& values, const Gauge& g,
                  std::string* out) {
  AppendSample(family.name(), family.label_names(), values, g.Value(), out);
}

void RenderSeries(const FamilyBase& family,
                  const std::vector<std::string>& values, const Histogram& h,
                  std::string* out) {
  const Histogram::Snapshot s = h.Read();
  std::vector<std::string> names = family.label_names();
  names.push_back("le");
  std::vector<std::string> with_le = values;
  with_le.emplace_back();
  const std::string bucket = absl::StrCat(family.name(), "_bucket");
  for (size_t i = 0; i < s.cumulative.size(); ++i) {
    with_le.back() = i < h.bounds().size() ? FormatValue(h.bounds()[i])
                                           : std::string("+Inf");
    AppendSample(bucket, names, with_le, static_cast<double>(s.cumulative[i]),
                 out);
  }
  AppendSample(absl::StrCat(family.name(), "_sum"), family.label_names(),
               values, s.sum, out);
  AppendSample(absl::StrCat(family.name(), "_count"), family.label_names(),
               values, static_cast<double>(s.cumulative.back()), out);
}

}  // namespace

template <typename T>
T& Family<T>::WithLabels(const std::vector<std::string>& values) {
  if (values.size() != label_names().size()) {
    std::fprintf(stderr, "metrics: %s takes %zu label values, given %zu\n",
                 name().c_str(), label_names().size(), values.size());
    std::abort();
  }
  absl::MutexLock lock(&mu_);
  std::unique_ptr<T>& series = series_[values];
  if (series == nullptr) series = NewSeries<T>(bounds_);
  return *series;
}

template <typename T>
size_t Family<T>::size() const {
  absl::MutexLock lock(&mu_);
  return series_.size();
}

template <typename T>
void Family<T>::Render(std::string* out) const {
  AppendHeader(*this, out);
  absl::MutexLock lock(&mu_);
  for (const auto& [values, series] : series_) {
    RenderSeries(*this, values, *series, out);
  }
}

template class Family<Counter>;
template class Family<Gauge>;
template class Family<Histogram>;

class Registry::CallbackFamily final : public FamilyBase {
 public:
  CallbackFamily(std::string name, std::string help, MetricType type,
                 std::function<double()> read)
      : FamilyBase(std::move(name), std::move(help), type, {}),
        read_(std::move(read)) {}
  void Render(std::string* out) const override {
    AppendHeader(*this, out);
    AppendSample(name(), {}, {}, read_(), out);
  }

 private:
  const std::function<double()> read_;
};

template <typename T>
absl::StatusOr<Family<T>*> Registry::Add(absl::string_view name,
                                         absl::string_view help,
                                         MetricType type,
                                         std::vector<std::string> label_names,
                                         std::vector<double> bounds) {
  if (absl::Status s = CheckDefinition(name, label_names, type, bounds);
      !s.ok()) {
    return s;
  }
  absl::MutexLock lock(&mu_);
  auto it = families_.find(name);
  if (it != families_.end()) {
    auto* family = dynamic_cast<Family<T>*>(it->second.get());
    if (family == nullptr || family->type() != type ||
        family->label_names() != label_names || family->bounds_ != bounds) {
      return absl::AlreadyExistsError(absl::StrCat(
          "metric ", name, " exists with another type, labels or buckets"));
    }
    return family;
  }
  auto* family = new Family<T>(std::string(name), std::string(help), type,
                               std::move(label_names), std::move(bounds));
  families_.emplace(std::string(name), absl::WrapUnique(family));
  return family;
}

absl::StatusOr<CounterFamily*> Registry::AddCounter(
    absl::string_view name, absl::string_view help,
    std::vector<std::string> label_names) {
  return Add<Counter>(name, help, MetricType::kCounter, std::move(label_names),
                      {});
}

absl::StatusOr<GaugeFamily*> Registry::AddGauge(
    absl::string_view name, absl::string_view help,
    std::vector<std::string> label_names) {
  return Add<Gauge>(name, help, MetricType::kGauge, std::move(label_names), {});
}

absl::StatusOr<HistogramFamily*> Registry::AddHistogram(
    absl::string_view name, absl::string_view help,
    std::vector<std::string> label_names, std::vector<double> bounds) {
  return Add<Histogram>(name, help, MetricType::kHistogram,
                        std::move(label_names), std::move(bounds));
}

CounterFamily& Registry::MustAddCounter(absl::string_view name,
                                        absl::string_view help,
                                        std::vector<std::string> label_names) {
  return MustOk(AddCounter(name, help, std::move(label_names)));
}

GaugeFamily& Registry::MustAddGauge(absl::string_view name,
                                    absl::string_view help,
                                    std::vector<std::string> label_names) {
  return MustOk(AddGauge(name, help, std::move(label_names)));
}

HistogramFamily& Registry::MustAddHistogram(
    absl::string_view name, absl::string_view help,
    std::vector<std::string> label_names, std::vector<double> bounds) {
  return MustOk(
      AddHistogram(name, help, std::move(label_names), std::move(bounds)));
}

absl::Status Registry::AddCallback(absl::string_view name,
                                   absl::string_view help, MetricType type,
                                   std::function<double()> read) {
  if (type == MetricType::kHistogram) {
    return absl::InvalidArgumentError(
        absl::StrCat(name, ": a callback metric is a counter or a gauge"));
  }
  if (absl::Status s = CheckDefinition(name, {}, type, {}); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  if (families_.count(name) > 0) {
    return absl::AlreadyExistsError(absl::StrCat("metric ", name, " exists"));
  }
  families_.emplace(std::string(name), std::make_unique<CallbackFamily>(
                                           std::string(name), std::string(help),
                                           type, std::move(read)));
  return absl::OkStatus();
}

std::string Registry::Render() const {
  std::string out;
  absl::MutexLock lock(&mu_);
  for (const auto& [name, family] : families_) family->Render(&out);
  return out;
}

Registry& DefaultRegistry() {
  static Registry* registry = new Registry();
  return *registry;
}

}  // namespace anju::metrics
