#ifndef ANJU_CLI_ORG_NAMES_H_
#define ANJU_CLI_ORG_NAMES_H_

// Names for the org codes the services answer with (150400 → 赤峰市), from
// the organisation hierarchy file: $ANJU_ORGS, else the shipped
// data/orgs/inner-mongolia.yaml. Only for display: when the file cannot be
// read, codes are shown as they are.

#include <string>
#include <vector>

namespace anju::cli {

// The org's official name, or "" when unknown.
std::string OrgName(const std::string& code);

// "赤峰市（150400）" style labels joined with "、"; a code without a
// known name is shown alone.
std::string OrgLabels(const std::vector<std::string>& codes);

}  // namespace anju::cli

#endif  // ANJU_CLI_ORG_NAMES_H_
