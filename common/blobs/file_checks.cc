#include "common/blobs/file_checks.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/text.h"

namespace anju::blobs {
namespace {

absl::Status Invalid(absl::string_view field, absl::string_view rule) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", rule));
}

struct Signature {
  absl::string_view content_type;
  absl::string_view magic;
  absl::string_view what;  // for messages
};

constexpr absl::string_view kZip("PK\x03\x04", 4);
constexpr absl::string_view kOle2("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);

constexpr Signature kSignatures[] = {
    {"application/pdf", "%PDF-", "PDF"},
    {"image/jpeg", "\xFF\xD8\xFF", "JPEG"},
    {"image/png", "\x89PNG\r\n\x1A\n", "PNG"},
    {"application/"
     "vnd.openxmlformats-officedocument.wordprocessingml.document",
     kZip, "Word (docx)"},
    {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", kZip,
     "Excel (xlsx)"},
    {"application/msword", kOle2, "Word 97–2003 (doc)"},
    {"application/vnd.ms-excel", kOle2, "Excel 97–2003 (xls)"},
};

const Signature* SignatureOf(absl::string_view content_type) {
  for (const Signature& s : kSignatures) {
    if (s.content_type == content_type) return &s;
  }
  return nullptr;
}

// What the content looks like, for the message that refuses it.
absl::string_view Recognise(absl::string_view head) {
  for (const Signature& s : kSignatures) {
    if (absl::StartsWith(head, s.magic)) {
      return s.magic == kZip    ? "zip (docx/xlsx)"
             : s.magic == kOle2 ? "OLE2 (doc/xls)"
                                : s.what;
    }
  }
  return "未知格式 (unrecognised)";
}

// C0 controls, DEL, and the C1 controls U+0080–U+009F (C2 80–C2 9F).
bool HasControl(absl::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7F) return true;
    if (c == 0xC2 && i + 1 < s.size()) {
      const unsigned char next = static_cast<unsigned char>(s[i + 1]);
      if (next >= 0x80 && next <= 0x9F) return true;
    }
  }
  return false;
}

absl::Status CheckFileName(absl::string_view name) {
  if (name.empty()) return Invalid("file_name", "required");
  if (name.size() > kMaxFileNameBytes) {
    return Invalid("file_name", absl::StrCat("文件名超过 ", kMaxFileNameBytes,
                                             " 字节 (longer than ",
                                             kMaxFileNameBytes, " bytes)"));
  }
  if (!common::IsValidUtf8(name)) {
    return Invalid("file_name", "文件名不是有效的 UTF-8 (not valid UTF-8)");
  }
  if (absl::StrContains(name, '/') || absl::StrContains(name, '\\') ||
      HasControl(name)) {
    return Invalid("file_name",
                   absl::StrCat("文件名不得含有 '/'、'\\' 或控制字符 (no '/', "
                                "'\\', NUL or control characters): ",
                                common::Preview(name)));
  }
  if (name == "." || name == "..") {
    return Invalid("file_name", "文件名不能是 . 或 .. (not a file name)");
  }
  return absl::OkStatus();
}

bool IsLowerHex(absl::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return absl::ascii_isdigit(c) || (c >= 'a' && c <= 'f');
  });
}

}  // namespace

std::vector<std::string> BlobLimits::DefaultAllowedTypes() {
  std::vector<std::string> types;
  for (const Signature& s : kSignatures) {
    types.emplace_back(s.content_type);
  }
  return types;
}

std::string SizeText(int64_t bytes) {
  if (bytes < kMiB) return absl::StrCat(bytes, " bytes");
  if (bytes % kMiB == 0) return absl::StrCat(bytes / kMiB, " MiB");
  return absl::StrFormat("%.1f MiB", static_cast<double>(bytes) / kMiB);
}

absl::Status CheckDeclaredFile(const DeclaredFile& file,
                               const BlobLimits& limits) {
  if (auto s = CheckFileName(file.file_name); !s.ok()) return s;
  if (std::find(limits.allowed_types.begin(), limits.allowed_types.end(),
                file.content_type) == limits.allowed_types.end()) {
    return Invalid(
        "content_type",
        absl::StrCat("不允许的文件类型 (type not allowed) \"",
                     common::Preview(file.content_type), "\"; 允许 (allowed): ",
                     absl::StrJoin(limits.allowed_types, ", ")));
  }
  if (file.size_bytes <= 0) {
    return Invalid("size_bytes", "须大于 0 (an empty file)");
  }
  // A limit, not a malformed request: its own status (RESOURCE_EXHAUSTED,
  // as gRPC's message size limit), so a client can tell "too big" apart.
  if (file.size_bytes > limits.max_bytes) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "size_bytes: ", limits.noun, "超过大小上限 ",
        SizeText(limits.max_bytes), " (", file.size_bytes,
        " bytes declared; the limit is ", limits.max_bytes, " bytes)"));
  }
  return CheckSha256(file.sha256);
}

absl::Status CheckSha256(absl::string_view sha256) {
  if (sha256.size() != 64 || !IsLowerHex(sha256)) {
    return Invalid("sha256",
                   "须为 64 位小写十六进制 (the SHA-256 of the whole file as "
                   "64 lowercase hex digits)");
  }
  return absl::OkStatus();
}

absl::Status CheckMagic(absl::string_view content_type,
                        absl::string_view head) {
  const Signature* signature = SignatureOf(content_type);
  if (signature == nullptr || absl::StartsWith(head, signature->magic)) {
    return absl::OkStatus();
  }
  return Invalid(
      "content_type",
      absl::StrCat("文件内容与声明的类型不符 (the content does not "
                   "match the declared type): 声明 (declared) ",
                   signature->what, ", 内容 (content) ", Recognise(head)));
}

}  // namespace anju::blobs
