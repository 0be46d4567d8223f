// EvaluateBatch: items succeed or fail one by one; the batch fails only
// when it is malformed as a whole.

#include <functional>
#include <ostream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/scoring_service/requests.h"
#include "tests/scoring_service/scoring_fixture.h"

namespace anju::testing {
namespace {

using ::testing::HasSubstr;

class BatchTest : public ScoringServiceTest {
 protected:
  grpc::Status Call(const v1::EvaluateBatchRequest& request,
                    v1::EvaluateBatchResponse* response) {
    grpc::ClientContext context;
    SetDeadline(&context);
    return stub().EvaluateBatch(&context, request, response);
  }
};

void AddItem(v1::EvaluateBatchRequest* batch, const std::string& org,
             const v1::EvaluateRequest& request) {
  v1::EvaluateBatchRequest::Item* item = batch->add_items();
  item->set_org(org);
  *item->mutable_request() = request;
}

TEST_F(BatchTest, ABadItemFailsAloneAmongGoodOnes) {
  v1::EvaluateBatchRequest batch;
  v1::EvaluateRequest bad = ShantyRequest();
  SetNumber(&bad, "budget_execution_rate_pct", 120);
  AddItem(&batch, "150402", ShantyRequest());
  AddItem(&batch, "150403", bad);
  AddItem(&batch, "150404", OldcommRequest());

  v1::EvaluateBatchResponse response;
  grpc::Status status = Call(batch, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.results_size(), 3);

  EXPECT_EQ(response.results(0).org(), "150402");
  EXPECT_EQ(response.results(0).error_code(), 0);
  EXPECT_EQ(response.results(0).response().total(), kShantyTotal);

  EXPECT_EQ(response.results(1).org(), "150403");
  EXPECT_EQ(response.results(1).error_code(),
            static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
  EXPECT_THAT(response.results(1).error_message(),
              HasSubstr("facts[\"budget_execution_rate_pct\"]"));
  EXPECT_FALSE(response.results(1).has_response());

  EXPECT_EQ(response.results(2).org(), "150404");
  EXPECT_EQ(response.results(2).error_code(), 0);
  EXPECT_EQ(response.results(2).response().programme(), "oldcomm");
}

TEST_F(BatchTest, AnItemForAnUnknownProgrammeFailsAlone) {
  v1::EvaluateBatchRequest batch;
  v1::EvaluateRequest unknown = ShantyRequest();
  unknown.set_programme("nope");
  AddItem(&batch, "150402", unknown);
  AddItem(&batch, "150403", ShantyRequest());
  v1::EvaluateBatchResponse response;
  ASSERT_TRUE(Call(batch, &response).ok());
  ASSERT_EQ(response.results_size(), 2);
  EXPECT_THAT(response.results(0).error_message(), HasSubstr("programme"));
  EXPECT_EQ(response.results(1).error_code(), 0);
}

TEST_F(BatchTest, EmptyBatchIsAnEmptyAnswer) {
  v1::EvaluateBatchResponse response;
  ASSERT_TRUE(Call(v1::EvaluateBatchRequest(), &response).ok());
  EXPECT_EQ(response.results_size(), 0);
}

TEST_F(BatchTest, AThousandItemsAreServed) {
  v1::EvaluateBatchRequest batch;
  const v1::EvaluateRequest request = ShantyRequest();
  for (int i = 0; i < 1000; ++i) {
    AddItem(&batch, "org" + std::to_string(i), request);
  }
  v1::EvaluateBatchResponse response;
  grpc::Status status = Call(batch, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.results_size(), 1000);
  EXPECT_EQ(response.results(999).response().total(), kShantyTotal);
}

struct MalformedCase {
  std::string name;
  std::function<void(v1::EvaluateBatchRequest*)> build;
  std::string field;
};

void PrintTo(const MalformedCase& c, std::ostream* os) { *os << c.name; }

class MalformedBatchTest : public BatchTest,
                           public ::testing::WithParamInterface<MalformedCase> {
};

TEST_P(MalformedBatchTest, IsInvalidArgumentForTheWholeBatch) {
  v1::EvaluateBatchRequest batch;
  GetParam().build(&batch);
  v1::EvaluateBatchResponse response;
  grpc::Status status = Call(batch, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr(GetParam().field));
  EXPECT_EQ(response.results_size(), 0);
}

INSTANTIATE_TEST_SUITE_P(
    Malformed, MalformedBatchTest,
    ::testing::Values(MalformedCase{"TooManyItems",
                                    [](auto* b) {
                                      v1::EvaluateRequest small;
                                      small.set_programme("shanty");
                                      small.set_year(2023);
                                      for (int i = 0; i < 1001; ++i) {
                                        AddItem(b, std::to_string(i), small);
                                      }
                                    },
                                    "items: "},
                      MalformedCase{"DuplicateOrg",
                                    [](auto* b) {
                                      AddItem(b, "150402", ShantyRequest());
                                      AddItem(b, "150403", ShantyRequest());
                                      AddItem(b, "150402", ShantyRequest());
                                    },
                                    "items[2].org"},
                      MalformedCase{"EmptyOrg",
                                    [](auto* b) {
                                      AddItem(b, "150402", ShantyRequest());
                                      AddItem(b, "", ShantyRequest());
                                    },
                                    "items[1].org"},
                      MalformedCase{"OrgTooLong",
                                    [](auto* b) {
                                      AddItem(b, std::string(65, '1'),
                                              ShantyRequest());
                                    },
                                    "items[0].org"}),
    [](const ::testing::TestParamInfo<MalformedCase>& info) {
      return info.param.name;
    });

}  // namespace
}  // namespace anju::testing
