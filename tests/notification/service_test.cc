// The notification service over a real socket, with real credentials
// (minted here, the shipped access policy) and the fake submission service
// on another real socket: contacts and their secret, policies, the preview,
// the inbox with page tokens, dead letters and resend, and identity (a
// county cannot read another county's inbox).

#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "anju/v1/notification.grpc.pb.h"
#include "common/auth/auth_interceptor.h"
#include "common/auth/auth_settings.h"
#include "common/auth/token_file.h"
#include "common/server.h"
#include "services/notification/dispatcher.h"
#include "services/notification/notification_service.h"
#include "services/notification/policy.h"
#include "tests/auth/auth_fixture.h"
#include "tests/notification/fake_submission.h"
#include "tests/notification/test_support.h"
#include "tests/support/test_database.h"

namespace anju::notification {
namespace {

using auth::Role;
using auth::testing::TestCredential;
using ::testing::HasSubstr;
using testing::kChifeng;
using testing::kHongshan;
using testing::kRegion;
using testing::kYuanbaoshan;
using testing::T;
using testing::Tree;

struct People {
  TestCredential hongshan =
      auth::testing::Mint("hongshan-filer", Role::kCountyFiler, kHongshan);
  TestCredential yuanbaoshan = auth::testing::Mint(
      "yuanbaoshan-filer", Role::kCountyFiler, kYuanbaoshan);
  TestCredential chifeng = auth::testing::Mint(
      "chifeng-coordinator", Role::kCityCoordinator, kChifeng);
  TestCredential admin =
      auth::testing::Mint("region-admin", Role::kRegionAdmin, kRegion);
};

class ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auth::AuthSettings settings;
    settings.credentials_file = auth_dir_.Write(
        "credentials.yaml",
        auth::testing::CredentialsYaml({people_.hongshan, people_.yuanbaoshan,
                                        people_.chifeng, people_.admin}));
    auto gate = auth::LoadServerGate(
        settings, &Tree(), {v1::NotificationService::service_full_name()},
        nullptr);
    ASSERT_TRUE(gate.ok()) << gate.status();
    gate_ = *std::move(gate);

    reports_.AddCampaign(testing::TestCampaign());
    reports_.SetAll({"rental", "shanty", "oldcomm"}, 2023,
                    v1::REPORT_STATE_SUBMITTED_TO_CITY);
    reports_.SetState(kHongshan, "rental", 2023, v1::REPORT_STATE_DRAFT);
    reports_.SetState(kYuanbaoshan, "shanty", 2023, v1::REPORT_STATE_RETURNED);
    auto fake = common::ServerRunner::Start({}, {&fake_service_});
    ASSERT_TRUE(fake.ok()) << fake.status();
    fake_server_ = *std::move(fake);
    view_ = NewGrpcSubmissionView(
        grpc::CreateChannel(fake_server_->address(),
                            grpc::InsecureChannelCredentials()),
        absl::Seconds(5), "");

    auto db = test_support::TestDatabaseSettings(dir_.File("n.db"));
    ASSERT_TRUE(db.ok()) << db.status();
    auto store = NotificationStore::Open(*db);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    auto policy = LoadPolicyFile(DefaultPolicyPath());
    ASSERT_TRUE(policy.ok());
    NotificationDeps deps;
    deps.store = store_.get();
    deps.orgs = &Tree();
    deps.submission = view_.get();
    deps.clock = &clock_;
    deps.gate = gate_.get();
    const auth::AccessGate* gate_ptr = gate_.get();
    deps.caller = [gate_ptr](grpc::CallbackServerContext* context) {
      return gate_ptr->Authenticate(context);
    };
    deps.default_policy = *policy;
    service_ = std::make_unique<NotificationServiceImpl>(std::move(deps));
    common::ServerOptions options;
    options.interceptors = [gate_ptr] {
      return auth::MakeInterceptorCreators(gate_ptr);
    };
    auto server = common::ServerRunner::Start(options, {service_.get()});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    stub_ = v1::NotificationService::NewStub(grpc::CreateChannel(
        server_->address(), grpc::InsecureChannelCredentials()));
    DispatcherOptions dispatch;
    dispatch.years = {2023};
    dispatcher_ = std::make_unique<Dispatcher>(
        store_.get(), view_.get(), &Tree(), &clock_,
        std::map<v1::Channel, Sender*>{{v1::CHANNEL_EMAIL, &email_}}, *policy,
        dispatch, nullptr);
  }

  void TearDown() override {
    dispatcher_.reset();
    server_.reset();
    service_.reset();
    fake_server_.reset();
  }

  // A call as `who`, with a deadline.
  template <typename Request, typename Response>
  grpc::Status Call(const TestCredential& who,
                    grpc::Status (v1::NotificationService::Stub::*method)(
                        grpc::ClientContext*, const Request&, Response*),
                    const Request& request, Response* response) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(10));
    context.AddMetadata(auth::kAuthorizationKey, auth::BearerValue(who.token));
    return (stub_.get()->*method)(&context, request, response);
  }

  v1::Contact Contact(const std::string& org, const std::string& email) {
    v1::Contact c;
    c.set_org(org);
    c.set_name("王科长");
    c.set_role("filer");
    c.set_email(email);
    c.set_inbox(true);
    return c;
  }

  grpc::Status Put(const TestCredential& who, const v1::Contact& c,
                   v1::Contact* out) {
    v1::PutContactRequest request;
    *request.mutable_contact() = c;
    return Call(who, &v1::NotificationService::Stub::PutContact, request, out);
  }

  auth::testing::TempDir auth_dir_;
  People people_;
  std::unique_ptr<auth::AccessGate> gate_;
  testing::TempFolder dir_{"service"};
  testing::FakeReports reports_{&Tree()};
  testing::FakeSubmissionService fake_service_{&reports_};
  std::unique_ptr<common::ServerRunner> fake_server_;
  std::unique_ptr<SubmissionView> view_;
  FakeClock clock_{T("2024-03-13T08:00:00+08:00")};
  testing::RecordingSender email_;
  std::unique_ptr<NotificationStore> store_;
  std::unique_ptr<NotificationServiceImpl> service_;
  std::unique_ptr<common::ServerRunner> server_;
  std::unique_ptr<v1::NotificationService::Stub> stub_;
  std::unique_ptr<Dispatcher> dispatcher_;
};

TEST_F(ServiceTest, ContactsCheckedScopedAndSecretNeverReturned) {
  v1::Contact out;
  v1::Contact hook = Contact(kHongshan, "");
  hook.set_webhook_url("https://im.example.gov.cn/hook");
  hook.set_webhook_secret("s3cret");
  ASSERT_TRUE(Put(people_.hongshan, hook, &out).ok());
  EXPECT_TRUE(out.webhook_secret().empty());
  const std::string hongshan_contact = out.id();
  EXPECT_FALSE(hongshan_contact.empty());

  v1::Contact bad = Contact(kHongshan, "wang@x.cn\r\nBcc: all@x.cn");
  grpc::Status refused = Put(people_.hongshan, bad, &out);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(refused.error_message(), HasSubstr("contact.email"));
  bad = Contact(kHongshan, "wang@x.cn");
  bad.set_name(std::string(100000, 'x'));
  EXPECT_EQ(Put(people_.hongshan, bad, &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  // Another county's contact: neither written nor overwritten.
  EXPECT_EQ(
      Put(people_.hongshan, Contact(kYuanbaoshan, "a@x.cn"), &out).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  v1::Contact takeover = Contact(kYuanbaoshan, "evil@x.cn");
  ASSERT_TRUE(Put(people_.yuanbaoshan, takeover, &out).ok());
  v1::Contact steal = Contact(kYuanbaoshan, "evil@x.cn");
  steal.set_id(hongshan_contact);
  EXPECT_EQ(Put(people_.yuanbaoshan, steal, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
  // A city keeps its counties' contacts.
  EXPECT_TRUE(Put(people_.chifeng, Contact(kHongshan, "b@x.cn"), &out).ok());

  v1::ListContactsRequest list;
  list.set_org(kHongshan);
  v1::ListContactsResponse contacts;
  ASSERT_TRUE(Call(people_.hongshan,
                   &v1::NotificationService::Stub::ListContacts, list,
                   &contacts)
                  .ok());
  ASSERT_EQ(contacts.contacts_size(), 2);
  for (const auto& c : contacts.contacts())
    EXPECT_TRUE(c.webhook_secret().empty());
  // Stored, though: the dispatcher signs with it.
  EXPECT_EQ(store_->GetContact(contacts.contacts(0).id())->webhook_secret(),
            "s3cret");
}

TEST_F(ServiceTest, PoliciesOnlyByTheRegionAndValidated) {
  v1::SetReminderPolicyRequest set;
  auto* p = set.mutable_policy();
  p->set_year(2023);
  p->add_remind_days_before(5);
  p->set_send_time("08:30");
  p->set_overdue_every_days(2);
  p->set_escalate_after_days(4);
  v1::ReminderPolicy out;
  EXPECT_EQ(Call(people_.chifeng,
                 &v1::NotificationService::Stub::SetReminderPolicy, set, &out)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  p->set_send_time("8:30");
  grpc::Status bad =
      Call(people_.admin, &v1::NotificationService::Stub::SetReminderPolicy,
           set, &out);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(bad.error_message(), HasSubstr("policy.send_time"));
  v1::GetReminderPolicyRequest get;
  get.set_year(2023);
  ASSERT_TRUE(Call(people_.hongshan,
                   &v1::NotificationService::Stub::GetReminderPolicy, get, &out)
                  .ok());
  EXPECT_TRUE(out.is_default());
  p->set_send_time("08:30");
  ASSERT_TRUE(Call(people_.admin,
                   &v1::NotificationService::Stub::SetReminderPolicy, set, &out)
                  .ok());
  ASSERT_TRUE(Call(people_.hongshan,
                   &v1::NotificationService::Stub::GetReminderPolicy, get, &out)
                  .ok());
  EXPECT_FALSE(out.is_default());
  EXPECT_EQ(out.send_time(), "08:30");
}

TEST_F(ServiceTest, PreviewShowsWhatTheCallerMaySee) {
  v1::Contact out;
  ASSERT_TRUE(Put(people_.hongshan, Contact(kHongshan, "hs@x.cn"), &out).ok());
  v1::PreviewRemindersRequest request;
  request.set_year(2023);
  request.set_from("2024-03-12T00:00:00+08:00");
  request.set_to("2024-03-20T00:00:00+08:00");
  v1::PreviewRemindersResponse city;
  ASSERT_TRUE(Call(people_.chifeng,
                   &v1::NotificationService::Stub::PreviewReminders, request,
                   &city)
                  .ok());
  ASSERT_EQ(city.notices_size(), 6);  // two counties × T−7, T−3, T−1
  EXPECT_EQ(city.notices(0).send_time(), "2024-03-13T09:00:00+08:00");
  EXPECT_EQ(city.notices(0).org(), kHongshan);
  EXPECT_EQ(city.notices(0).programme(), "rental");
  EXPECT_EQ(city.notices(0).contact_ids_size(), 1);
  EXPECT_EQ(city.notices(1).org(), kYuanbaoshan);
  EXPECT_EQ(city.notices(1).programme(), "shanty");
  v1::PreviewRemindersResponse own;
  ASSERT_TRUE(Call(people_.hongshan,
                   &v1::NotificationService::Stub::PreviewReminders, request,
                   &own)
                  .ok());
  EXPECT_EQ(own.notices_size(), 3);
  request.set_org(kYuanbaoshan);
  EXPECT_EQ(
      Call(people_.hongshan, &v1::NotificationService::Stub::PreviewReminders,
           request, &own)
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  request.set_org("");
  request.set_to("2026-03-20T00:00:00+08:00");
  EXPECT_EQ(
      Call(people_.chifeng, &v1::NotificationService::Stub::PreviewReminders,
           request, &own)
          .error_code(),
      grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(ServiceTest, InboxPagesAndACountyCannotReadAnothers) {
  v1::Contact out;
  ASSERT_TRUE(Put(people_.hongshan, Contact(kHongshan, "hs@x.cn"), &out).ok());
  // Three reminders (T−7, T−3, T−1) into the inbox, in simulated time.
  for (const char* at :
       {"2024-03-13T09:00:00+08:00", "2024-03-17T09:00:00+08:00",
        "2024-03-19T09:00:00+08:00"}) {
    clock_.Set(T(at));
    ASSERT_TRUE(dispatcher_->RunOnce().ok());
  }
  EXPECT_EQ(email_.sent().size(), 3u);
  v1::ListInboxRequest request;
  request.set_org(kHongshan);
  request.set_page_size(2);
  v1::ListInboxResponse page;
  ASSERT_TRUE(Call(people_.hongshan, &v1::NotificationService::Stub::ListInbox,
                   request, &page)
                  .ok());
  ASSERT_EQ(page.messages_size(), 2);
  EXPECT_EQ(page.unread(), 3);
  EXPECT_THAT(page.messages(0).subject(), HasSubstr("催报提醒"));
  ASSERT_FALSE(page.next_page_token().empty());
  request.set_page_token(page.next_page_token());
  v1::ListInboxResponse rest;
  ASSERT_TRUE(Call(people_.hongshan, &v1::NotificationService::Stub::ListInbox,
                   request, &rest)
                  .ok());
  ASSERT_EQ(rest.messages_size(), 1);
  EXPECT_TRUE(rest.next_page_token().empty());

  v1::MarkReadRequest mark;
  mark.set_org(kHongshan);
  mark.set_id(rest.messages(0).id());
  v1::InboxMessage read;
  ASSERT_TRUE(Call(people_.hongshan, &v1::NotificationService::Stub::MarkRead,
                   mark, &read)
                  .ok());
  EXPECT_TRUE(read.read());

  v1::ListInboxRequest other;
  other.set_org(kHongshan);
  v1::ListInboxResponse denied;
  grpc::Status s =
      Call(people_.yuanbaoshan, &v1::NotificationService::Stub::ListInbox,
           other, &denied);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(denied.messages_size(), 0);
  mark.set_org(kYuanbaoshan);  // its own org, someone else's message
  EXPECT_EQ(Call(people_.yuanbaoshan, &v1::NotificationService::Stub::MarkRead,
                 mark, &read)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
  request.set_page_token("-5");
  EXPECT_EQ(Call(people_.hongshan, &v1::NotificationService::Stub::ListInbox,
                 request, &page)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(ServiceTest, DeadLettersListedAndResentByTheAdministrator) {
  v1::Contact out;
  ASSERT_TRUE(Put(people_.hongshan, Contact(kHongshan, "hs@x.cn"), &out).ok());
  email_.Script({absl::InvalidArgumentError("550 mailbox unavailable")});
  clock_.Set(T("2024-03-13T09:00:00+08:00"));
  ASSERT_TRUE(dispatcher_->RunOnce().ok());
  v1::ListDeliveriesRequest request;
  request.set_state(v1::DELIVERY_STATE_DEAD);
  v1::ListDeliveriesResponse dead;
  ASSERT_TRUE(Call(people_.admin,
                   &v1::NotificationService::Stub::ListDeliveries, request,
                   &dead)
                  .ok());
  ASSERT_EQ(dead.deliveries_size(), 1);
  EXPECT_THAT(dead.deliveries(0).last_error(), HasSubstr("550"));
  EXPECT_EQ(dead.deliveries(0).channel(), v1::CHANNEL_EMAIL);
  EXPECT_FALSE(dead.deliveries(0).message_id().empty());
  EXPECT_EQ(Call(people_.hongshan,
                 &v1::NotificationService::Stub::ListDeliveries, request, &dead)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  v1::ResendDeliveryRequest resend;
  resend.set_id(dead.deliveries(0).id());
  v1::Delivery delivery;
  ASSERT_TRUE(Call(people_.admin,
                   &v1::NotificationService::Stub::ResendDelivery, resend,
                   &delivery)
                  .ok());
  EXPECT_EQ(delivery.state(), v1::DELIVERY_STATE_PENDING);
  ASSERT_TRUE(dispatcher_->RunOnce().ok());
  EXPECT_EQ(email_.sent().size(), 2u);
  EXPECT_EQ(email_.sent()[0].idempotency_key, email_.sent()[1].idempotency_key);
  resend.set_id("999999");
  EXPECT_EQ(Call(people_.admin, &v1::NotificationService::Stub::ResendDelivery,
                 resend, &delivery)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace anju::notification
