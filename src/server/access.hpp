// Who may use `parkgrid serve`, and which files it may hand out (docs/api.md, "Access").
//
// Loopback is not a wall: any page the user visits can send requests to 127.0.0.1 from the
// user's own browser, and a hostile domain can rebind its name to 127.0.0.1 and read the
// answers. So every request is checked before it is routed:
//   - Host must name the address served (or a localhost name when it is a loopback address):
//     a rebound domain sends its own name;
//   - a request that changes state (POST, PUT, PATCH, DELETE) must come from the server's own
//     origin (`Origin: http://HOST`); without an Origin it must carry the token in a header,
//     as scripts do, unless the server runs with --no-token;
//   - the API needs the per-start token, printed at start in the URL the user opens (as
//     Jupyter does) and kept in a cookie (HttpOnly, SameSite=Strict), or sent as
//     `Authorization: Bearer TOKEN`.
// The decision is a pure function of the request's head, so that tests/fuzz/fuzz_api runs it on
// fuzzed headers without a socket.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/requests.hpp"

namespace parkgrid::server {

struct AccessPolicy {
  std::string token;               // empty: --no-token (tests on loopback only)
  std::vector<std::string> hosts;  // accepted Host values, lower case; empty: any (wildcard bind)
  std::string cookie;              // the cookie's name: parkgrid_token_PORT
  std::string origin_shown;        // e.g. "http://127.0.0.1:8080", for messages
};

// A loopback address: 127.0.0.0/8, ::1, or the name localhost.
[[nodiscard]] bool is_loopback(std::string_view host);
// An address that listens on every interface: 0.0.0.0, ::, or empty.
[[nodiscard]] bool is_wildcard(std::string_view host);

// The policy for a server bound to `host`:`port` with `token` (empty for --no-token).
[[nodiscard]] AccessPolicy make_policy(const std::string& host, int port, std::string token);

// 48 hexadecimal digits from the kernel's random source.
[[nodiscard]] std::string new_token();

// What the access check needs of a request.
struct RequestHead {
  std::string method, path;
  std::optional<std::string> host, origin, cookie, authorization, token_header, query_token;
};

struct AccessDecision {
  std::optional<Reply> refusal;  // 400, 401 or 403 with the reason; nullopt: go on
  bool token_in_query = false;   // a valid ?token=: set the cookie (and strip it from a page URL)
};

[[nodiscard]] AccessDecision check_access(const AccessPolicy& policy, const RequestHead& head);

// The Set-Cookie value that keeps the token.
[[nodiscard]] std::string token_cookie(const AccessPolicy& policy);

// `dir`/`name` when it is a regular file whose real path (symbolic links resolved) lies inside
// the real path of `dir`; otherwise a 403 or 404 answer naming the file and the reason.
struct ConfinedFile {
  std::filesystem::path path;
  std::optional<Reply> refusal;
};
[[nodiscard]] ConfinedFile confined_file(const std::filesystem::path& dir, const std::string& name);

}  // namespace parkgrid::server
