#include "server/access.hpp"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <algorithm>
#include <cctype>
#include <fstream>
#include <stdexcept>

namespace parkgrid::server {
namespace fs = std::filesystem;

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A header value in a message: at most 80 characters, control characters escaped.
std::string shown(std::string_view s) {
  std::string out;
  for (const unsigned char c : s.substr(0, 80))
    out += c < 0x20 || c == 0x7f || c == '"' || c == '\\' ? fmt::format("\\x{:02x}", c)
                                                          : std::string(1, static_cast<char>(c));
  if (s.size() > 80) out += "...";
  return "\"" + out + "\"";
}

// Compares in a time that does not depend on where the texts differ.
bool same_secret(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The value of cookie `name` in a Cookie header ("a=1; name=2").
std::optional<std::string> cookie_value(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const auto semi = header.find(';');
    const std::string_view part = trim(header.substr(0, semi));
    header = semi == std::string_view::npos ? std::string_view() : header.substr(semi + 1);
    const auto eq = part.find('=');
    if (eq != std::string_view::npos && trim(part.substr(0, eq)) == name)
      return std::string(trim(part.substr(eq + 1)));
  }
  return std::nullopt;
}

bool changes_state(std::string_view method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

// The host of an address as it appears in a Host header: IPv6 in brackets.
std::string host_text(const std::string& host) {
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

}  // namespace

bool is_loopback(std::string_view host) {
  const std::string h = lower(host);
  if (h == "localhost") return true;
  in_addr v4{};
  if (inet_pton(AF_INET, h.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  if (inet_pton(AF_INET6, h.c_str(), &v6) == 1) return IN6_IS_ADDR_LOOPBACK(&v6);
  return false;
}

bool is_wildcard(std::string_view host) {
  return host.empty() || host == "0.0.0.0" || host == "::" || host == "[::]";
}

AccessPolicy make_policy(const std::string& host, int port, std::string token) {
  AccessPolicy p;
  p.token = std::move(token);
  p.cookie = fmt::format("parkgrid_token_{}", port);
  const auto add = [&](const std::string& name) {
    p.hosts.push_back(lower(fmt::format("{}:{}", name, port)));
    if (port == 80) p.hosts.push_back(lower(name));  // browsers leave the default port out
  };
  if (!is_wildcard(host)) {
    add(host_text(host));
    if (is_loopback(host))
      for (const char* name : {"localhost", "127.0.0.1", "[::1]"}) add(name);
    std::sort(p.hosts.begin(), p.hosts.end());
    p.hosts.erase(std::unique(p.hosts.begin(), p.hosts.end()), p.hosts.end());
  }
  p.origin_shown =
      fmt::format("http://{}:{}", is_wildcard(host) ? "127.0.0.1" : host_text(host), port);
  return p;
}

std::string new_token() {
  std::ifstream in("/dev/urandom", std::ios::binary);
  unsigned char bytes[24];
  if (!in.read(reinterpret_cast<char*>(bytes), sizeof bytes))
    throw std::runtime_error("cannot read /dev/urandom for the access token");
  std::string out;
  for (const unsigned char b : bytes) out += fmt::format("{:02x}", b);
  return out;
}

std::string token_cookie(const AccessPolicy& policy) {
  return fmt::format("{}={}; Path=/; HttpOnly; SameSite=Strict", policy.cookie, policy.token);
}

AccessDecision check_access(const AccessPolicy& p, const RequestHead& r) {
  AccessDecision d;
  // 1. Host: a rebound domain (DNS rebinding) sends its own name.
  if (!p.hosts.empty()) {
    if (!r.host || r.host->empty()) {
      d.refusal = error_reply(400, "Host: the header is missing (HTTP/1.1 requires it)");
      return d;
    }
    if (std::find(p.hosts.begin(), p.hosts.end(), lower(*r.host)) == p.hosts.end()) {
      d.refusal = error_reply(
          403, fmt::format("Host = {}: not an address of this server (expected {}); a page of "
                           "another site may be reaching it through its name",
                           shown(*r.host), p.hosts.front()));
      return d;
    }
  }
  // 2. The token: a header (scripts), the query (the URL printed at start), or the cookie.
  bool token_ok = p.token.empty(), token_in_header = false;
  std::optional<std::string> given;
  if (r.authorization) {
    std::string_view a = trim(*r.authorization);
    for (const std::string_view scheme : {"Bearer ", "bearer ", "token ", "Token "})
      if (a.starts_with(scheme)) given = std::string(trim(a.substr(scheme.size())));
  }
  if (!given && r.token_header) given = std::string(trim(*r.token_header));
  token_in_header = given.has_value();
  if (!p.token.empty()) {
    if (given) {
      token_ok = same_secret(*given, p.token);
    } else if (r.query_token) {
      token_ok = same_secret(*r.query_token, p.token);
      d.token_in_query = token_ok;
    } else if (r.cookie) {
      if (const auto c = cookie_value(*r.cookie, p.cookie)) token_ok = same_secret(*c, p.token);
    }
  }
  // 3. Origin: a request that changes state comes from this server's own pages.
  if (changes_state(r.method)) {
    if (r.origin) {
      const bool same =
          r.host && !r.host->empty() && lower(*r.origin) == "http://" + lower(*r.host);
      if (!same) {
        d.refusal = error_reply(
            403, fmt::format("Origin = {}: requests that change anything must come from this "
                             "server's own page ({}), not from another site",
                             shown(*r.origin), p.origin_shown));
        return d;
      }
    } else if (!p.token.empty() && !token_in_header) {
      d.refusal = error_reply(
          403,
          "Origin: the header is missing; a browser sends it, a script must send the token "
          "as \"Authorization: Bearer TOKEN\"");
      return d;
    }
  }
  // The API needs the token; the UI's own files (no data in them) do not, so that the page can
  // say what to do.
  const bool api = r.path == "/api" || r.path.starts_with("/api/");
  if (api && !token_ok) {
    d.refusal = error_reply(
        401,
        fmt::format("token: {}; open the address parkgrid serve printed when it started "
                    "({}/?token=...), or send \"Authorization: Bearer TOKEN\" "
                    "(请打开 parkgrid serve 启动时打印的地址)",
                    given || r.query_token || (r.cookie && cookie_value(*r.cookie, p.cookie))
                        ? "not this server's token (it changes at every start)"
                        : "missing",
                    p.origin_shown),
        {{"token_required", true}});
    d.token_in_query = false;
    return d;
  }
  return d;
}

ConfinedFile confined_file(const fs::path& dir, const std::string& name) {
  ConfinedFile out;
  std::error_code ec;
  const fs::path real_dir = fs::canonical(dir, ec);
  if (ec) {
    out.refusal = error_reply(404, fmt::format("the results folder is gone: {}", ec.message()));
    return out;
  }
  const fs::path asked = dir / name;
  const fs::path real = fs::canonical(asked, ec);
  if (ec) {
    out.refusal = error_reply(404, fmt::format("file \"{}\": {}", name, ec.message()));
    return out;
  }
  const fs::path rel = real.lexically_relative(real_dir);
  if (rel.empty() || *rel.begin() == ".." || rel.is_absolute()) {
    out.refusal = error_reply(
        403,
        fmt::format("file \"{}\": a link leading out of the results folder is not served", name));
    return out;
  }
  struct stat st {};
  if (::stat(real.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
    out.refusal = error_reply(
        403, fmt::format("file \"{}\": not a regular file (a folder or a device)", name));
    return out;
  }
  out.path = real;
  return out;
}

}  // namespace parkgrid::server
