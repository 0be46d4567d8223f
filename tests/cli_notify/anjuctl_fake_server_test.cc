// The anjuctl binary against a fake NotificationService on 127.0.0.1:0 over
// a real socket: the flags reach the server as request fields, the bearer
// credential of --token-file is sent, the reply is printed as a table. The
// real anju-notification is tested end to end once it is merged.
#include <grpcpp/grpcpp.h>
#include <stdlib.h>
#include <unistd.h>

#include <fstream>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "anju/v1/notification.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/cli/subprocess.h"

namespace anju::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::Result;
using testing::RunProcess;

// Records what it was asked and by whom; answers with canned replies.
class FakeNotification final
    : public anju::v1::NotificationService::CallbackService {
 public:
  grpc::ServerUnaryReactor* ListDeliveries(
      grpc::CallbackServerContext* context,
      const anju::v1::ListDeliveriesRequest* request,
      anju::v1::ListDeliveriesResponse* response) override {
    Record(context, *request);
    anju::v1::Delivery* d = response->add_deliveries();
    d->set_id("d42");
    d->set_org("150402");
    d->set_kind(anju::v1::NOTICE_KIND_OVERDUE);
    d->set_channel(anju::v1::CHANNEL_WEBHOOK);
    d->set_address("https://im.example.cn/hook");
    d->set_state(anju::v1::DELIVERY_STATE_DEAD);
    d->set_attempts(6);
    d->set_last_error("webhook 返回 HTTP 404: not found");
    return Done(context);
  }

  grpc::ServerUnaryReactor* PutContact(
      grpc::CallbackServerContext* context,
      const anju::v1::PutContactRequest* request,
      anju::v1::Contact* response) override {
    Record(context, *request);
    *response = request->contact();
    response->set_id("c7");
    response->clear_webhook_secret();  // write-only, as the contract says
    return Done(context);
  }

  std::string last_request() {
    absl::MutexLock lock(&mu_);
    return last_request_;
  }
  std::string last_authorization() {
    absl::MutexLock lock(&mu_);
    return last_authorization_;
  }

 private:
  void Record(grpc::CallbackServerContext* context,
              const google::protobuf::Message& request) {
    absl::MutexLock lock(&mu_);
    last_request_ = request.DebugString();
    auto auth = context->client_metadata().find("authorization");
    last_authorization_ =
        auth == context->client_metadata().end()
            ? ""
            : std::string(auth->second.data(), auth->second.size());
  }
  static grpc::ServerUnaryReactor* Done(grpc::CallbackServerContext* context) {
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }

  absl::Mutex mu_;
  std::string last_request_ ABSL_GUARDED_BY(mu_);
  std::string last_authorization_ ABSL_GUARDED_BY(mu_);
};

class AnjuctlFakeServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port_);
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    ASSERT_GT(port_, 0);
    char path[] = "/tmp/anju-notify-token-XXXXXX";
    const int fd = mkstemp(path);
    ASSERT_GE(fd, 0);
    close(fd);
    token_file_ = path;
    std::ofstream(token_file_) << "tok-150402\n";
  }
  void TearDown() override {
    server_->Shutdown();
    unlink(token_file_.c_str());
    if (!secret_file_.empty()) unlink(secret_file_.c_str());
  }

  Result Anjuctl(std::vector<std::string> args) {
    args.insert(args.begin(), ANJUCTL_BIN);
    args.insert(args.end(),
                {"--notification", absl::StrCat("127.0.0.1:", port_),
                 "--token-file", token_file_});
    return RunProcess(args);
  }

  FakeNotification service_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  std::string token_file_;
  std::string secret_file_;
};

TEST_F(AnjuctlFakeServerTest, DeadLettersOverTheWire) {
  const Result r = Anjuctl(
      {"deliveries", "list", "--dead", "--org", "150402", "--year", "2023"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(service_.last_authorization(), "Bearer tok-150402");
  const std::string request = service_.last_request();
  EXPECT_THAT(request, HasSubstr("year: 2023"));
  EXPECT_THAT(request, HasSubstr("org: \"150402\""));
  EXPECT_THAT(request, HasSubstr("state: DELIVERY_STATE_DEAD"));
  EXPECT_THAT(r.out, HasSubstr("投递失败"));
  EXPECT_THAT(r.out, HasSubstr("HTTP 404"));
  EXPECT_THAT(r.out, HasSubstr("本页1条"));
}

TEST_F(AnjuctlFakeServerTest, ContactPutSendsTheSecretButNeverPrintsIt) {
  char path[] = "/tmp/anju-notify-secret-XXXXXX";
  const int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  close(fd);
  secret_file_ = path;
  std::ofstream(secret_file_) << "hmac-key-xyz\n";
  const Result r =
      Anjuctl({"contact", "put", "--org", "150402", "--name", "王科长",
               "--role", "coordinator", "--webhook",
               "https://im.example.cn/hook", "--webhook-secret-file",
               secret_file_, "--kinds", "overdue,escalation", "--no-inbox"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string request = service_.last_request();
  EXPECT_THAT(request, HasSubstr("webhook_secret: \"hmac-key-xyz\""));
  EXPECT_THAT(request, HasSubstr("NOTICE_KIND_ESCALATION"));
  EXPECT_THAT(request, Not(HasSubstr("inbox: true")));
  EXPECT_THAT(r.out, HasSubstr("联系人 c7"));
  EXPECT_THAT(r.out, HasSubstr("逾期通知、逾期督办"));
  EXPECT_THAT(r.out + r.err, Not(HasSubstr("hmac-key-xyz")));
}

TEST_F(AnjuctlFakeServerTest, UnimplementedMethodIsReported) {
  const Result r = Anjuctl({"reminders", "policy", "show", "--year", "2023"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("UNIMPLEMENTED"));
}

}  // namespace
}  // namespace anju::cli
