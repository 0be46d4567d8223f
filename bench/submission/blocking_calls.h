#ifndef ANJU_BENCH_SUBMISSION_BLOCKING_CALLS_H_
#define ANJU_BENCH_SUBMISSION_BLOCKING_CALLS_H_

#include <grpcpp/grpcpp.h>

#include <functional>

#include "bench/grpc/closed_loop.h"

namespace anju::bench {

// One blocking operation: an SQLite commit, a Store write, or a client's
// SaveDraft + SubmitReport on a synchronous stub. OK counts as done.
using BlockingCall = std::function<grpc::Status()>;
// Makes the call of one slot (one client); called once per slot and round.
using BlockingCallFactory = std::function<BlockingCall()>;

// Adapts blocking calls to bench/grpc's closed loop, which starts a call and
// expects its callback later: each slot gets a thread of its own that runs
// the call and then the callback. The loop starts the slot's next call from
// that callback, which only hands it to the same thread, so calls never
// nest on the stack, and N slots are N clients blocking in parallel.
StartCallFactory OnOwnThreads(BlockingCallFactory factory);

}  // namespace anju::bench

#endif  // ANJU_BENCH_SUBMISSION_BLOCKING_CALLS_H_
