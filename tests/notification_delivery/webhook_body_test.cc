// The webhook body, its signature and the HMAC itself, with no network.
#include "services/notification/delivery/webhook_body.h"

#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "services/notification/delivery/crypto.h"
#include "services/notification/delivery/senders.h"

namespace anju::notification {
namespace {

using ::testing::HasSubstr;

TEST(JsonQuote, EscapesWhatJsonRequires) {
  EXPECT_EQ(JsonQuote("中文"), "\"中文\"");
  EXPECT_EQ(JsonQuote("a\"b\\c"), R"("a\"b\\c")");
  EXPECT_EQ(JsonQuote("l1\nl2\r\t"), R"("l1\nl2\r\t")");
  EXPECT_EQ(JsonQuote(std::string("\x01\x1f\x7f", 3)),
            R"("\u0001\u001f\u007f")");
  EXPECT_EQ(JsonQuote(std::string("a\0b", 3)), R"("a\u0000b")");
  EXPECT_EQ(JsonQuote("x\u2028y\u2029"), R"("x\u2028y\u2029")");
  EXPECT_EQ(JsonQuote("</script>"), "\"</script>\"");
}

// RFC 4231 test cases 1 and 2.
TEST(HmacSha256, Rfc4231Vectors) {
  EXPECT_EQ(HmacSha256Hex(std::string(20, '\x0b'), "Hi There"),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  EXPECT_EQ(HmacSha256Hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(Sha256, KnownVector) {
  EXPECT_EQ(Sha256Hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(WebhookSignature, SignsTimestampDotBody) {
  EXPECT_EQ(WebhookSignature("Jefe", 1711242000, "{}"),
            "sha256=" + HmacSha256Hex("Jefe", "1711242000.{}"));
}

Notice SampleNotice() {
  Notice n;
  n.idempotency_key = "2023|150402|overdue|2024-04-01T09:00|c7|webhook";
  n.kind = v1::NOTICE_KIND_OVERDUE;
  n.org = "150402";
  n.org_name = "红山区";
  n.subject = "【逾期通知】\"租赁住房\" 自评未报送";
  n.body = "第一行\n第二行\t制表\\";
  n.due_time = absl::FromUnixSeconds(1711933200);  // 2024-04-01 09:00 +08
  n.fields = {{"year", "2023"}, {"programme", "rental"}};
  return n;
}

TEST(WebhookBody, ParsesBackToTheSameText) {
  absl::StatusOr<std::string> body = WebhookBody(SampleNotice());
  ASSERT_TRUE(body.ok()) << body.status();
  google::protobuf::Struct parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(*body, &parsed).ok())
      << *body;
  const auto& f = parsed.fields();
  EXPECT_EQ(f.at("idempotency_key").string_value(),
            SampleNotice().idempotency_key);
  EXPECT_EQ(f.at("kind").string_value(), "overdue");
  EXPECT_EQ(f.at("org").string_value(), "150402");
  EXPECT_EQ(f.at("org_name").string_value(), "红山区");
  EXPECT_EQ(f.at("subject").string_value(), SampleNotice().subject);
  EXPECT_EQ(f.at("body").string_value(), SampleNotice().body);
  EXPECT_EQ(f.at("due_time").string_value(), "2024-04-01T09:00:00+08:00");
  EXPECT_EQ(
      f.at("fields").struct_value().fields().at("programme").string_value(),
      "rental");
}

TEST(WebhookBody, RefusesBadUtf8AndTooManyFields) {
  Notice n = SampleNotice();
  n.body = "\xc3";
  absl::Status s = WebhookBody(n).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()), HasSubstr("notice.body"));
  n = SampleNotice();
  for (int i = 0; i < 100; ++i) n.fields["f" + std::to_string(i)] = "v";
  EXPECT_EQ(WebhookBody(n).status().code(), absl::StatusCode::kInvalidArgument);
  n = SampleNotice();
  n.body = std::string(kMaxWebhookBodyBytes, 'x');
  EXPECT_EQ(WebhookBody(n).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(HeaderSafeKey, NoByteCanEndTheHeader) {
  EXPECT_EQ(HeaderSafeKey("2023|150402|c1"), "2023|150402|c1");
  EXPECT_EQ(HeaderSafeKey("a\r\nX: y"), "a%0D%0AX:%20y");
  EXPECT_EQ(HeaderSafeKey("红"), "%E7%BA%A2");
  EXPECT_EQ(HeaderSafeKey("100%"), "100%25");
}

TEST(CheckWebhookUrl, HttpAndHttpsOnly) {
  EXPECT_TRUE(CheckWebhookUrl("u", "https://im.nmg.gov.cn/hook?x=1").ok());
  EXPECT_TRUE(CheckWebhookUrl("u", "http://127.0.0.1:8080/hook").ok());
  for (const char* bad :
       {"ftp://x/y", "file:///etc/passwd", "gopher://x", "http://",
        "https:///path", "http://a b/", "http://x/\r\nHost: y", "hook"}) {
    const absl::Status s = CheckWebhookUrl("contact.webhook_url", bad);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_THAT(std::string(s.message()), HasSubstr("contact.webhook_url"));
  }
  EXPECT_EQ(CheckWebhookUrl("u", "http://x/" + std::string(3000, 'a')).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(MessageIdFor, StablePerKey) {
  Notice a = SampleNotice();
  Notice b = SampleNotice();
  b.subject = "另一个标题";  // only the key matters
  EXPECT_EQ(MessageIdFor(a, "anju.local"), MessageIdFor(b, "anju.local"));
  b.idempotency_key += "x";
  EXPECT_NE(MessageIdFor(a, "anju.local"), MessageIdFor(b, "anju.local"));
  EXPECT_EQ(MessageIdFor(a, "anju.local"),
            "<" + Sha256Hex(a.idempotency_key).substr(0, 32) + "@anju.local>");
}

}  // namespace
}  // namespace anju::notification
