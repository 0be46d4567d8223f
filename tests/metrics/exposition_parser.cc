#include "tests/metrics/exposition_parser.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cmath>
#include <cstring>
#include <regex>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace anju::metrics::testing {
namespace {

const std::regex kName("[a-zA-Z_:][a-zA-Z0-9_:]*");
const std::regex kLabelName("[a-zA-Z_][a-zA-Z0-9_]*");

absl::Status Bad(int line, const std::string& text, const std::string& why) {
  return absl::InvalidArgumentError(
      absl::StrCat("line ", line, ": ", why, ": ", text));
}

bool ParseValue(const std::string& s, double* v) {
  if (s == "+Inf") return (*v = INFINITY), true;
  if (s == "-Inf") return (*v = -INFINITY), true;
  if (s == "NaN") return (*v = NAN), true;
  return absl::SimpleAtod(s, v) && !absl::StrContains(s, "inf") &&
         !absl::StrContains(s, "nan");
}

// The family a sample belongs to: a histogram's _bucket/_sum/_count go to
// the histogram's name.
std::string FamilyOf(const std::string& name,
                     const std::map<std::string, std::string>& types) {
  for (const char* suffix : {"_bucket", "_sum", "_count"}) {
    if (absl::EndsWith(name, suffix)) {
      std::string base = name.substr(0, name.size() - std::strlen(suffix));
      auto it = types.find(base);
      if (it != types.end() && it->second == "histogram") return base;
    }
  }
  return name;
}

}  // namespace

absl::StatusOr<Exposition> ParseExposition(const std::string& text) {
  Exposition e;
  if (!text.empty() && text.back() != '\n') {
    return absl::InvalidArgumentError("the text must end in a newline");
  }
  std::map<std::string, std::vector<double>> buckets;  // series → values
  std::map<std::string, double> last_le;
  std::string current;  // the family whose samples are being read
  std::map<std::string, bool> seen_samples;
  int number = 0;
  for (absl::string_view view : absl::StrSplit(text, '\n')) {
    ++number;
    const std::string line(view);
    if (line.empty()) continue;
    if (line[0] == '#') {
      std::vector<std::string> parts =
          absl::StrSplit(line, absl::MaxSplits(' ', 3));
      if (parts.size() >= 3 && parts[1] == "TYPE") {
        if (parts.size() != 4 || !std::regex_match(parts[2], kName)) {
          return Bad(number, line, "bad TYPE");
        }
        static const std::regex kTypes(
            "counter|gauge|histogram|summary|untyped");
        if (!std::regex_match(parts[3], kTypes)) {
          return Bad(number, line, "unknown type");
        }
        if (e.types.count(parts[2]) || seen_samples[parts[2]]) {
          return Bad(number, line, "TYPE twice or after samples");
        }
        e.types[parts[2]] = parts[3];
      } else if (parts.size() >= 3 && parts[1] == "HELP") {
        if (!std::regex_match(parts[2], kName)) {
          return Bad(number, line, "bad HELP");
        }
        std::string help = parts.size() == 4 ? parts[3] : "";
        std::string unescaped;
        for (size_t i = 0; i < help.size(); ++i) {
          if (help[i] != '\\') {
            unescaped += help[i];
            continue;
          }
          if (++i == help.size()) return Bad(number, line, "dangling \\");
          if (help[i] == 'n') {
            unescaped += '\n';
          } else if (help[i] == '\\') {
            unescaped += '\\';
          } else {
            return Bad(number, line, "bad escape in HELP");
          }
        }
        e.help[parts[2]] = unescaped;
      }
      continue;  // other comments are allowed
    }
    // name{label="value",...} value
    size_t i = 0;
    while (i < line.size() && line[i] != '{' && line[i] != ' ') ++i;
    const std::string name = line.substr(0, i);
    if (!std::regex_match(name, kName)) return Bad(number, line, "bad name");
    std::string labels;
    std::string le;
    std::vector<std::string> pairs_but_le;  // as written
    if (i < line.size() && line[i] == '{') {
      const size_t open = i++;
      bool first = true;
      while (i < line.size() && line[i] != '}') {
        if (!first) {
          if (line[i] != ',') return Bad(number, line, "expected ,");
          ++i;
        }
        first = false;
        const size_t pair_start = i;
        const size_t eq = line.find('=', i);
        if (eq == std::string::npos) return Bad(number, line, "expected =");
        const std::string label = line.substr(i, eq - i);
        if (!std::regex_match(label, kLabelName)) {
          return Bad(number, line, "bad label name");
        }
        i = eq + 1;
        if (i >= line.size() || line[i] != '"') {
          return Bad(number, line, "expected \"");
        }
        std::string value;
        for (++i; i < line.size() && line[i] != '"'; ++i) {
          if (line[i] == '\\') {
            ++i;
            if (i >= line.size() ||
                (line[i] != '\\' && line[i] != '"' && line[i] != 'n')) {
              return Bad(number, line, "bad escape in a label value");
            }
          }
          value += line[i];
        }
        if (i >= line.size()) return Bad(number, line, "unterminated value");
        ++i;  // closing quote
        if (label == "le") {
          le = value;
        } else {
          pairs_but_le.push_back(line.substr(pair_start, i - pair_start));
        }
      }
      if (i >= line.size()) return Bad(number, line, "expected }");
      labels = line.substr(open, i + 1 - open);
      ++i;
    }
    if (i >= line.size() || line[i] != ' ') {
      return Bad(number, line, "expected a space before the value");
    }
    std::vector<std::string> rest = absl::StrSplit(line.substr(i + 1), ' ');
    double value = 0;
    if (rest.empty() || rest.size() > 2 || !ParseValue(rest[0], &value)) {
      return Bad(number, line, "bad value");
    }
    const std::string family = FamilyOf(name, e.types);
    if (family != current) {
      if (seen_samples[family]) {
        return Bad(number, line, "the family's samples are not together");
      }
      current = family;
    }
    seen_samples[family] = true;
    const std::string key = name + labels;
    if (e.samples.count(key)) return Bad(number, line, "sample twice");
    e.samples[key] = value;
    if (absl::EndsWith(name, "_bucket") && family != name) {
      double bound = 0;
      if (!ParseValue(le, &bound)) return Bad(number, line, "bad le");
      const std::string series =
          pairs_but_le.empty()
              ? family
              : absl::StrCat(family, "{", absl::StrJoin(pairs_but_le, ","),
                             "}");
      auto& seen = buckets[series];
      if (!seen.empty() && (value < seen.back() || bound <= last_le[series])) {
        return Bad(number, line, "buckets not cumulative or not increasing");
      }
      seen.push_back(value);
      last_le[series] = bound;
    }
  }
  // Every histogram series ends in +Inf and its _count equals it.
  for (const auto& [series, values] : buckets) {
    if (last_le[series] != INFINITY) {
      return absl::InvalidArgumentError(series + ": no +Inf bucket");
    }
    const size_t brace = series.find('{');
    const std::string base = series.substr(0, brace);
    const std::string labels =
        brace == std::string::npos ? "" : series.substr(brace);
    auto count = e.samples.find(base + "_count" + labels);
    if (count == e.samples.end() || count->second != values.back()) {
      return absl::InvalidArgumentError(series + ": _count is not +Inf");
    }
    if (!e.samples.count(base + "_sum" + labels)) {
      return absl::InvalidArgumentError(series + ": no _sum");
    }
  }
  return e;
}

absl::StatusOr<HttpReply> HttpRequest(int port, const std::string& request) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return absl::InternalError("socket");
  timeval timeout{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) !=
      0) {
    close(fd);
    return absl::UnavailableError(absl::StrCat("connect to port ", port));
  }
  size_t sent = 0;
  while (sent < request.size()) {
    const ssize_t n =
        send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may answer and close early
    sent += static_cast<size_t>(n);
  }
  std::string raw;
  char buffer[4096];
  ssize_t n;
  while ((n = recv(fd, buffer, sizeof(buffer), 0)) > 0) raw.append(buffer, n);
  close(fd);
  const size_t end = raw.find("\r\n\r\n");
  if (end == std::string::npos) {
    return absl::DataLossError(absl::StrCat("no HTTP reply: ", raw));
  }
  HttpReply reply;
  reply.headers = absl::AsciiStrToLower(raw.substr(0, end));
  reply.body = raw.substr(end + 4);
  std::vector<std::string> status =
      absl::StrSplit(raw, absl::MaxSplits(' ', 2));
  if (status.size() < 2 || !absl::SimpleAtoi(status[1], &reply.status)) {
    return absl::DataLossError(absl::StrCat("bad status line: ", raw));
  }
  return reply;
}

absl::StatusOr<HttpReply> HttpGet(int port, const std::string& path) {
  return HttpRequest(
      port, absl::StrCat("GET ", path, " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n"));
}

}  // namespace anju::metrics::testing
