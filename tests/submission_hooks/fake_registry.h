#ifndef ANJU_TESTS_SUBMISSION_HOOKS_FAKE_REGISTRY_H_
#define ANJU_TESTS_SUBMISSION_HOOKS_FAKE_REGISTRY_H_

// A stand-in for the registry service (项目储备库) that answers
// GetReserveFacts only, for the submission service's pre-fill tests (the
// real anju-registry is another engineer's, built at the same time).

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "anju/v1/registry.grpc.pb.h"
#include "common/auth/token_file.h"

namespace anju::submission::testing {

// 项目储备库, faked: per org, the facts it vouches for; every request and
// its authorization header are kept. `down` answers UNAVAILABLE.
class FakeRegistry : public v1::RegistryService::CallbackService {
 public:
  grpc::ServerUnaryReactor* GetReserveFacts(
      grpc::CallbackServerContext* context,
      const v1::GetReserveFactsRequest* request,
      v1::ReserveFacts* response) override {
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    std::lock_guard<std::mutex> lock(mu_);
    requests_.push_back(*request);
    auto auth = context->client_metadata().find(auth::kAuthorizationKey);
    authorizations_.push_back(
        auth == context->client_metadata().end()
            ? ""
            : std::string(auth->second.data(), auth->second.size()));
    if (down_) {
      reactor->Finish(grpc::Status(grpc::StatusCode::UNAVAILABLE, "down"));
      return reactor;
    }
    if (slow_) {  // answers after a second, past the client's deadline
      slow_answers_.emplace_back([reactor] {
        std::this_thread::sleep_for(std::chrono::seconds(1));
        reactor->Finish(grpc::Status::OK);
      });
      return reactor;
    }
    auto found = facts_.find(request->org());
    if (found != facts_.end()) *response = found->second;
    response->set_org(request->org());
    response->set_programme(request->programme());
    response->set_year(request->year());
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }

  // `org` vouches for `name` = `value` (a number or a flag).
  void Vouch(const std::string& org, const std::string& name,
             const v1::Fact& value, const std::string& explanation) {
    std::lock_guard<std::mutex> lock(mu_);
    (*facts_[org].mutable_facts())[name] = value;
    (*facts_[org].mutable_explanations())[name] = explanation;
  }
  void set_down(bool down) {
    std::lock_guard<std::mutex> lock(mu_);
    down_ = down;
  }
  void set_slow(bool slow) {
    std::lock_guard<std::mutex> lock(mu_);
    slow_ = slow;
  }
  // Before the server stops: every slow answer has been given.
  void JoinSlowAnswers() {
    std::vector<std::thread> threads;
    {
      std::lock_guard<std::mutex> lock(mu_);
      threads.swap(slow_answers_);
    }
    for (std::thread& t : threads) t.join();
  }
  std::vector<v1::GetReserveFactsRequest> requests() {
    std::lock_guard<std::mutex> lock(mu_);
    return requests_;
  }
  std::vector<std::string> authorizations() {
    std::lock_guard<std::mutex> lock(mu_);
    return authorizations_;
  }

 private:
  std::mutex mu_;
  std::map<std::string, v1::ReserveFacts> facts_;
  std::vector<v1::GetReserveFactsRequest> requests_;
  std::vector<std::string> authorizations_;
  bool down_ = false;
  bool slow_ = false;
  std::vector<std::thread> slow_answers_;
};

inline v1::Fact Number(double value) {
  v1::Fact fact;
  fact.set_number(value);
  return fact;
}
inline v1::Fact Flag(bool value) {
  v1::Fact fact;
  fact.set_flag(value);
  return fact;
}

}  // namespace anju::submission::testing

#endif  // ANJU_TESTS_SUBMISSION_HOOKS_FAKE_REGISTRY_H_
