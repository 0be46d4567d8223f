// The registry and the text format 0.0.4, against the examples of
// https://prometheus.io/docs/instrumenting/exposition_formats/.

#include "common/metrics/registry.h"

#include <cmath>
#include <thread>
#include <vector>

#include "common/metrics/process_metrics.h"
#include "common/metrics/text_format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/metrics/exposition_parser.h"

namespace anju::metrics {
namespace {

using ::testing::HasSubstr;

TEST(TextFormat, EscapesLabelValuesAndHelpAsTheSpecSays) {
  EXPECT_EQ(EscapeLabelValue("C:\\DIR\\FILE.TXT"), "C:\\\\DIR\\\\FILE.TXT");
  EXPECT_EQ(EscapeLabelValue("Cannot find file:\n\"FILE.TXT\""),
            "Cannot find file:\\n\\\"FILE.TXT\\\"");
  // A HELP line keeps its quotes: only \ and newline are escaped there.
  EXPECT_EQ(EscapeHelp("a \"quoted\" \\ line\nnext"),
            "a \"quoted\" \\\\ line\\nnext");
  EXPECT_EQ(EscapeLabelValue("赤峰市"), "赤峰市");
}

TEST(TextFormat, FormatsValuesShortestAndSpellsInfinities) {
  EXPECT_EQ(FormatValue(3), "3");
  EXPECT_EQ(FormatValue(0.1), "0.1");
  EXPECT_EQ(FormatValue(1027), "1027");
  EXPECT_EQ(FormatValue(1.5e-9), "1.5e-09");
  EXPECT_EQ(FormatValue(-2.5), "-2.5");
  EXPECT_EQ(FormatValue(INFINITY), "+Inf");
  EXPECT_EQ(FormatValue(-INFINITY), "-Inf");
  EXPECT_EQ(FormatValue(NAN), "NaN");
}

TEST(Registry, RendersTheSpecsCounterExample) {
  Registry registry;
  CounterFamily& requests = registry.MustAddCounter(
      "http_requests_total", "The total number of HTTP requests.",
      {"method", "code"});
  requests.WithLabels({"post", "200"}).Increment(1027);
  requests.WithLabels({"post", "400"}).Increment(3);
  EXPECT_EQ(registry.Render(),
            "# HELP http_requests_total The total number of HTTP requests.\n"
            "# TYPE http_requests_total counter\n"
            "http_requests_total{method=\"post\",code=\"200\"} 1027\n"
            "http_requests_total{method=\"post\",code=\"400\"} 3\n");
}

TEST(Registry, RendersTheSpecsHistogramExample) {
  Registry registry;
  Histogram& h = registry
                     .MustAddHistogram("http_request_duration_seconds",
                                       "A histogram of the request duration.",
                                       {}, {0.05, 0.1, 0.2, 0.5, 1})
                     .WithLabels({});
  double sum = 0;
  for (double v : {0.01, 0.07, 0.1, 0.3, 0.3, 2.0}) {
    h.Observe(v);
    sum += v;
  }
  EXPECT_EQ(registry.Render(),
            "# HELP http_request_duration_seconds A histogram of the request "
            "duration.\n"
            "# TYPE http_request_duration_seconds histogram\n"
            "http_request_duration_seconds_bucket{le=\"0.05\"} 1\n"
            // le is "less than or equal": 0.1 is in the 0.1 bucket.
            "http_request_duration_seconds_bucket{le=\"0.1\"} 3\n"
            "http_request_duration_seconds_bucket{le=\"0.2\"} 3\n"
            "http_request_duration_seconds_bucket{le=\"0.5\"} 5\n"
            "http_request_duration_seconds_bucket{le=\"1\"} 5\n"
            "http_request_duration_seconds_bucket{le=\"+Inf\"} 6\n"
            "http_request_duration_seconds_sum " +
                FormatValue(sum) +
                "\n"
                "http_request_duration_seconds_count 6\n");
}

TEST(Registry, HistogramLabelsComeBeforeLe) {
  Registry registry;
  registry.MustAddHistogram("rpc_seconds", "h", {"method"}, {1})
      .WithLabels({"Get"})
      .Observe(0.5);
  EXPECT_THAT(registry.Render(),
              HasSubstr("rpc_seconds_bucket{method=\"Get\",le=\"1\"} 1\n"
                        "rpc_seconds_bucket{method=\"Get\",le=\"+Inf\"} 1\n"
                        "rpc_seconds_sum{method=\"Get\"} 0.5\n"
                        "rpc_seconds_count{method=\"Get\"} 1\n"));
}

TEST(Registry, OrdersFamiliesByNameAndSeriesByLabels) {
  Registry registry;
  auto& zeta = registry.MustAddGauge("zeta", "z", {"k"});
  zeta.WithLabels({"b"}).Set(2);
  zeta.WithLabels({"a"}).Set(-1.5);
  registry.MustAddCounter("alpha_total", "a").WithLabels({}).Increment();
  EXPECT_EQ(registry.Render(),
            "# HELP alpha_total a\n# TYPE alpha_total counter\n"
            "alpha_total 1\n"
            "# HELP zeta z\n# TYPE zeta gauge\n"
            "zeta{k=\"a\"} -1.5\nzeta{k=\"b\"} 2\n");
}

TEST(Registry, EscapesWhatItRenders) {
  Registry registry;
  registry.MustAddCounter("msgs_total", "line one\nback\\slash", {"path"})
      .WithLabels({"C:\\x \"q\"\n"})
      .Increment();
  const std::string text = registry.Render();
  EXPECT_THAT(text, HasSubstr("# HELP msgs_total line one\\nback\\\\slash\n"));
  EXPECT_THAT(text, HasSubstr("msgs_total{path=\"C:\\\\x \\\"q\\\"\\n\"} 1\n"));
  auto parsed = testing::ParseExposition(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->help["msgs_total"], "line one\nback\\slash");
}

TEST(Registry, RefusesBadNamesAndConflictingDefinitions) {
  Registry registry;
  EXPECT_TRUE(
      absl::IsInvalidArgument(registry.AddCounter("1abc", "").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(registry.AddCounter("a-b", "").status()));
  EXPECT_TRUE(registry.AddCounter("ns:sub_total", "").ok());  // colons: yes
  EXPECT_TRUE(
      absl::IsInvalidArgument(registry.AddCounter("x", "", {"a:b"}).status()));
  EXPECT_TRUE(
      absl::IsInvalidArgument(registry.AddCounter("x", "", {"__r"}).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(
      registry.AddCounter("x", "", {"a", "a"}).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(
      registry.AddHistogram("h", "", {"le"}, {1}).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(
      registry.AddHistogram("h", "", {}, {1, 1}).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(
      registry.AddHistogram("h", "", {}, {1, INFINITY}).status()));

  // The same definition again is the same family (each instance of a
  // library adds its own); another type or label set is refused.
  auto first = registry.AddCounter("c_total", "", {"a"});
  auto again = registry.AddCounter("c_total", "", {"a"});
  ASSERT_TRUE(first.ok() && again.ok());
  EXPECT_EQ(*first, *again);
  EXPECT_TRUE(
      absl::IsAlreadyExists(registry.AddGauge("c_total", "", {"a"}).status()));
  EXPECT_TRUE(absl::IsAlreadyExists(
      registry.AddCounter("c_total", "", {"b"}).status()));
}

TEST(Registry, CountersOnlyGoUp) {
  Counter c;
  c.Increment(2);
  c.Increment(-1);
  EXPECT_EQ(c.Value(), 2);
}

TEST(Registry, SeriesAreStableAndCountExactlyUnderThreads) {
  Registry registry;
  CounterFamily& counters = registry.MustAddCounter("t_total", "", {"thread"});
  Histogram& histogram =
      registry.MustAddHistogram("t_seconds", "", {}, {0.5}).WithLabels({});
  Gauge& gauge = registry.MustAddGauge("t_depth", "").WithLabels({});
  constexpr int kThreads = 8, kEach = 20000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      // Half look the series up every time, all share one series too.
      Counter& mine = counters.WithLabels({std::to_string(t % 2)});
      for (int i = 0; i < kEach; ++i) {
        mine.Increment();
        counters.WithLabels({"shared"}).Increment();
        histogram.Observe(i % 2 == 0 ? 0.25 : 1.0);
        gauge.Add(1);
        gauge.Sub(1);
        if (i % 1000 == 0) registry.Render();  // scrapes meanwhile
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(counters.WithLabels({"shared"}).Value(), kThreads * kEach);
  EXPECT_EQ(
      counters.WithLabels({"0"}).Value() + counters.WithLabels({"1"}).Value(),
      kThreads * kEach);
  EXPECT_EQ(&counters.WithLabels({"0"}), &counters.WithLabels({"0"}));
  EXPECT_EQ(counters.size(), 3u);
  const Histogram::Snapshot s = histogram.Read();
  EXPECT_EQ(s.cumulative[0], kThreads * kEach / 2);
  EXPECT_EQ(s.cumulative[1], kThreads * kEach);
  EXPECT_DOUBLE_EQ(s.sum, kThreads * kEach / 2 * 1.25);
  EXPECT_EQ(gauge.Value(), 0);
}

TEST(ProcessMetrics, AreReadFromProc) {
  Registry registry;
  ASSERT_TRUE(AddProcessMetrics(&registry).ok());
  ASSERT_TRUE(AddProcessMetrics(&registry).ok());  // again: fine
  auto parsed = testing::ParseExposition(registry.Render());
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->types["process_cpu_seconds_total"], "counter");
  EXPECT_GT(parsed->samples["process_resident_memory_bytes"], 1 << 20);
  EXPECT_GT(parsed->samples["process_virtual_memory_bytes"], 1 << 20);
  EXPECT_GE(parsed->samples["process_open_fds"], 3);  // stdin, out, err
  EXPECT_GE(parsed->samples["process_max_fds"],
            parsed->samples["process_open_fds"]);
  const double now = static_cast<double>(time(nullptr));
  EXPECT_LE(parsed->samples["process_start_time_seconds"], now + 1);
  EXPECT_GT(parsed->samples["process_start_time_seconds"], now - 3600);
  EXPECT_GE(parsed->samples["process_cpu_seconds_total"], 0);
}

// The parser must be able to fail, or the endpoint tests prove nothing.
TEST(ExpositionParser, RefusesWhatTheSpecForbids) {
  for (const char* bad : {
           "1bad 1\n",                                   // name
           "a{b=\"c} 1\n",                               // unterminated
           "a{b=\"\\x\"} 1\n",                           // escape
           "a 1",                                        // no newline
           "a one\n",                                    // value
           "# TYPE a counter\n# TYPE a counter\na 1\n",  // TYPE twice
           "a 1\n# TYPE a counter\n",                    // TYPE after
           "a 1\nb 1\na{x=\"y\"} 2\n",                   // split family
           "# TYPE h histogram\nh_bucket{le=\"1\"} 2\n"
           "h_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n",  // not cumulative
           "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1\n",
           "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 1\n",
       }) {
    EXPECT_FALSE(testing::ParseExposition(bad).ok()) << bad;
  }
  EXPECT_TRUE(testing::ParseExposition(
                  "# HELP a x\n# TYPE a gauge\na{b=\"\\\"\"} -Inf\n"
                  "# some comment\n")
                  .ok());
}

}  // namespace
}  // namespace anju::metrics
