#include "services/registry/tabular/xml_events.h"

#include <expat.h>

#include <climits>
#include <memory>

#include "absl/strings/str_cat.h"

namespace anju::registry::tabular {
namespace {

// expat joins namespace and local name with this when parsing with
// namespaces; what follows the last one is the local name.
constexpr char kNamespaceSeparator = '\x01';

absl::string_view LocalName(const XML_Char* name) {
  absl::string_view full(name);
  const std::size_t cut = full.rfind(kNamespaceSeparator);
  return cut == absl::string_view::npos ? full : full.substr(cut + 1);
}

struct ParseState {
  XML_Parser parser;
  XmlHandler* handler;
  bool doctype = false;
};

void StopIfHandlerFailed(ParseState* state) {
  if (!state->handler->problem().ok()) XML_StopParser(state->parser, XML_FALSE);
}

void OnStart(void* data, const XML_Char* name, const XML_Char** attrs) {
  auto* state = static_cast<ParseState*>(data);
  XmlAttributes attributes;
  for (int i = 0; attrs[i] != nullptr; i += 2) {
    attributes.emplace_back(std::string(LocalName(attrs[i])), attrs[i + 1]);
  }
  state->handler->Start(LocalName(name), attributes);
  StopIfHandlerFailed(state);
}

void OnEnd(void* data, const XML_Char* name) {
  auto* state = static_cast<ParseState*>(data);
  state->handler->End(LocalName(name));
  StopIfHandlerFailed(state);
}

void OnText(void* data, const XML_Char* text, int length) {
  auto* state = static_cast<ParseState*>(data);
  state->handler->Text(absl::string_view(text, length));
  StopIfHandlerFailed(state);
}

void OnDoctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*,
               int) {
  auto* state = static_cast<ParseState*>(data);
  state->doctype = true;
  XML_StopParser(state->parser, XML_FALSE);
}

struct ParserFree {
  void operator()(XML_Parser parser) const { XML_ParserFree(parser); }
};

}  // namespace

absl::string_view Attribute(const XmlAttributes& attributes,
                            absl::string_view name) {
  for (const auto& [key, value] : attributes) {
    if (key == name) return value;
  }
  return {};
}

absl::Status ParseXml(absl::string_view part, absl::string_view xml,
                      XmlHandler& handler) {
  std::unique_ptr<XML_ParserStruct, ParserFree> parser(
      XML_ParserCreateNS("UTF-8", kNamespaceSeparator));
  if (parser == nullptr) return absl::ResourceExhaustedError("expat");
  ParseState state{parser.get(), &handler};
  XML_SetUserData(parser.get(), &state);
  XML_SetElementHandler(parser.get(), OnStart, OnEnd);
  XML_SetCharacterDataHandler(parser.get(), OnText);
  XML_SetStartDoctypeDeclHandler(parser.get(), OnDoctype);
  // Parts are bounded by XlsxLimits, well below INT_MAX, but expat takes
  // an int length: feed in slices all the same.
  constexpr std::size_t kSlice = 1 << 20;
  XML_Status status = XML_STATUS_OK;
  std::size_t offset = 0;
  do {
    const absl::string_view slice = xml.substr(offset, kSlice);
    offset += slice.size();
    status = XML_Parse(parser.get(), slice.data(),
                       static_cast<int>(slice.size()), offset >= xml.size());
  } while (status == XML_STATUS_OK && offset < xml.size());
  if (state.doctype) {
    return absl::InvalidArgumentError(
        absl::StrCat(part, ": 不接受含 DOCTYPE 的 XML"));
  }
  if (absl::Status problem = handler.problem(); !problem.ok()) return problem;
  if (status != XML_STATUS_OK) {
    return absl::InvalidArgumentError(absl::StrCat(
        part, ": XML 格式错误, 第", XML_GetCurrentLineNumber(parser.get()),
        "行: ", XML_ErrorString(XML_GetErrorCode(parser.get()))));
  }
  return absl::OkStatus();
}

}  // namespace anju::registry::tabular
