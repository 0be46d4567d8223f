// The anju-notification binary in simulated time (--clock-file), against
// the fake submission service on a real socket: reminders reach the inbox
// once each, also across kill -9 and a restart; SIGTERM stops it cleanly;
// bad configuration stops it at start with a message naming the key.

#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <fstream>

#include "anju/v1/notification.grpc.pb.h"
#include "common/server.h"
#include "tests/notification/child_process.h"
#include "tests/notification/fake_submission.h"
#include "tests/notification/test_support.h"

namespace anju::notification {
namespace {

using testing::ChildServer;
using ::testing::HasSubstr;
using testing::kHongshan;
using testing::Tree;

class BinaryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    reports_.AddCampaign(testing::TestCampaign());
    reports_.SetAll({"rental", "shanty", "oldcomm"}, 2023,
                    v1::REPORT_STATE_SUBMITTED_TO_CITY);
    reports_.SetState(kHongshan, "rental", 2023, v1::REPORT_STATE_DRAFT);
    auto fake = common::ServerRunner::Start({}, {&fake_service_});
    ASSERT_TRUE(fake.ok()) << fake.status();
    fake_ = *std::move(fake);
    SetClock("2024-03-13T08:00:00+08:00");
    std::ofstream(dir_.File("config.yaml"))
        << "tick_ms: 100\ninitial_lookback_hours: 1\n";
  }

  void SetClock(const std::string& now) {
    std::ofstream(dir_.File("clock.tmp")) << now << "\n";
    std::rename(dir_.File("clock.tmp").c_str(), dir_.File("clock").c_str());
  }

  std::unique_ptr<ChildServer> Start() {
    auto child = std::make_unique<ChildServer>(
        ANJU_NOTIFICATION_BINARY,
        std::vector<std::string>{"--config", dir_.File("config.yaml"), "--data",
                                 dir_.File("data"), "--submission",
                                 fake_->address(), "--clock-file",
                                 dir_.File("clock")});
    EXPECT_NE(child->port(), 0) << child->log();
    stub_ = v1::NotificationService::NewStub(grpc::CreateChannel(
        child->address(), grpc::InsecureChannelCredentials()));
    return child;
  }

  int InboxSize() {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(5));
    v1::ListInboxRequest request;
    request.set_org(kHongshan);
    v1::ListInboxResponse response;
    grpc::Status s = stub_->ListInbox(&context, request, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return response.messages_size();
  }

  // Waits up to 10 s for the inbox to hold `n`, then a few ticks more to
  // see that it stays there.
  void ExpectInbox(int n) {
    for (int i = 0; i < 100 && InboxSize() < n; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    EXPECT_EQ(InboxSize(), n);
  }

  testing::TempFolder dir_{"binary"};
  testing::FakeReports reports_{&Tree()};
  testing::FakeSubmissionService fake_service_{&reports_};
  std::unique_ptr<common::ServerRunner> fake_;
  std::unique_ptr<v1::NotificationService::Stub> stub_;
};

TEST_F(BinaryTest, RemindersOnceAcrossKillNineAndRestart) {
  auto server = Start();
  v1::PutContactRequest put;
  auto* c = put.mutable_contact();
  c->set_org(kHongshan);
  c->set_name("红山区住建局");
  c->set_role("filer");
  c->set_inbox(true);
  grpc::ClientContext context;
  v1::Contact out;
  ASSERT_TRUE(stub_->PutContact(&context, put, &out).ok());

  SetClock("2024-03-13T09:00:30+08:00");  // T−7
  ExpectInbox(1);
  server->Stop(SIGKILL);
  SetClock("2024-03-17T09:00:30+08:00");  // T−3, while it was down
  server = Start();
  ExpectInbox(2);
  server->Stop(SIGKILL);
  server = Start();  // nothing new is due: nothing is added
  ExpectInbox(2);
  EXPECT_EQ(server->Stop(SIGTERM), 0) << server->log();
}

TEST_F(BinaryTest, BadConfigurationStopsAtStartNamingTheKey) {
  std::ofstream(dir_.File("config.yaml"), std::ios::trunc) << "tick_ms: 5\n";
  ChildServer child(ANJU_NOTIFICATION_BINARY,
                    {"--config", dir_.File("config.yaml"), "--data",
                     dir_.File("data"), "--submission", fake_->address()});
  EXPECT_EQ(child.Stop(0), 2);
  EXPECT_THAT(child.log(), HasSubstr("tick_ms"));
}

}  // namespace
}  // namespace anju::notification
