#ifndef ANJU_COMMON_REDIS_REDIS_REPLY_H_
#define ANJU_COMMON_REDIS_REDIS_REPLY_H_

// A Redis reply as plain values, copied out of hiredis so that no hiredis
// type leaves this library.

#include <cstdint>
#include <string>
#include <vector>

namespace anju::redis {

struct RedisReply {
  enum class Type { kNil, kInteger, kString, kStatus, kError, kArray };

  Type type = Type::kNil;
  int64_t integer = 0;               // kInteger
  std::string text;                  // kString (binary safe), kStatus, kError
  std::vector<RedisReply> elements;  // kArray
};

}  // namespace anju::redis

#endif  // ANJU_COMMON_REDIS_REDIS_REPLY_H_
