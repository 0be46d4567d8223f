// The arena allocator that Evaluate's messages come from: every call gets
// empty messages on an arena, whether its holder is new or reused.

#include "services/scoring/arena_allocator.h"

#include <string>
#include <vector>

#include "anju/v1/scoring.pb.h"
#include "gtest/gtest.h"

namespace anju::scoring {
namespace {

using Allocator =
    ArenaMessageAllocator<v1::EvaluateRequest, v1::EvaluateResponse>;
using Holder = grpc::MessageHolder<v1::EvaluateRequest, v1::EvaluateResponse>;

// Fills both messages, past the arena's first block.
void Fill(Holder* holder) {
  holder->request()->set_programme("rental");
  (*holder->request()->mutable_facts())["violations"].set_number(0);
  (*holder->request()->mutable_self_scores())["rental.fund_raising"].set_reason(
      std::string(3000, 'r'));
  for (int i = 0; i < 20; ++i) {
    holder->response()->add_indicators()->set_reason(std::string(1000, 'x'));
  }
}

void ExpectEmptyOnOneArena(Holder* holder) {
  ASSERT_NE(holder->request()->GetArena(), nullptr);
  EXPECT_EQ(holder->request()->GetArena(), holder->response()->GetArena());
  EXPECT_EQ(holder->request()->ByteSizeLong(), 0u);
  EXPECT_EQ(holder->response()->ByteSizeLong(), 0u);
}

TEST(ArenaMessageAllocatorTest, AReusedHolderHasEmptyMessages) {
  Allocator allocator;
  Holder* first = allocator.AllocateMessages();
  ExpectEmptyOnOneArena(first);
  Fill(first);
  first->Release();
  Holder* second = allocator.AllocateMessages();
  EXPECT_EQ(second, first);  // kept for the next call
  ExpectEmptyOnOneArena(second);
  second->Release();
}

TEST(ArenaMessageAllocatorTest, ManyCallsInFlight) {
  Allocator allocator;
  for (int round = 0; round < 3; ++round) {
    // More than the allocator keeps: the extra holders are freed.
    std::vector<Holder*> in_flight;
    for (int i = 0; i < 200; ++i) {
      in_flight.push_back(allocator.AllocateMessages());
      ExpectEmptyOnOneArena(in_flight.back());
      Fill(in_flight.back());
    }
    for (Holder* holder : in_flight) holder->Release();
  }
}

}  // namespace
}  // namespace anju::scoring
