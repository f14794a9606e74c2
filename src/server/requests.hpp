// The JSON request bodies of the API without the socket: parsing a body, checking a job request,
// and writing a scenario document out as a folder and validating it. The routes of server.cpp
// answer with these functions, and tests/fuzz/fuzz_api runs the same ones on fuzzed bodies.
#pragma once

#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/catalog.hpp"
#include "server/jobs.hpp"
#include "server/scenario_doc.hpp"

namespace parkgrid::server {

// An answer of the API: the HTTP status and the JSON body.
struct Reply {
  int status = 200;
  nlohmann::json body;
};

// A JSON body as the server sends it: non-finite numbers have no JSON form and go as null, bytes
// that are not UTF-8 are replaced.
[[nodiscard]] std::string reply_text(const nlohmann::json& body);

// {"error": message} with the fields of `extra`.
[[nodiscard]] Reply error_reply(int status, const std::string& message,
                                nlohmann::json extra = nlohmann::json::object());

// Bodies nested deeper than this are refused: a JSON value is copied and written out
// recursively, and a scenario document is at most three levels deep.
inline constexpr int kMaxBodyDepth = 64;

// The body of a POST: a JSON object, or `error` holds the 400 answer that names the problem.
struct Body {
  nlohmann::json object;
  std::optional<Reply> error;
};
[[nodiscard]] Body parse_body(std::string_view text);

// The local time as "YYYY-MM-DD HH:MM", for the header of the scenarios written.
[[nodiscard]] std::string now_text();

// Writes `doc` (its files relative to `base_dir`) into `dir` and validates it there. Returns the
// diagnostics (empty when valid). Throws what write_scenario_folder throws.
[[nodiscard]] nlohmann::json write_and_validate(const nlohmann::json& doc,
                                                const std::filesystem::path& base_dir,
                                                const std::filesystem::path& dir,
                                                const FolderOptions& options);

// POST /api/scenarios/{id}/validate, the scenario's files lying in `base_dir`: the body's
// "document" is written into `scratch` (a folder that must not exist) and validated there.
// 200 {ok, diagnostics} or 400 {error}. `scratch` is removed again, whatever happens; exceptions
// other than DocumentError (I/O) pass on.
// A document may name files only in `base_dir` and under `data_roots` (write_scenario_folder).
[[nodiscard]] Reply validate_request(const nlohmann::json& body,
                                     const std::filesystem::path& base_dir,
                                     const std::filesystem::path& scratch,
                                     const std::vector<std::filesystem::path>& data_roots = {});

using FindScenario = std::function<std::optional<ScenarioInfo>(const std::string& id)>;

// POST /api/jobs, the checks of the body before anything is written: kind, scenario (looked up
// with `find`), solver, time_limit_s, horizon_hours, typical_days, document. Fills `spec` and
// `scenario`, or returns the 400 or 404 answer.
[[nodiscard]] std::optional<Reply> check_job_request(const nlohmann::json& body,
                                                     const FindScenario& find, JobSpec& spec,
                                                     ScenarioInfo& scenario);

// POST /api/jobs, the job's input once the request is checked and the job's `folder` reserved:
// an edited document or a quick look is written into `folder`/input and validated; otherwise the
// scenario itself is validated (file names relative to `root`). Sets spec.input and
// spec.notes_source and returns nullopt when the job can start; otherwise removes `folder` and
// returns the 400 or 422 answer. `folder` is removed too when another exception (I/O) passes on.
// An edited document may name files only in the scenario's folder and under `data_roots`; a
// horizon_hours past the scenario's snapshots is a 400 naming the limit.
[[nodiscard]] std::optional<Reply> prepare_job(
    const nlohmann::json& body, const ScenarioInfo& scenario, const std::filesystem::path& root,
    const std::string& job_id, const std::filesystem::path& folder, JobSpec& spec,
    const std::vector<std::filesystem::path>& data_roots = {});

// A whole number of a query string (`dispatch?start=12`): all of `text` must be the number
// ("12abc", "", "1e3", " 12" are refused). nullopt and `out` set, or the 400 naming `name`.
[[nodiscard]] std::optional<Reply> query_whole_number(const std::string& name,
                                                      const std::string& text, long long& out);

}  // namespace parkgrid::server
