// anjuctl project import|export: the reserve as a spreadsheet (CSV or xlsx),
// the way counties keep it.

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "cli/cmd_registry.h"
#include "cli/report_args.h"

namespace anju::cli {
namespace {

using Stub = RegistryClient::Stub;

// The service takes 16 MiB by default; a larger file is refused here
// before it is read into memory and sent.
constexpr std::uintmax_t kMaxImportBytes = 64u << 20;

absl::StatusOr<std::string> ReadSheet(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot be read"));
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  if (size < 0 || static_cast<std::uintmax_t>(size) > kMaxImportBytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, ": 文件超过 ", kMaxImportBytes >> 20, " MiB, 请分批导入"));
  }
  in.seekg(0);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace

absl::Status RunProjectImport(const SheetOptions& options,
                              const RegistryClient& client, std::ostream& out) {
  absl::StatusOr<anju::v1::TableFormat> format =
      TableFormatFor(options.format, options.file);
  if (!format.ok()) return format.status();
  absl::StatusOr<std::string> content = ReadSheet(options.file);
  if (!content.ok()) return content.status();
  anju::v1::ImportProjectsRequest request;
  request.set_format(*format);
  request.set_content(*std::move(content));
  request.set_org(OrgArg(options.org));
  request.set_valid_rows_only(options.valid_rows_only);
  request.set_dry_run(options.dry_run);
  absl::StatusOr<anju::v1::ImportProjectsResponse> imported =
      client.Call(&Stub::ImportProjects, request);
  if (!imported.ok()) return imported.status();
  out << ImportText(*imported, options.dry_run, options.valid_rows_only);
  out.flush();
  if (imported->errors_size() > 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(options.file, ": ", imported->errors_size(), " 处错误"));
  }
  return absl::OkStatus();
}

absl::Status RunProjectExport(const SheetOptions& options,
                              const RegistryClient& client, std::ostream& out) {
  absl::StatusOr<anju::v1::TableFormat> format =
      TableFormatFor(options.format, options.file);
  if (!format.ok()) return format.status();
  const bool to_stdout = options.file.empty() || options.file == "-";
  if (*format == anju::v1::TABLE_FORMAT_XLSX && to_stdout &&
      options.stdout_is_terminal) {
    return UsageError("project export --format xlsx: 须用 -o 给出文件");
  }
  anju::v1::ExportProjectsRequest request;
  request.set_format(*format);
  request.set_org(OrgArg(options.org));
  if (!options.programme.empty()) {
    absl::StatusOr<std::string> programme =
        ParseProgrammeArg(options.programme, "--programme");
    if (!programme.ok()) return programme.status();
    request.set_programme(*programme);
  }
  absl::StatusOr<anju::v1::ExportProjectsResponse> exported =
      client.Call(&Stub::ExportProjects, request);
  if (!exported.ok()) return exported.status();
  if (absl::Status s = WriteOutput(options.file, exported->content(), out);
      !s.ok()) {
    return s;
  }
  if (!to_stdout) {
    std::cerr << "已导出 " << exported->rows() << " 个项目到 " << options.file
              << "\n";
  }
  return absl::OkStatus();
}

void AddProjectTableSteps(CLI::App* project, const GlobalOptions& global,
                          absl::Status* outcome) {
  auto in = std::make_shared<SheetOptions>();
  CLI::App* import = project->add_subcommand(
      "import", "导入: projects from a CSV or xlsx sheet, row errors listed");
  import->add_option("file", in->file, "the sheet (.csv or .xlsx)")
      ->required()
      ->check(CLI::ExistingFile);
  import->add_option("--org", in->org, "旗县区或盟市: every row must be its")
      ->required();
  import->add_option("--format", in->format, "csv or xlsx; default: extension");
  import->add_flag("--valid-rows-only", in->valid_rows_only,
                   "import the rows without errors even when others have");
  import->add_flag("--dry-run", in->dry_run, "check only, import nothing");
  import->final_callback([in, &global, outcome] {
    *outcome = WithRegistry(global, [&](const RegistryClient& client) {
      return RunProjectImport(*in, client, std::cout);
});
}  // namespace anju::cli
);

auto out = std::make_shared<SheetOptions>();
CLI::App* export_step =
    project->add_subcommand("export", "导出: projects as a CSV or xlsx sheet");
export_step->add_option("--org", out->org, "旗县区、盟市或自治区")->required();
export_step->add_option("--programme", out->programme, "only this programme");
export_step->add_option("--format", out->format, "csv or xlsx")
    ->check(CLI::IsMember({"csv", "xlsx"}));
export_step->add_option("-o,--output", out->file, "the file; - for stdout");
export_step->final_callback([out, &global, outcome] {
  out->stdout_is_terminal = global.stdout_is_terminal;
  *outcome = WithRegistry(global, [&](const RegistryClient& client) {
    return RunProjectExport(*out, client, std::cout);
  });
});
}

}  // namespace anju::cli
