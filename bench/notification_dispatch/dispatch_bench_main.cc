// anju-notification-dispatch-bench (issue 5, item 9): webhook dispatch
// throughput of NewWebhookSender to a local receiver, against plain libcurl
// POSTs of the same bodies to the same receiver in the same run (no JSON
// building, no signing, one reused handle per thread). The machine is
// shared and noisy: the figure is the ratio. bench/README.md explains it.

#include <curl/curl.h>
#include <time.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <functional>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "bench/notification_dispatch/http_responder.h"
#include "services/notification/delivery/senders.h"
#include "services/notification/delivery/webhook_body.h"

namespace anju::bench {
namespace {

using notification::Notice;

struct Options {
  double seconds = 2;  // per round and mode
  int rounds = 3;
  std::vector<int> threads = {1, 4};
  int notices = 1000;  // distinct notices cycled through
  bool smoke = false;
};

// Overdue notices to the 103 counties' contacts, as the service makes them.
std::vector<Notice> MakeNotices(int count, const std::string& url) {
  std::vector<Notice> notices;
  for (int i = 0; i < count; ++i) {
    Notice n;
    const std::string org = absl::StrCat(150100 + (i % 103) * 100 + 2);
    n.idempotency_key = absl::StrCat("2023|", org, "|overdue|2024-04-0",
                                     1 + i % 9, "T09:00|c", i, "|webhook");
    n.kind = v1::NOTICE_KIND_OVERDUE;
    n.org = org;
    n.org_name = "红山区";
    n.subject = "【逾期通知】红山区 2023 年度租赁住房保障绩效自评已逾期";
    n.body =
        "王科长：\n红山区 2023 年度租赁住房保障绩效自评已于 2024-03-31 "
        "18:00 截止，至今尚未报送，请尽快登录安居系统填报并报送赤峰市。\n"
        "— 安居绩效评价\n";
    n.due_time = absl::FromUnixSeconds(1711933200 + 86400 * (i % 9));
    n.fields = {{"year", "2023"},
                {"programme", "rental"},
                {"deadline", "2024-03-31T18:00:00+08:00"},
                {"state", "draft"}};
    n.address = url;
    n.webhook_secret = "bench-secret";
    notices.push_back(std::move(n));
  }
  return notices;
}

size_t Discard(char*, size_t size, size_t count, void*) { return size * count; }

// One thread's loop for `duration`; returns messages sent, -1 on a failure.
using Worker = std::function<int64_t(int thread, absl::Duration duration)>;

Worker SenderWorker(notification::Sender& sender,
                    const std::vector<Notice>& notices) {
  return [&](int thread, absl::Duration duration) -> int64_t {
    const absl::Time end = absl::Now() + duration;
    int64_t sent = 0;
    for (size_t i = thread; absl::Now() < end; i += 7) {
      if (!sender.Send(notices[i % notices.size()]).ok()) return -1;
      ++sent;
    }
    return sent;
  };
}

// Plain libcurl: the pre-built bodies, Content-Type only, one easy handle
// per thread kept for the whole round (keep-alive, as the sender's pool).
Worker CurlWorker(const std::string& url,
                  const std::vector<std::string>& bodies) {
  return [&url, &bodies](int thread, absl::Duration duration) -> int64_t {
    CURL* easy = curl_easy_init();
    curl_slist* headers = curl_slist_append(
        nullptr, "Content-Type: application/json; charset=utf-8");
    headers = curl_slist_append(headers, "Expect:");
    curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &Discard);
    const absl::Time end = absl::Now() + duration;
    int64_t sent = 0;
    for (size_t i = thread; absl::Now() < end; i += 7) {
      const std::string& body = bodies[i % bodies.size()];
      curl_easy_setopt(easy, CURLOPT_POSTFIELDS, body.data());
      curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE,
                       static_cast<curl_off_t>(body.size()));
      long code = 0;
      if (curl_easy_perform(easy) != CURLE_OK ||
          curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &code) != CURLE_OK ||
          code != 200) {
        sent = -1;
        break;
      }
      ++sent;
    }
    curl_slist_free_all(headers);
    curl_easy_cleanup(easy);
    return sent;
  };
}

double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

// One mode's figures in one round.
struct Figures {
  double per_second = -1;  // messages per second of wall time
  double cpu_us = -1;      // CPU µs per message of the sending threads
};

// `threads` workers for `duration`; per_second -1 on failure. The sending
// threads' own CPU time is steadier than throughput on a busy machine: it
// leaves out the receiver and the time spent waiting for the CPU.
Figures Measure(const Worker& worker, int threads, absl::Duration duration) {
  std::vector<int64_t> sent(threads);
  std::vector<double> cpu(threads);
  std::vector<std::thread> pool;
  const absl::Time start = absl::Now();
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      const double before = ThreadCpuSeconds();
      sent[t] = worker(t, duration);
      cpu[t] = ThreadCpuSeconds() - before;
    });
  }
  for (std::thread& t : pool) t.join();
  const double elapsed = absl::ToDoubleSeconds(absl::Now() - start);
  int64_t total = 0;
  double cpu_total = 0;
  for (int t = 0; t < threads; ++t) {
    if (sent[t] < 0) return {};
    total += sent[t];
    cpu_total += cpu[t];
  }
  if (total == 0) return {};
  return {total / elapsed, cpu_total * 1e6 / total};
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

int Run(const Options& options) {
  curl_global_init(CURL_GLOBAL_DEFAULT);
  HttpResponder responder;
  if (responder.port() == 0) {
    std::fprintf(stderr, "dispatch bench: cannot listen\n");
    return 1;
  }
  const std::string url =
      absl::StrCat("http://127.0.0.1:", responder.port(), "/hook");
  const std::vector<Notice> notices = MakeNotices(options.notices, url);
  std::vector<std::string> bodies;
  for (const Notice& n : notices)
    bodies.push_back(*notification::WebhookBody(n));
  auto sender = notification::NewWebhookSender({});
  const Worker sender_worker = SenderWorker(*sender, notices);
  const Worker curl_worker = CurlWorker(url, bodies);
  const absl::Duration round = absl::Seconds(options.seconds);

  std::printf(
      "Notifications: dispatch to a local webhook receiver "
      "(body %zu B, %d rounds of %.1f s per mode)\n",
      bodies[0].size(), options.rounds, options.seconds);
  std::printf("%-7s %11s %11s %6s %12s %12s %6s  %s\n", "threads", "curl msg/s",
              "anju msg/s", "ratio", "curl cpu µs", "anju cpu µs", "ratio",
              "per-round msg/s ratios");
  for (int threads : options.threads) {
    Measure(curl_worker, threads, round / 4);  // warm-up: connections
    Measure(sender_worker, threads, round / 4);
    std::vector<double> base, mine, ratios, base_cpu, mine_cpu, cpu_ratios;
    for (int r = 0; r < options.rounds; ++r) {
      // Alternate the order so that drifting noise hits both.
      Figures b, s;
      if (r % 2 == 0) {
        b = Measure(curl_worker, threads, round);
        s = Measure(sender_worker, threads, round);
      } else {
        s = Measure(sender_worker, threads, round);
        b = Measure(curl_worker, threads, round);
      }
      if (b.per_second <= 0 || s.per_second <= 0) {
        std::fprintf(stderr, "dispatch bench: a POST failed\n");
        return 1;
      }
      base.push_back(b.per_second);
      mine.push_back(s.per_second);
      ratios.push_back(s.per_second / b.per_second);
      base_cpu.push_back(b.cpu_us);
      mine_cpu.push_back(s.cpu_us);
      cpu_ratios.push_back(s.cpu_us / b.cpu_us);
    }
    std::string per_round;
    for (double r : ratios) absl::StrAppendFormat(&per_round, " %.2f", r);
    std::printf("%-7d %11.0f %11.0f %6.2f %12.1f %12.1f %6.2f  %s\n", threads,
                Median(base), Median(mine), Median(ratios), Median(base_cpu),
                Median(mine_cpu), Median(cpu_ratios), per_round.c_str());
  }
  std::printf("receiver answered %lld requests on %lld connections\n",
              static_cast<long long>(responder.requests()),
              static_cast<long long>(responder.connections()));
  return 0;
}

}  // namespace
}  // namespace anju::bench

int main(int argc, char** argv) {
  anju::bench::Options options;
  CLI::App app{"Webhook dispatch: NewWebhookSender vs plain libcurl POSTs"};
  app.add_option("--seconds", options.seconds, "per round and mode")
      ->capture_default_str();
  app.add_option("--rounds", options.rounds)->capture_default_str();
  app.add_option("--threads", options.threads, "e.g. 1,4")->delimiter(',');
  app.add_flag("--smoke", options.smoke,
               "a fraction of a second: proves the code runs");
  CLI11_PARSE(app, argc, argv);
  if (options.smoke) {
    options.seconds = 0.2;
    options.rounds = 1;
  }
  return anju::bench::Run(options);
}
