#ifndef ANJU_TESTS_NOTIFICATION_END_TO_END_FIXTURE_H_
#define ANJU_TESTS_NOTIFICATION_END_TO_END_FIXTURE_H_

// The end-to-end fixture: the real anju-scoring and anju-submission
// binaries (authentication off), a real SMTP server and a webhook receiver
// that checks signatures (tests/sinks), simulated time through a clock
// file, and anju-notification started as a child process — one
// (end_to_end_test.cc) or two replicas on one PostgreSQL
// (replicas_test.cc). The including target defines ANJU_*_BINARY.

#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "anju/v1/notification.grpc.pb.h"
#include "anju/v1/submission.grpc.pb.h"
#include "tests/notification/child_process.h"
#include "tests/notification/test_support.h"
#include "tests/sinks/sinks.h"

namespace anju::notification::testing {

using namespace anju::testing::sinks;  // NOLINT: the sinks' small API

inline constexpr char kSecret[] = "hongshan-webhook-secret";

template <typename Stub, typename Request, typename Response>
grpc::Status Call(Stub& stub,
                  grpc::Status (Stub::*method)(grpc::ClientContext*,
                                               const Request&, Response*),
                  const Request& request, Response* response) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(20));
  return (stub.*method)(&context, request, response);
}

class EndToEndTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SmtpSinkOptions mail;
    mail.fail = {"dead@.*=550"};
    auto smtp = SmtpSink::Start(mail);
    ASSERT_TRUE(smtp.ok()) << smtp.status();
    smtp_ = *std::move(smtp);
    WebhookReceiverOptions hook;
    hook.secret = kSecret;
    hook.fail_first = fail_first_;
    auto receiver = WebhookReceiver::Start(hook);
    ASSERT_TRUE(receiver.ok()) << receiver.status();
    hooks_ = *std::move(receiver);
    scoring_ = std::make_unique<ChildServer>(ANJU_SCORING_BINARY,
                                             std::vector<std::string>{});
    ASSERT_NE(scoring_->port(), 0) << scoring_->log();
    submission_ = std::make_unique<ChildServer>(
        ANJU_SUBMISSION_BINARY,
        std::vector<std::string>{"--data", dir_.File("submission"), "--scoring",
                                 scoring_->address()});
    ASSERT_NE(submission_->port(), 0) << submission_->log();
    submission_stub_ = v1::SubmissionService::NewStub(grpc::CreateChannel(
        submission_->address(), grpc::InsecureChannelCredentials()));
    std::ofstream(dir_.File("notification.yaml")) << NotificationConfig();
  }

  // anju-notification's configuration: fast ticks, the SMTP sink, short
  // backoff.
  // `smtp_keys` adds keys to the smtp block ("  timeout_ms: 1000\n").
  std::string NotificationConfig(const std::string& smtp_keys = "") const {
    return absl::StrCat(
        "tick_ms: 100\ninitial_lookback_hours: 1\n",
        "smtp:\n  url: ", smtp_->url(),
        "\n  from: \"安居绩效评价 <noreply@anju.local>\"\n", smtp_keys,
        "retry:\n  initial_backoff_ms: 200\n  max_backoff_ms: 1000\n");
  }

  void SetClock(const std::string& now) {
    std::ofstream(dir_.File("clock.tmp")) << now << "\n";
    std::rename(dir_.File("clock.tmp").c_str(), dir_.File("clock").c_str());
  }

  // anju-notification with `config` against the real submission service,
  // in the simulated time of the clock file.
  std::unique_ptr<ChildServer> StartReplica(const std::string& config,
                                            const std::string& data) {
    auto child = std::make_unique<ChildServer>(
        ANJU_NOTIFICATION_BINARY,
        std::vector<std::string>{"--config", config, "--data", data,
                                 "--submission", submission_->address(),
                                 "--clock-file", dir_.File("clock")});
    EXPECT_NE(child->port(), 0) << child->log();
    return child;
  }

  void StartNotification() {
    notification_ =
        StartReplica(dir_.File("notification.yaml"), dir_.File("notification"));
    ASSERT_NE(notification_->port(), 0);
    stub_ = v1::NotificationService::NewStub(grpc::CreateChannel(
        notification_->address(), grpc::InsecureChannelCredentials()));
  }

  // The logs of the notification binaries, for failure messages.
  virtual std::string NotificationLogs() const {
    return notification_ != nullptr ? notification_->log() : "";
  }

  void CreateCampaign() {
    v1::CreateCampaignRequest request;
    auto* c = request.mutable_campaign();
    c->set_year(2023);
    c->add_programmes("rental");
    c->mutable_deadlines()->set_county_to_city("2024-03-20T18:00:00+08:00");
    c->mutable_deadlines()->set_city_to_region("2024-03-31T18:00:00+08:00");
    v1::Campaign out;
    grpc::Status s =
        Call(*submission_stub_, &v1::SubmissionService::Stub::CreateCampaign,
             request, &out);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  void SubmitRental(const std::string& org) {
    v1::SaveDraftRequest draft;
    draft.set_org(org);
    draft.set_programme("rental");
    draft.set_year(2023);
    (*draft.mutable_facts())["subsidy_planned_households"].set_number(400);
    (*draft.mutable_facts())["subsidy_issued_households"].set_number(423);
    v1::Report report;
    grpc::Status s =
        Call(*submission_stub_, &v1::SubmissionService::Stub::SaveDraft, draft,
             &report);
    ASSERT_TRUE(s.ok()) << s.error_message();
    v1::SubmitReportRequest submit;
    submit.set_org(org);
    submit.set_programme("rental");
    submit.set_year(2023);
    s = Call(*submission_stub_, &v1::SubmissionService::Stub::SubmitReport,
             submit, &report);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  void PutContact(const std::string& org, const std::string& role,
                  const std::string& email, const std::string& hook) {
    v1::PutContactRequest request;
    auto* c = request.mutable_contact();
    c->set_org(org);
    c->set_name(email);
    c->set_role(role);
    c->set_email(email);
    if (!hook.empty()) {
      c->set_webhook_url(hooks_->url(hook));
      c->set_webhook_secret(kSecret);
    }
    v1::Contact out;
    grpc::Status s =
        Call(*stub_, &v1::NotificationService::Stub::PutContact, request, &out);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  std::vector<MailMessage> MailTo(const std::string& address) {
    std::vector<MailMessage> out;
    auto all = smtp_->Messages();
    EXPECT_TRUE(all.ok()) << all.status();
    for (const MailMessage& m : *all) {
      if (!m.rcpt_tos.empty() && m.rcpt_tos[0] == address) out.push_back(m);
    }
    return out;
  }

  // Waits (10 s at most) until `address` has `n` mails, then a few ticks
  // more, so that an extra one would be seen.
  std::vector<MailMessage> ExpectMail(const std::string& address, size_t n) {
    for (int i = 0; i < 100 && MailTo(address).size() < n; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
    std::vector<MailMessage> mail = MailTo(address);
    EXPECT_EQ(mail.size(), n) << address << "\n" << NotificationLogs();
    return mail;
  }

  int fail_first_ = 0;  // the webhook receiver answers 500 to these first
  testing::TempFolder dir_{"e2e"};
  std::unique_ptr<SmtpSink> smtp_;
  std::unique_ptr<WebhookReceiver> hooks_;
  std::unique_ptr<ChildServer> scoring_;
  std::unique_ptr<ChildServer> submission_;
  std::unique_ptr<ChildServer> notification_;
  std::unique_ptr<v1::SubmissionService::Stub> submission_stub_;
  std::unique_ptr<v1::NotificationService::Stub> stub_;
};

}  // namespace anju::notification::testing

#endif  // ANJU_TESTS_NOTIFICATION_END_TO_END_FIXTURE_H_
