#ifndef ANJU_COMMON_REDIS_LUA_SCRIPT_H_
#define ANJU_COMMON_REDIS_LUA_SCRIPT_H_

// A Lua script for RedisClient::Eval, with the SHA-1 that EVALSHA names it
// by, computed here so that running it costs one round trip: EVALSHA, and
// EVAL only when Redis answers NOSCRIPT (after a restart, a fail-over or a
// SCRIPT FLUSH), which also loads it again.

#include <string>

namespace anju::redis {

class LuaScript {
 public:
  explicit LuaScript(std::string source);

  const std::string& source() const { return source_; }
  // Lower-case hex, as Redis prints it. Empty in the unlikely case that
  // OpenSSL refuses SHA-1 (a strict FIPS build); EVALSHA then gets
  // NOSCRIPT every time and each run falls back to EVAL: slower, correct.
  const std::string& sha1() const { return sha1_; }

 private:
  std::string source_;
  std::string sha1_;
};

}  // namespace anju::redis

#endif  // ANJU_COMMON_REDIS_LUA_SCRIPT_H_
