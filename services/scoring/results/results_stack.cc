#include "services/scoring/results/results_stack.h"

#include <utility>

#include "common/orgs/org_yaml.h"

namespace anju::scoring::results {

// The endpoint's threads may still be using the rest: stop them first.
ResultsStack::~ResultsStack() {
  endpoint.reset();
  results.reset();
  cache.reset();
  redis.reset();
}

absl::StatusOr<std::unique_ptr<ResultsStack>> BuildResultsStack(
    const ResultsSettings& settings, std::shared_ptr<const RubricSet> rubrics) {
  if (settings.submission.empty()) {
    return absl::FailedPreconditionError(
        "submission: 未配置 (not set): the results API is off");
  }
  GrpcReaderOptions reader;
  reader.address = settings.submission;
  reader.deadline = settings.submission_deadline;
  reader.tls = settings.submission_tls;
  if (!settings.submission_token_file.empty()) {
    absl::StatusOr<std::string> token =
        ReadServiceToken(settings.submission_token_file);
    if (!token.ok()) return token.status();
    reader.token = *std::move(token);
  }
  return BuildResultsStack(settings, std::move(rubrics),
                           NewGrpcSubmissionReader(reader));
}

absl::StatusOr<std::unique_ptr<ResultsStack>> BuildResultsStack(
    const ResultsSettings& settings, std::shared_ptr<const RubricSet> rubrics,
    std::unique_ptr<SubmissionReader> reader) {
  auto stack = std::make_unique<ResultsStack>();
  auto tree = orgs::LoadOrgTreeFile(settings.orgs_file);
  if (!tree.ok()) return tree.status();
  stack->orgs = *std::move(tree);
  stack->reader = std::move(reader);
  if (settings.redis) {
    auto client = redis::RedisClient::Create(*settings.redis);
    if (!client.ok()) return client.status();
    stack->redis = *std::move(client);
  }
  redis::VersionedCacheOptions cache_options;
  cache_options.key_prefix = kCacheKeyPrefix;
  auto cache = redis::VersionedCache::Create(stack->redis.get(), cache_options);
  if (!cache.ok()) return cache.status();
  stack->cache = *std::move(cache);
  ResultsDeps deps;
  deps.reader = stack->reader.get();
  deps.orgs = stack->orgs.get();
  deps.cache = stack->cache.get();
  deps.rubrics = std::move(rubrics);
  stack->results = std::make_unique<Results>(std::move(deps));
  stack->endpoint =
      std::make_unique<ResultsEndpoint>(stack->results.get(), settings.workers);
  return stack;
}

}  // namespace anju::scoring::results
