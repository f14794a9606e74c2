// Events as JSON lines (include/parkgrid/events.hpp): written by the CLI on --events-fd, read by
// the server (src/server/jobs.cpp).
#include "parkgrid/events.hpp"

#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <mutex>
#include <nlohmann/json.hpp>

namespace parkgrid::events {
namespace {

using json = nlohmann::json;

constexpr std::string_view kPhaseKeys[] = {"presolve",  "simplex",   "interior_point",
                                           "crossover", "postsolve", "check",
                                           "retry",     "done",      "branch_and_bound"};
static_assert(std::size(kPhaseKeys) == static_cast<std::size_t>(solve::Phase::kBranchAndBound) + 1,
              "a key for each solve::Phase");

std::string_view phase_key(solve::Phase p) {
  return kPhaseKeys[static_cast<std::size_t>(p)];
}

std::optional<solve::Phase> phase_of_key(std::string_view key) {
  for (std::size_t i = 0; i < std::size(kPhaseKeys); ++i)
    if (kPhaseKeys[i] == key) return static_cast<solve::Phase>(i);
  return std::nullopt;
}

void put(nlohmann::ordered_json& j, const char* key, double v) {
  if (std::isfinite(v)) j[key] = v;
}

double get(const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<double>()
                                          : std::numeric_limits<double>::quiet_NaN();
}

std::string text(const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

struct Sink {
  std::mutex mu;
  int fd = -1;
};

Sink& sink() {
  static Sink s;
  return s;
}

}  // namespace

std::string_view kind_name(Kind k) {
  switch (k) {
    case Kind::kPhase: return "phase";
    case Kind::kSolved: return "solved";
    case Kind::kProblem: return "problem";
    case Kind::kWritten: return "written";
  }
  return "phase";
}

std::string to_line(const Event& e) {
  nlohmann::ordered_json j;  // "event" first: a reader can tell the kind at a glance
  j["event"] = kind_name(e.kind);
  switch (e.kind) {
    case Kind::kPhase:
    case Kind::kSolved: {
      const solve::Progress& p = e.progress;
      j["phase"] = phase_key(p.phase);
      if (!p.method.empty()) j["method"] = p.method;
      put(j, "elapsed_s", p.elapsed_s);
      if (p.iteration >= 0) j["iteration"] = p.iteration;
      put(j, "primal_objective", p.primal_objective);
      put(j, "dual_objective", p.dual_objective);
      put(j, "gap", p.gap);
      if (!e.message.empty()) j["message"] = e.message;
      break;
    }
    case Kind::kProblem: {
      const Diagnostic& d = e.problem;
      j["file"] = d.file;
      j["line"] = d.line;
      j["where"] = d.where;
      j["field"] = d.field;
      j["value"] = d.value;
      j["expected"] = d.expected;
      if (!d.section.empty()) {
        j["section"] = d.section;
        j["index"] = d.index;
        j["component"] = d.component;
      }
      j["message"] = e.message;
      break;
    }
    case Kind::kWritten: j["folder"] = e.folder; break;
  }
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::optional<Event> parse_line(std::string_view line) {
  if (!line.starts_with("{\"")) return std::nullopt;
  const json j = json::parse(line.begin(), line.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  const std::string kind = text(j, "event");
  Event e;
  if (kind == "phase" || kind == "solved") {
    e.kind = kind == "phase" ? Kind::kPhase : Kind::kSolved;
    const auto phase = phase_of_key(text(j, "phase"));
    if (!phase) return std::nullopt;
    e.progress.phase = *phase;
    e.progress.method = text(j, "method");
    e.progress.elapsed_s = get(j, "elapsed_s");
    if (const auto it = j.find("iteration"); it != j.end() && it->is_number_integer())
      e.progress.iteration = it->get<long long>();
    e.progress.primal_objective = get(j, "primal_objective");
    e.progress.dual_objective = get(j, "dual_objective");
    e.progress.gap = get(j, "gap");
    e.message = text(j, "message");
  } else if (kind == "problem") {
    e.kind = Kind::kProblem;
    e.problem.file = text(j, "file");
    if (const auto it = j.find("line"); it != j.end() && it->is_number_integer())
      e.problem.line = it->get<int>();
    e.problem.where = text(j, "where");
    e.problem.field = text(j, "field");
    e.problem.value = text(j, "value");
    e.problem.expected = text(j, "expected");
    e.problem.section = text(j, "section");
    if (const auto it = j.find("index"); it != j.end() && it->is_number_integer())
      e.problem.index = it->get<int>();
    e.problem.component = text(j, "component");
    e.message = text(j, "message");
  } else if (kind == "written") {
    e.kind = Kind::kWritten;
    e.folder = text(j, "folder");
  } else {
    return std::nullopt;
  }
  return e;
}

void open(int fd) {
  Sink& s = sink();
  const std::lock_guard lock(s.mu);
  s.fd = fd;
}

bool enabled() {
  Sink& s = sink();
  const std::lock_guard lock(s.mu);
  return s.fd >= 0;
}

void emit(const Event& e) {
  Sink& s = sink();
  const std::lock_guard lock(s.mu);
  if (s.fd < 0) return;
  const std::string line = to_line(e) + "\n";
  std::size_t done = 0;
  while (done < line.size()) {
    const ssize_t n = ::write(s.fd, line.data() + done, line.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      s.fd = -1;  // the reader went: stop writing, the command itself goes on
      return;
    }
    done += static_cast<std::size_t>(n);
  }
}

void emit_progress(const solve::Progress& p) {
  Event e;
  e.kind = p.phase == solve::Phase::kDone ? Kind::kSolved : Kind::kPhase;
  e.progress = p;
  emit(e);
}

void emit_problem(const Diagnostic& d, std::string message) {
  Event e;
  e.kind = Kind::kProblem;
  e.problem = d;
  e.message = std::move(message);
  emit(e);
}

void emit_written(const std::string& folder) {
  Event e;
  e.kind = Kind::kWritten;
  e.folder = folder;
  emit(e);
}

}  // namespace parkgrid::events
