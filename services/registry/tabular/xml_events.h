#ifndef ANJU_SERVICES_REGISTRY_TABULAR_XML_EVENTS_H_
#define ANJU_SERVICES_REGISTRY_TABULAR_XML_EVENTS_H_

// A thin, safe layer over expat for the parts of an xlsx file: element
// and attribute names without their namespace ("sheet", "id" for r:id),
// and no DOCTYPE (so no entities to expand).

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace anju::registry::tabular {

using XmlAttributes = std::vector<std::pair<std::string, std::string>>;

// The value of the attribute with this local name; empty when absent.
absl::string_view Attribute(const XmlAttributes& attributes,
                            absl::string_view name);

class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  virtual void Start(absl::string_view element,
                     const XmlAttributes& attributes) = 0;
  virtual void End(absl::string_view element) = 0;
  virtual void Text(absl::string_view text) = 0;
  // A handler that finds the document wrong says so here; parsing stops.
  virtual absl::Status problem() const { return absl::OkStatus(); }
};

// Parses a document fed in pieces, so that a large part is never held in
// memory whole. Feed and Finish return INVALID_ARGUMENT "<part>: …" for
// malformed XML, a DOCTYPE, or the handler's problem.
class XmlStream {
 public:
  XmlStream(absl::string_view part, XmlHandler& handler);
  ~XmlStream();
  XmlStream(const XmlStream&) = delete;
  XmlStream& operator=(const XmlStream&) = delete;

  absl::Status Feed(absl::string_view piece);
  absl::Status Finish();

 private:
  absl::Status Parse(absl::string_view piece, bool last);

  struct State;
  std::string part_;
  std::unique_ptr<State> state_;
};

// The whole document at once.
absl::Status ParseXml(absl::string_view part, absl::string_view xml,
                      XmlHandler& handler);

}  // namespace anju::registry::tabular

#endif  // ANJU_SERVICES_REGISTRY_TABULAR_XML_EVENTS_H_
