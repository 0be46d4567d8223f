// The e-mail encoders: RFC 2047 words, base64 lines, the date, mailboxes
// and header injection, with no network.
#include "services/notification/delivery/mail_format.h"

#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/text.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace anju::notification {
namespace {

using ::testing::HasSubstr;

// Decodes "=?UTF-8?B?…?=" words joined by CRLF SP, checking each word.
std::string DecodeWords(const std::string& encoded) {
  std::string text;
  for (absl::string_view word : absl::StrSplit(encoded, "\r\n ")) {
    EXPECT_LE(word.size(), 75u) << word;
    EXPECT_TRUE(absl::ConsumePrefix(&word, "=?UTF-8?B?")) << word;
    EXPECT_TRUE(absl::ConsumeSuffix(&word, "?=")) << word;
    std::string bytes;
    EXPECT_TRUE(absl::Base64Unescape(word, &bytes));
    // No word ends inside a character: each decodes on its own.
    EXPECT_TRUE(common::IsValidUtf8(bytes)) << absl::CEscape(bytes);
    text += bytes;
  }
  return text;
}

TEST(EncodeWords, ShortChineseSubjectIsOneWord) {
  const std::string subject = "【催报提醒】2023年度绩效自评";
  const std::string encoded = EncodeWords(subject);
  EXPECT_FALSE(absl::StrContains(encoded, "\r\n"));
  EXPECT_EQ(DecodeWords(encoded), subject);
}

TEST(EncodeWords, LongSubjectSplitsAtCharacterBoundaries) {
  std::string subject;
  for (int i = 0; i < 12; ++i) subject += "赤峰市红山区租赁住房保障a";
  const std::string encoded = EncodeWords(subject);
  EXPECT_GT(std::vector<std::string>(absl::StrSplit(encoded, "\r\n ")).size(),
            3u);
  EXPECT_EQ(DecodeWords(encoded), subject);
}

TEST(EncodeWords, FourByteCharactersAreNotCut) {
  std::string subject;
  for (int i = 0; i < 40; ++i) subject += "𠀀";  // U+20000, 4 bytes
  EXPECT_EQ(DecodeWords(EncodeWords(subject)), subject);
}

TEST(Base64Lines, SeventySixCharactersPerLine) {
  const std::string body(1000, 'x');
  const std::string encoded = Base64Lines(body);
  std::vector<std::string> lines = absl::StrSplit(encoded, "\r\n");
  ASSERT_EQ(lines.back(), "");  // ends with CRLF
  lines.pop_back();
  for (size_t i = 0; i + 1 < lines.size(); ++i) EXPECT_EQ(lines[i].size(), 76u);
  EXPECT_LE(lines.back().size(), 76u);
  std::string decoded;
  ASSERT_TRUE(absl::Base64Unescape(absl::StrJoin(lines, ""), &decoded));
  EXPECT_EQ(decoded, body);
}

TEST(MailDate, ChinaStandardTime) {
  // 2024-03-24 01:00 UTC is 09:00 in Beijing, a Sunday.
  const absl::Time t = absl::FromUnixSeconds(1711242000);
  EXPECT_EQ(MailDate(t), "Sun, 24 Mar 2024 09:00:00 +0800");
}

TEST(ParseMailbox, NameAndAddress) {
  absl::StatusOr<Mailbox> m =
      ParseMailbox("from", "安居绩效评价 <noreply@anju.local>");
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->name, "安居绩效评价");
  EXPECT_EQ(m->address, "noreply@anju.local");
  m = ParseMailbox("from", "a@b.cn");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->name, "");
  EXPECT_EQ(m->address, "a@b.cn");
}

TEST(CheckAddress, RefusesInjectionAndJunk) {
  for (const char* bad :
       {"", "a@b.cn\r\nBcc: x@y.cn", "a b@c.cn", "ab.cn", "a@@b.cn", "<a@b.cn>",
        "a@b.cn,c@d.cn", "王@b.cn", "@b.cn", "a@"}) {
    const absl::Status s = CheckAddress("contact.email", bad);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_THAT(std::string(s.message()), HasSubstr("contact.email"));
  }
  EXPECT_TRUE(CheckAddress("e", std::string(300, 'a') + "@b.cn").code() ==
              absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(CheckAddress("e", "wang.kz+2023@nmg.gov.cn").ok());
}

Notice SampleNotice() {
  Notice n;
  n.idempotency_key = "2023|150402|reminder|2024-03-24T09:00|c1|email";
  n.recipient_name = "王科长";
  n.address = "wang@hongshan.gov.cn";
  n.subject = "【催报提醒】红山区 2023 年度租赁住房保障绩效自评";
  n.body = "王科长:\n请于 3 月 31 日前报送。\n";
  return n;
}

MailEnvelope SampleEnvelope() {
  return {{"安居绩效评价", "noreply@anju.local"},
          "<0123@anju.local>",
          absl::FromUnixSeconds(1711242000)};
}

TEST(ComposeMail, HeadersAndBody) {
  absl::StatusOr<std::string> mail =
      ComposeMail(SampleNotice(), SampleEnvelope());
  ASSERT_TRUE(mail.ok()) << mail.status();
  EXPECT_THAT(*mail, HasSubstr("\r\nTo: =?UTF-8?B?"));
  EXPECT_THAT(*mail, HasSubstr(" <wang@hongshan.gov.cn>\r\n"));
  EXPECT_THAT(*mail, HasSubstr("\r\nMessage-ID: <0123@anju.local>\r\n"));
  EXPECT_THAT(*mail, HasSubstr("Content-Type: text/plain; charset=UTF-8\r\n"));
  EXPECT_THAT(*mail, HasSubstr("Content-Transfer-Encoding: base64\r\n\r\n"));
  EXPECT_THAT(*mail, HasSubstr("Date: Sun, 24 Mar 2024 09:00:00 +0800\r\n"));
  // No bare LF anywhere: every line ends in CRLF.
  for (size_t i = 0; i < mail->size(); ++i) {
    if ((*mail)[i] == '\n') ASSERT_EQ((*mail)[i - 1], '\r') << i;
  }
}

TEST(ComposeMail, NoLineLongerThan76) {
  Notice n = SampleNotice();
  n.recipient_name = "内蒙古自治区住房和城乡建设厅城市建设处保障性住房科";
  n.address = "very.long.mailbox.name.for.the.housing.department@nmg.gov.cn";
  for (int i = 0; i < 3; ++i) n.subject += n.subject;
  absl::StatusOr<std::string> mail = ComposeMail(n, SampleEnvelope());
  ASSERT_TRUE(mail.ok()) << mail.status();
  for (absl::string_view line : absl::StrSplit(*mail, "\r\n")) {
    EXPECT_LE(line.size(), 76u) << line;
  }
}

TEST(ComposeMail, RefusesHeaderInjection) {
  Notice n = SampleNotice();
  n.recipient_name = "王科长\r\nBcc: everyone@example.com";
  EXPECT_EQ(ComposeMail(n, SampleEnvelope()).status().code(),
            absl::StatusCode::kInvalidArgument);
  n = SampleNotice();
  n.subject = "提醒\nBcc: x@y.cn";
  const absl::Status s = ComposeMail(n, SampleEnvelope()).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()), HasSubstr("notice.subject"));
  n = SampleNotice();
  n.address = "wang@hongshan.gov.cn>\r\nRCPT TO:<x@y.cn";
  EXPECT_EQ(ComposeMail(n, SampleEnvelope()).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(ComposeMail, RefusesBadUtf8AndHugeBodies) {
  Notice n = SampleNotice();
  n.subject = "\xff\xfe";
  EXPECT_EQ(ComposeMail(n, SampleEnvelope()).status().code(),
            absl::StatusCode::kInvalidArgument);
  n = SampleNotice();
  n.body = std::string(kMaxBodyBytes + 1, 'x');
  EXPECT_EQ(ComposeMail(n, SampleEnvelope()).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace anju::notification
