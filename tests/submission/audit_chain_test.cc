#include "services/submission/audit_chain.h"

#include <gtest/gtest.h>

namespace anju::submission {
namespace {

AuditEntry Entry() {
  AuditEntry entry;
  entry.seq = 1;
  entry.at = "2024-03-01T08:00:00+08:00";
  entry.actor = "anonymous";
  entry.action = "save_draft";
  entry.subject = "report/150402/rental/2023/v1";
  entry.before = "";
  entry.after = "{\"state\":\"REPORT_STATE_DRAFT\"}";
  entry.prev_hash = std::string(kGenesisHash);
  return entry;
}

TEST(AuditChainTest, Sha256KnownVector) {
  EXPECT_EQ(Sha256Hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(AuditChainTest, EveryFieldChangesTheHash) {
  const std::string hash = ChainHash(Entry());
  EXPECT_EQ(hash.size(), 64u);
  EXPECT_EQ(ChainHash(Entry()), hash);  // deterministic
  auto changed = [](void (*mutate)(AuditEntry&)) {
    AuditEntry entry = Entry();
    mutate(entry);
    return ChainHash(entry);
  };
  EXPECT_NE(changed([](AuditEntry& e) { e.seq = 2; }), hash);
  EXPECT_NE(changed([](AuditEntry& e) { e.at += "x"; }), hash);
  EXPECT_NE(changed([](AuditEntry& e) { e.actor = "x"; }), hash);
  EXPECT_NE(changed([](AuditEntry& e) { e.action = "submit"; }), hash);
  EXPECT_NE(changed([](AuditEntry& e) { e.subject += "2"; }), hash);
  EXPECT_NE(changed([](AuditEntry& e) { e.before = "{}"; }), hash);
  EXPECT_NE(changed([](AuditEntry& e) { e.after = "{}"; }), hash);
  EXPECT_NE(changed([](AuditEntry& e) { e.prev_hash[0] = '1'; }), hash);
}

// Length prefixes: moving text from one field to the next is a change.
TEST(AuditChainTest, FieldBoundariesMatter) {
  AuditEntry a = Entry();
  AuditEntry b = Entry();
  a.actor = "ab";
  a.action = "c";
  b.actor = "a";
  b.action = "bc";
  EXPECT_NE(CanonicalContent(a), CanonicalContent(b));
  EXPECT_NE(ChainHash(a), ChainHash(b));
}

}  // namespace
}  // namespace anju::submission
