// VersionedCache against a real redis-server: hits and misses by version,
// the compare-and-set under races, and the rule of issue 3 item 9 across
// Redis restarts and outages.

#include "common/redis/versioned_cache.h"

#include <algorithm>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/redis/redis_fixture.h"

namespace anju::redis {
namespace {

using ::testing::Optional;
using ::testing::StartsWith;

constexpr char kPrefix[] = "test:totals:";
constexpr char kKey[] = "150400:2023";  // 赤峰市, 2023

// The source of truth: one city's total and its version, changed together
// as a write transaction would.
class FakeDatabase {
 public:
  void Write(int64_t total) {
    absl::MutexLock lock(&mu_);
    total_ = total;
    ++version_;
  }
  int64_t Version() const {
    absl::MutexLock lock(&mu_);
    return version_;
  }
  absl::StatusOr<std::string> ComputeTotal() {
    absl::MutexLock lock(&mu_);
    ++computations_;
    return absl::StrCat("total=", total_);
  }
  int Computations() const {
    absl::MutexLock lock(&mu_);
    return computations_;
  }

 private:
  mutable absl::Mutex mu_;
  int64_t total_ ABSL_GUARDED_BY(mu_) = 2465;
  int64_t version_ ABSL_GUARDED_BY(mu_) = 1;
  int computations_ ABSL_GUARDED_BY(mu_) = 0;
};

class VersionedCacheTest : public RedisFixture {
 protected:
  // Restarts keep their address only on a unix socket (redis_server.h).
  RedisServerOptions ServerOptions() const override {
    RedisServerOptions options;
    options.tcp = false;
    return options;
  }

  void SetUp() override {
    RedisFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    redis_ = NewClient(Relaxed(server_->UnixOptions()));
    ASSERT_NE(redis_, nullptr);
    absl::StatusOr<std::unique_ptr<VersionedCache>> cache =
        VersionedCache::Create(redis_.get(), {kPrefix, absl::Minutes(10)});
    ASSERT_TRUE(cache.ok()) << cache.status();
    cache_ = *std::move(cache);
  }

  // A read as the service makes it: the version from the database, then
  // the cache.
  std::string Read() {
    absl::StatusOr<std::string> value =
        cache_->Get(kKey, db_.Version(), [this] { return db_.ComputeTotal(); });
    EXPECT_TRUE(value.ok()) << value.status();
    return value.value_or("");
  }

  // The entry as Redis holds it, "<version>:<value>".
  std::optional<std::string> Entry() {
    return redis_->Get(absl::StrCat(kPrefix, kKey)).value_or(std::nullopt);
  }

  FakeDatabase db_;
  std::unique_ptr<RedisClient> redis_;
  std::unique_ptr<VersionedCache> cache_;
};

TEST_F(VersionedCacheTest, MissComputesThenHitServes) {
  EXPECT_EQ(Read(), "total=2465");
  EXPECT_EQ(Read(), "total=2465");
  EXPECT_EQ(db_.Computations(), 1);
  EXPECT_THAT(Entry(), Optional(std::string("1:total=2465")));
  const VersionedCache::Stats stats = cache_->stats();
  EXPECT_EQ(stats.hits, 1);
  EXPECT_EQ(stats.misses, 1);
  EXPECT_EQ(stats.errors, 0);
}

TEST_F(VersionedCacheTest, BumpedVersionIsAMiss) {
  EXPECT_EQ(Read(), "total=2465");
  db_.Write(2546);
  EXPECT_EQ(Read(), "total=2546");
  EXPECT_EQ(Read(), "total=2546");
  EXPECT_EQ(db_.Computations(), 2);
  EXPECT_EQ(cache_->stats().hits, 1);
}

TEST_F(VersionedCacheTest, EntriesExpire) {
  Read();
  const absl::StatusOr<absl::Duration> ttl =
      redis_->Ttl(absl::StrCat(kPrefix, kKey));
  ASSERT_TRUE(ttl.ok()) << ttl.status();
  EXPECT_GT(*ttl, absl::Minutes(9));
  EXPECT_LE(*ttl, absl::Minutes(10));
}

TEST_F(VersionedCacheTest, OlderVersionNeverReplacesNewer) {
  EXPECT_TRUE(cache_->Store(kKey, 6, "six").value());
  EXPECT_FALSE(cache_->Store(kKey, 5, "five").value());
  EXPECT_FALSE(cache_->Store(kKey, 6, "six again").value());
  EXPECT_THAT(Entry(), Optional(std::string("6:six")));
  // Decimal strings compare by length first: 10 is newer than 6.
  EXPECT_TRUE(cache_->Store(kKey, 10, "ten").value());
  // Exact beyond 2^53, where Lua's doubles could not tell these apart.
  constexpr int64_t kBig = (int64_t{1} << 53) + 1;
  EXPECT_TRUE(cache_->Store(kKey, kBig, "big").value());
  EXPECT_FALSE(cache_->Store(kKey, kBig - 1, "smaller").value());
  EXPECT_THAT(Entry(), Optional(absl::StrCat(kBig, ":big")));
}

TEST_F(VersionedCacheTest, SlowReaderDoesNotOverwriteAFasterNewerOne) {
  // Reader A takes version 1; while it computes, a write lands and reader
  // B reads version 2 and stores its value. A stores last: refused.
  const int64_t a_version = db_.Version();
  absl::StatusOr<std::string> a = cache_->Get(kKey, a_version, [&] {
    absl::StatusOr<std::string> a_value = db_.ComputeTotal();
    db_.Write(2546);
    EXPECT_EQ(Read(), "total=2546");  // reader B
    return a_value;
  });
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(*a, "total=2465");  // what A read was current when A began
  EXPECT_THAT(Entry(), Optional(std::string("2:total=2546")));
  EXPECT_EQ(Read(), "total=2546");
  EXPECT_EQ(cache_->stats().hits, 1);
}

TEST_F(VersionedCacheTest, RacingWritersLeaveTheNewestVersion) {
  constexpr int kThreads = 8;
  constexpr int kVersions = 400;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([this, t] {
      std::vector<int64_t> versions(kVersions);
      for (int i = 0; i < kVersions; ++i) versions[i] = i + 1;
      std::shuffle(versions.begin(), versions.end(), std::mt19937(t));
      for (int64_t v : versions) {
        EXPECT_TRUE(cache_->Store(kKey, v, absl::StrCat("v", v)).ok());
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_THAT(Entry(), Optional(absl::StrCat(kVersions, ":v", kVersions)));
}

TEST_F(VersionedCacheTest, RestartThatLosesEntriesServesTheNewValue) {
  EXPECT_EQ(Read(), "total=2465");
  db_.Write(2546);
  ASSERT_TRUE(server_->Restart().ok());
  EXPECT_EQ(Read(), "total=2546");
  EXPECT_EQ(Read(), "total=2546");
  EXPECT_EQ(db_.Computations(), 2);
}

TEST_F(VersionedCacheTest, RestartThatKeepsOldEntriesServesTheNewValue) {
  EXPECT_EQ(Read(), "total=2465");
  ASSERT_TRUE(redis_->Command({"SAVE"}).ok());  // a snapshot with version 1
  db_.Write(2546);
  ASSERT_TRUE(server_->Restart().ok());
  // The old entry came back with the snapshot…
  ASSERT_THAT(Entry(), Optional(StartsWith("1:")));
  // …and is not served.
  EXPECT_EQ(Read(), "total=2546");
  EXPECT_THAT(Entry(), Optional(std::string("2:total=2546")));
}

TEST_F(VersionedCacheTest, RedisDownComputesAndCountsErrors) {
  EXPECT_EQ(Read(), "total=2465");
  ASSERT_TRUE(server_->Stop().ok());
  db_.Write(2546);
  std::string value;
  EXPECT_LT(Timed([&] { value = Read(); }), kHangBound);
  EXPECT_EQ(value, "total=2546");
  EXPECT_EQ(Read(), "total=2546");  // in back-off: fails fast, computes
  const VersionedCache::Stats stats = cache_->stats();
  EXPECT_EQ(stats.hits, 0);
  EXPECT_EQ(stats.misses, 3);
  EXPECT_EQ(stats.errors, 2);  // the lookups; no store was tried
  EXPECT_EQ(db_.Computations(), 3);
}

TEST_F(VersionedCacheTest, ComputeErrorIsReturnedAndNothingStored) {
  absl::StatusOr<std::string> value = cache_->Get(kKey, 1, [] {
    return absl::StatusOr<std::string>(
        absl::NotFoundError("no reports for 150400"));
  });
  EXPECT_EQ(value.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Entry(), std::nullopt);
}

}  // namespace
}  // namespace anju::redis
