#include "common/auth/token.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace anju::auth {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// FIPS 180-2's test vector, as `printf %s abc | sha256sum` prints it.
constexpr char kAbcHex[] =
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

TEST(TokenTest, Sha256MatchesTheStandardVector) {
  EXPECT_EQ(HexOf(Sha256("abc")), kAbcHex);
  EXPECT_NE(HexOf(Sha256("abd")), kAbcHex);
}

TEST(TokenTest, ParsesDigestsInEitherCase) {
  std::optional<Digest> lower = ParseDigestHex(kAbcHex);
  ASSERT_TRUE(lower.has_value());
  EXPECT_TRUE(SameDigest(*lower, Sha256("abc")));
  std::string upper = kAbcHex;
  for (char& c : upper) c = static_cast<char>(toupper(c));
  std::optional<Digest> parsed = ParseDigestHex(upper);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_TRUE(SameDigest(*parsed, *lower));
}

TEST(TokenTest, RefusesMalformedDigests) {
  const std::string good = kAbcHex;
  EXPECT_FALSE(ParseDigestHex(good.substr(1)).has_value());  // 63
  EXPECT_FALSE(ParseDigestHex(good + "0").has_value());      // 65
  EXPECT_FALSE(ParseDigestHex("").has_value());
  EXPECT_FALSE(ParseDigestHex("g" + good.substr(1)).has_value());
  EXPECT_FALSE(ParseDigestHex(" " + good.substr(1)).has_value());
}

TEST(TokenTest, SameDigestComparesEveryByte) {
  Digest a = Sha256("x");
  Digest b = a;
  EXPECT_TRUE(SameDigest(a, b));
  b[kDigestBytes - 1] ^= 1;
  EXPECT_FALSE(SameDigest(a, b));
  b = a;
  b[0] ^= 0x80;
  EXPECT_FALSE(SameDigest(a, b));
}

TEST(TokenTest, MintedTokensAreFreshHexWithTheirDigest) {
  absl::StatusOr<MintedToken> first = MintToken();
  absl::StatusOr<MintedToken> second = MintToken();
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(first->token.size(), 64u);
  EXPECT_EQ(first->token.find_first_not_of("0123456789abcdef"),
            std::string::npos);
  EXPECT_NE(first->token, second->token);
  EXPECT_EQ(first->sha256_hex, HexOf(Sha256(first->token)));
  EXPECT_NE(first->sha256_hex, first->token);
}

TEST(TokenTest, ParsesBearerInAnyCaseOfTheScheme) {
  for (const char* value :
       {"Bearer abc123", "bearer abc123", "BEARER abc123", "Bearer   abc123"}) {
    absl::StatusOr<absl::string_view> token = ParseBearer(value);
    ASSERT_TRUE(token.ok()) << value << ": " << token.status();
    EXPECT_EQ(*token, "abc123") << value;
  }
}

TEST(TokenTest, RefusesOtherSchemesAndBadTokensWithoutEchoing) {
  const std::string secret = "s3cr3t-token-value";
  const std::vector<std::string> values = {
      "Basic " + secret,
      secret,
      "Bearer",
      "Bearer ",
      "Bearer    ",
      "Bearer " + secret + " extra",
      "Bearer " + secret + "\t",
      "Bearer " + std::string(kMaxTokenBytes + 1, 'a'),
      "Bearer" + secret};
  for (const std::string& value : values) {
    absl::StatusOr<absl::string_view> token = ParseBearer(value);
    ASSERT_FALSE(token.ok()) << value;
    EXPECT_EQ(token.status().code(), absl::StatusCode::kUnauthenticated);
    EXPECT_THAT(token.status().message(), Not(HasSubstr(secret)));
  }
  EXPECT_TRUE(ParseBearer("Bearer " + std::string(kMaxTokenBytes, 'a')).ok());
}

}  // namespace
}  // namespace anju::auth
