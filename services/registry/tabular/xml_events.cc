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

}  // namespace

absl::string_view Attribute(const XmlAttributes& attributes,
                            absl::string_view name) {
  for (const auto& [key, value] : attributes) {
    if (key == name) return value;
  }
  return {};
}

struct XmlStream::State {
  ParseState parse;
  bool failed = false;
};

XmlStream::XmlStream(absl::string_view part, XmlHandler& handler)
    : part_(part), state_(std::make_unique<State>()) {
  XML_Parser parser = XML_ParserCreateNS("UTF-8", kNamespaceSeparator);
  state_->parse = ParseState{parser, &handler};
  if (parser == nullptr) return;
  XML_SetUserData(parser, &state_->parse);
  XML_SetElementHandler(parser, OnStart, OnEnd);
  XML_SetCharacterDataHandler(parser, OnText);
  XML_SetStartDoctypeDeclHandler(parser, OnDoctype);
}

XmlStream::~XmlStream() {
  if (state_->parse.parser != nullptr) XML_ParserFree(state_->parse.parser);
}

absl::Status XmlStream::Feed(absl::string_view piece) {
  // expat takes an int length: feed in slices.
  constexpr std::size_t kSlice = 1 << 20;
  for (std::size_t at = 0; at < piece.size(); at += kSlice) {
    if (absl::Status s = Parse(piece.substr(at, kSlice), false); !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::Status XmlStream::Finish() { return Parse({}, true); }

absl::Status XmlStream::Parse(absl::string_view piece, bool last) {
  ParseState& parse = state_->parse;
  if (parse.parser == nullptr) return absl::ResourceExhaustedError("expat");
  if (state_->failed) {
    return absl::InvalidArgumentError(absl::StrCat(part_, ": XML 格式错误"));
  }
  const XML_Status status = XML_Parse(parse.parser, piece.data(),
                                      static_cast<int>(piece.size()), last);
  if (status == XML_STATUS_OK) return absl::OkStatus();
  state_->failed = true;
  if (parse.doctype) {
    return absl::InvalidArgumentError(
        absl::StrCat(part_, ": 不接受含 DOCTYPE 的 XML"));
  }
  if (absl::Status problem = parse.handler->problem(); !problem.ok()) {
    return problem;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      part_, ": XML 格式错误, 第", XML_GetCurrentLineNumber(parse.parser),
      "行: ", XML_ErrorString(XML_GetErrorCode(parse.parser))));
}

absl::Status ParseXml(absl::string_view part, absl::string_view xml,
                      XmlHandler& handler) {
  XmlStream stream(part, handler);
  if (absl::Status s = stream.Feed(xml); !s.ok()) return s;
  return stream.Finish();
}

}  // namespace anju::registry::tabular
