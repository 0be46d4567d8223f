// anjuctl evidence upload|download|list: 佐证材料 of a report's indicators.

#include <openssl/evp.h>

#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "cli/command.h"
#include "cli/report_args.h"
#include "cli/submission_client.h"

namespace anju::cli {
namespace {

using Stub = SubmissionClient::Stub;

struct EvidenceOptions {
  ReportKeyOptions key;
  std::string indicator;
  std::string file;  // upload: the file; download: where to write it
  std::string content_type;
  std::string sha256;
  std::string format = "text";
};

std::string Sha256Hex(const std::string& bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &size, EVP_sha256(), nullptr);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), size));
}

// The type from the file's extension; the service checks the content.
std::string GuessContentType(const std::string& path) {
  static const auto* const kTypes = new std::map<std::string, std::string>{
      {"pdf", "application/pdf"},
      {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},
      {"png", "image/png"},
      {"doc", "application/msword"},
      {"xls", "application/vnd.ms-excel"},
      {"docx",
       "application/"
       "vnd.openxmlformats-officedocument.wordprocessingml.document"},
      {"xlsx",
       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
  };
  const size_t dot = path.rfind('.');
  if (dot == std::string::npos) return "application/octet-stream";
  auto it = kTypes->find(absl::AsciiStrToLower(path.substr(dot + 1)));
  return it == kTypes->end() ? "application/octet-stream" : it->second;
}

std::string BaseName(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string EvidenceLine(const anju::v1::Evidence& evidence) {
  return absl::StrCat(evidence.indicator_id(), "  ", evidence.file_name(), "  ",
                      evidence.size_bytes(), " 字节  ", evidence.content_type(),
                      "  sha256:", evidence.sha256(), "  ",
                      evidence.uploaded_by(), " ",
                      DisplayTime(evidence.upload_time()), "\n");
}

absl::Status RunUpload(const EvidenceOptions& options,
                       const SubmissionClient& client, std::ostream& out) {
  std::ifstream in(options.file, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in) {
    return absl::NotFoundError(absl::StrCat(options.file, ": cannot be read"));
  }
  const std::string content = bytes.str();
  anju::v1::UploadEvidenceRequest::Header header;
  header.set_org(options.key.org);
  header.set_programme(options.key.programme);
  header.set_year(options.key.year);
  header.set_indicator_id(options.indicator);
  header.set_file_name(BaseName(options.file));
  header.set_content_type(options.content_type.empty()
                              ? GuessContentType(options.file)
                              : options.content_type);
  header.set_size_bytes(static_cast<int64_t>(content.size()));
  header.set_sha256(Sha256Hex(content));
  auto evidence = client.Upload(header, content);
  if (!evidence.ok()) return evidence.status();
  return PrintMessage(options.format, EvidenceLine(*evidence), *evidence, out);
}

absl::Status RunDownload(const EvidenceOptions& options,
                         const SubmissionClient& client, std::ostream& out) {
  auto request = KeyedRequest<anju::v1::DownloadEvidenceRequest>(options.key);
  request.set_sha256(options.sha256);
  std::ofstream file(options.file, std::ios::binary | std::ios::trunc);
  if (!file) {
    return absl::PermissionDeniedError(
        absl::StrCat(options.file, ": cannot be written"));
  }
  auto evidence = client.Download(request, file);
  file.close();
  if (!evidence.ok()) {
    std::remove(options.file.c_str());  // no half file left behind
    return evidence.status();
  }
  return PrintMessage(options.format, EvidenceLine(*evidence), *evidence, out);
}

absl::Status RunList(const EvidenceOptions& options,
                     const SubmissionClient& client, std::ostream& out) {
  auto request = KeyedRequest<anju::v1::ListEvidenceRequest>(options.key);
  request.set_indicator_id(options.indicator);
  auto listed = client.Call(&Stub::ListEvidence, request);
  if (!listed.ok()) return listed.status();
  std::string text;
  for (const anju::v1::Evidence& evidence : listed->evidence()) {
    absl::StrAppend(&text, EvidenceLine(evidence));
  }
  if (text.empty()) text = "无佐证材料\n";
  return PrintMessage(options.format, text, *listed, out);
}

}  // namespace

void AddEvidenceCommand(CLI::App& app, const GlobalOptions& global,
                        absl::Status* outcome) {
  CLI::App* evidence =
      app.add_subcommand("evidence", "佐证材料: upload, download, list");
  evidence->require_subcommand(1);

  auto up = std::make_shared<EvidenceOptions>();
  CLI::App* upload =
      AddReportStep(evidence, global, outcome, "upload",
                    "Attach a file to an indicator", up, RunUpload);
  upload->add_option("--indicator", up->indicator, "e.g. rental.fund_raising")
      ->required();
  upload->add_option("-f,--file", up->file, "the file")
      ->required()
      ->check(CLI::ExistingFile);
  upload->add_option("--type", up->content_type,
                     "content type; default: from the extension");

  auto down = std::make_shared<EvidenceOptions>();
  CLI::App* download =
      AddReportStep(evidence, global, outcome, "download",
                    "Fetch a file by its SHA-256", down, RunDownload);
  download->add_option("--sha256", down->sha256, "the file's SHA-256")
      ->required();
  download->add_option("-o,--output", down->file, "where to write it")
      ->required();

  auto list_options = std::make_shared<EvidenceOptions>();
  AddReportStep(evidence, global, outcome, "list", "A report's evidence",
                list_options, RunList)
      ->add_option("--indicator", list_options->indicator,
                   "only this indicator");
}

}  // namespace anju::cli
