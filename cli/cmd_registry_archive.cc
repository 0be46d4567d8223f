// anjuctl archive upload|list|download: a project's archive (档案) records,
// with data and photos or documents.

#include <openssl/evp.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "CLI/CLI.hpp"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "cli/cmd_registry.h"
#include "cli/report_args.h"

namespace anju::cli {
namespace {

using Stub = RegistryClient::Stub;

std::string Sha256Hex(const std::string& bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &size, EVP_sha256(), nullptr);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), size));
}

// From the extension; the service checks the content.
std::string GuessContentType(const std::string& path) {
  const std::size_t dot = path.rfind('.');
  const std::string ext = dot == std::string::npos
                              ? ""
                              : absl::AsciiStrToLower(path.substr(dot + 1));
  if (ext == "jpg" || ext == "jpeg") return "image/jpeg";
  if (ext == "png") return "image/png";
  if (ext == "pdf") return "application/pdf";
  return "application/octet-stream";
}

std::string BaseName(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

absl::Status RunArchiveUpload(const ArchiveOptions& options,
                              const RegistryClient& client, std::ostream& out) {
  absl::StatusOr<anju::v1::ArchiveType> type = ParseArchiveType(options.type);
  if (!type.ok()) return type.status();
  absl::StatusOr<std::map<std::string, std::string>> data =
      ParseDataPairs(options.data);
  if (!data.ok()) return data.status();
  if (options.file.empty() && data->empty()) {
    return UsageError("archive upload: 须给出 --file 或至少一项 --data");
  }
  anju::v1::UploadArchiveRequest::Header header;
  header.set_project_id(options.project_id);
  header.set_type(*type);
  header.set_title(options.title.empty() ? ArchiveTypeLabel(*type)
                                         : options.title);
  header.mutable_data()->insert(data->begin(), data->end());
  std::string content;
  if (!options.file.empty()) {
    std::ifstream in(options.file, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (!in) {
      return absl::NotFoundError(
          absl::StrCat(options.file, ": cannot be read"));
    }
    content = bytes.str();
    header.set_file_name(BaseName(options.file));
    header.set_content_type(options.content_type.empty()
                                ? GuessContentType(options.file)
                                : options.content_type);
    header.set_size_bytes(static_cast<int64_t>(content.size()));
    header.set_sha256(Sha256Hex(content));
  }
  absl::StatusOr<anju::v1::ArchiveRecord> record =
      client.UploadArchive(header, content);
  if (!record.ok()) return record.status();
  return PrintMessage(options.format, ArchiveRecordLine(*record), *record, out);
}

absl::Status RunArchiveList(const ArchiveOptions& options,
                            const RegistryClient& client, std::ostream& out) {
  anju::v1::ListArchiveRequest request;
  request.set_project_id(options.project_id);
  absl::StatusOr<anju::v1::ListArchiveResponse> listed =
      client.Call(&Stub::ListArchive, request);
  if (!listed.ok()) return listed.status();
  return PrintMessage(options.format, ArchiveText(*listed), *listed, out);
}

absl::Status RunArchiveDownload(const ArchiveOptions& options,
                                const RegistryClient& client,
                                std::ostream& out) {
  anju::v1::DownloadArchiveRequest request;
  request.set_project_id(options.project_id);
  request.set_sha256(options.sha256);
  std::ofstream file(options.file, std::ios::binary | std::ios::trunc);
  if (!file) {
    return absl::PermissionDeniedError(
        absl::StrCat(options.file, ": cannot be written"));
  }
  absl::StatusOr<anju::v1::ArchiveRecord> record =
      client.DownloadArchive(request, file);
  file.close();
  if (!record.ok()) {
    std::remove(options.file.c_str());  // no half file left behind
    return record.status();
  }
  return PrintMessage(options.format, ArchiveRecordLine(*record), *record, out);
}

namespace {

CLI::App* AddStep(CLI::App* parent, const GlobalOptions& global,
                  absl::Status* outcome, const char* name,
                  const char* description,
                  const std::shared_ptr<ArchiveOptions>& options,
                  absl::Status (*run)(const ArchiveOptions&,
                                      const RegistryClient&, std::ostream&)) {
  CLI::App* step = parent->add_subcommand(name, description);
  step->add_option("--project", options->project_id, "项目编号")->required();
  AddMessageFormat(step, &options->format);
  step->final_callback([options, &global, outcome, run] {
    *outcome = WithRegistry(global, [&](const RegistryClient& client) {
      return run(*options, client, std::cout);
    });
  });
  return step;
}

}  // namespace

void AddArchiveCommand(CLI::App& app, const GlobalOptions& global,
                       absl::Status* outcome) {
  CLI::App* archive =
      app.add_subcommand("archive", "项目档案: upload, list, download");
  archive->require_subcommand(1);

  auto up = std::make_shared<ArchiveOptions>();
  CLI::App* upload = AddStep(archive, global, outcome, "upload",
                             "Add a record: data, a photo or a document", up,
                             RunArchiveUpload);
  upload
      ->add_option("--type", up->type,
                   "基本情况/居民改造意愿/改造方案/工程进度/改造前后效果")
      ->required();
  upload->add_option("--title", up->title, "default: the type");
  upload->add_option("--data", up->data, "键=值, repeatable");
  upload->add_option("-f,--file", up->file, "a photo or document")
      ->check(CLI::ExistingFile);
  upload->add_option("--content-type", up->content_type,
                     "default: from the extension");

  auto list = std::make_shared<ArchiveOptions>();
  AddStep(archive, global, outcome, "list",
          "A project's records and the types still missing", list,
          RunArchiveList);

  auto down = std::make_shared<ArchiveOptions>();
  CLI::App* download =
      AddStep(archive, global, outcome, "download",
              "Fetch a file by its SHA-256", down, RunArchiveDownload);
  download->add_option("--sha256", down->sha256, "the file's SHA-256")
      ->required();
  download->add_option("-o,--output", down->file, "where to write it")
      ->required();
}

}  // namespace anju::cli
