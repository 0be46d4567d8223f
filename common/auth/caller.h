#ifndef ANJU_COMMON_AUTH_CALLER_H_
#define ANJU_COMMON_AUTH_CALLER_H_

// What a handler learns about the call it serves (AccessGate::Authenticate).

#include <string>

#include "common/auth/principal.h"
#include "common/auth/scope.h"

namespace anju::auth {

struct Caller {
  Principal principal;
  // The principal's scope on `method` under the access policy; a handler
  // passes it on by calling AccessGate::Authorize with the org it touches.
  Scope scope = Scope::kNone;
  std::string method;  // "/anju.v1.ScoringService/Evaluate"
  std::string peer;    // for audit records
  // False when authentication is off: the principal is then the stand-in
  // AnonymousPrincipal and every org is allowed.
  bool authenticated = true;
};

}  // namespace anju::auth

#endif  // ANJU_COMMON_AUTH_CALLER_H_
