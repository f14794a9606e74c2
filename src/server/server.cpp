#include "server/server.hpp"

#include <fmt/format.h>
#include <httplib.h>
#include <signal.h>
#include <algorithm>
#include <cmath>
#include <fstream>
#include <list>
#include <mutex>
#include <sstream>
#include <thread>

#include "io/table_json.hpp"
#include "parkgrid/result_tables.hpp"
#include "parkgrid/scenario.hpp"
#include "report/report.hpp"
#include "report/results.hpp"
#include "server/access.hpp"
#include "server/catalog.hpp"
#include "server/jobs.hpp"
#include "server/requests.hpp"
#include "server/scenario_doc.hpp"

namespace parkgrid::server {
namespace fs = std::filesystem;
using httplib::Request;
using httplib::Response;
using nlohmann::json;

namespace {

// The hours each snapshot of a dispatch window stands for (typical days: weight_hours of the
// hourly CSVs); null when every snapshot stands for itself.
json window_weights(const report::Results& r, std::size_t first, std::size_t count) {
  const auto& w = r.generators ? r.generators->weights : std::vector<double>{};
  if (w.empty()) return nullptr;
  json out = json::array();
  for (std::size_t t = first; t < first + count && t < w.size(); ++t) out.push_back(w[t]);
  return out;
}

void send(Response& res, int status, const json& body) {
  res.status = status;
  // Non-finite numbers have no JSON form: the results reader keeps them as NaN, they go as null.
  res.set_content(reply_text(body), "application/json");
}

void send(Response& res, const Reply& reply) {
  send(res, reply.status, reply.body);
}

void error(Response& res, int status, const std::string& message, json extra = json::object()) {
  send(res, error_reply(status, message, std::move(extra)));
}

// The body as a JSON object, or a 400 naming the problem (sets `res`, returns nullopt).
std::optional<json> body_object(const Request& req, Response& res) {
  Body b = parse_body(req.body);
  if (b.error) {
    send(res, *b.error);
    return std::nullopt;
  }
  return std::move(b.object);
}

json nums(const std::vector<double>& v) {
  json a = json::array();
  for (double x : v)
    a.push_back(std::isfinite(x) ? json(std::round(x * 1e4) / 1e4) : json(nullptr));
  return a;
}

json series_list(const std::vector<report::Series>& s, const std::vector<std::string>* kinds) {
  json a = json::array();
  for (std::size_t i = 0; i < s.size(); ++i) {
    json o{{"name", s[i].name}, {"values", nums(s[i].values)}};
    if (kinds && i < kinds->size()) o["kind"] = (*kinds)[i];
    a.push_back(std::move(o));
  }
  return a;
}

json table_json(const report::CsvTable& t) {
  json rows = json::array();
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    json o = json::object();
    for (std::size_t c = 0; c < t.header.size(); ++c) {
      const std::string& cell = t.rows[r][c];
      char* end = nullptr;
      const double v = std::strtod(cell.c_str(), &end);
      o[t.header[c]] = !cell.empty() && end == cell.c_str() + cell.size() && std::isfinite(v)
                           ? json(v)
                           : json(cell);
    }
    rows.push_back(std::move(o));
  }
  return {{"columns", t.header}, {"rows", rows}};
}

// Results read once per job and kept for the next requests (the hourly files of a year are a few
// MB of CSV); the least recently used are dropped.
struct Loaded {
  report::Results results;
  report::Topology topology;
  report::Topology heat_topology;  // known only with a scenario that has heat buses
};

class ResultsCache {
 public:
  std::shared_ptr<const Loaded> get(const std::string& id, const JobManager::Done& d) {
    {
      std::lock_guard lock(mu_);
      for (auto it = items_.begin(); it != items_.end(); ++it)
        if (it->first == id) {
          items_.splice(items_.begin(), items_, it);
          return it->second;
        }
    }
    auto loaded = std::make_shared<Loaded>();
    loaded->results = report::read_results(d.results);
    std::error_code ec;
    if (!d.input.empty() && fs::exists(d.input, ec)) {
      try {
        const Network net = io::read_scenario(d.input.string());
        loaded->topology = report::topology_of(net);
        loaded->heat_topology = report::heat_topology_of(net);
      } catch (const std::exception&) {
        // the scenario changed since: show every component on the electric balance
      }
    }
    std::lock_guard lock(mu_);
    items_.emplace_front(id, loaded);
    if (items_.size() > 6) items_.pop_back();
    return loaded;
  }
  void forget(const std::string& id) {
    std::lock_guard lock(mu_);
    items_.remove_if([&](const auto& p) { return p.first == id; });
  }

 private:
  std::mutex mu_;
  std::list<std::pair<std::string, std::shared_ptr<const Loaded>>> items_;
};

class Api {
 public:
  Api(const ServeOptions& o, Catalog& catalog, JobManager& jobs)
      : o_(o), catalog_(catalog), jobs_(jobs) {}

  void routes(httplib::Server& s) {
    s.Get("/api/health", [this](const Request&, Response& res) {
      send(res, 200,
           {{"ok", true},
            {"version", PARKGRID_VERSION},
            {"workers", jobs_.workers()},
            {"web_dir", o_.web_dir.string()}});
    });
    s.Get("/api/schema", [](const Request&, Response& res) { send(res, 200, schema_json()); });
    s.Get("/api/scenarios", [this](const Request&, Response& res) {
      json a = json::array();
      for (const auto& sc : catalog_.list()) a.push_back(to_json(sc));
      send(res, 200, a);
    });
    s.Get(R"(/api/scenarios/([^/]+))",
          [this](const Request& req, Response& res) { get_scenario(req.matches[1], res); });
    s.Post(R"(/api/scenarios/([^/]+)/validate)",
           [this](const Request& req, Response& res) { validate(req.matches[1], req, res); });
    s.Post("/api/scenarios", [this](const Request& req, Response& res) { save(req, res); });
    s.Delete(R"(/api/scenarios/([^/]+))",
             [this](const Request& req, Response& res) { remove_scenario(req.matches[1], res); });
    s.Get("/api/jobs", [this](const Request&, Response& res) { send(res, 200, jobs_.list()); });
    s.Post("/api/jobs", [this](const Request& req, Response& res) { create_job(req, res); });
    s.Get(R"(/api/jobs/([^/]+))", [this](const Request& req, Response& res) {
      const auto st = jobs_.status(req.matches[1], true);
      if (!st) return error(res, 404, fmt::format("no job \"{}\"", std::string(req.matches[1])));
      send(res, 200, *st);
    });
    s.Delete(R"(/api/jobs/([^/]+))", [this](const Request& req, Response& res) {
      const std::string id = req.matches[1];
      const auto st = jobs_.status(id, false);
      if (!st || !jobs_.cancel_or_remove(id))
        return error(res, 404, fmt::format("no job \"{}\"", id));
      cache_.forget(id);
      const std::string before = (*st)["state"];
      send(res, 200,
           {{"id", id},
            {"action", before == "queued" || before == "running" ? "cancelled" : "removed"}});
    });
    s.Get(
        R"(/api/jobs/([^/]+)/(summary|capacities|dispatch|price-duration|periods|paths|sweep|files))",
        [this](const Request& req, Response& res) { results(req, res); });
    s.Get(R"(/api/jobs/([^/]+)/files/([^/]+))",
          [this](const Request& req, Response& res) { download(req, res); });
    s.Get(R"(/api/jobs/([^/]+)/report)",
          [this](const Request& req, Response& res) { report(req, res); });
  }

 private:
  std::optional<ScenarioInfo> scenario_or_404(const std::string& id, Response& res) {
    auto sc = catalog_.find(id);
    if (!sc) error(res, 404, fmt::format("no scenario \"{}\"", id));
    return sc;
  }

  void get_scenario(const std::string& id, Response& res) {
    const auto sc = scenario_or_404(id, res);
    if (!sc) return;
    json out = to_json(*sc);
    try {
      out["document"] = read_document(sc->path);
      out["notes"] = notes_json(sc->path);
      out["diagnostics"] = validate_scenario(sc->path, o_.root);
    } catch (const DocumentError& e) {
      out["document"] = nullptr;
      out["notes"] = json::array();
      out["diagnostics"] = json::array({{{"file", sc->path.string()},
                                         {"message", e.what()},
                                         {"section", ""},
                                         {"index", -1},
                                         {"field", ""}}});
    }
    send(res, 200, out);
  }

  void validate(const std::string& id, const Request& req, Response& res) {
    const auto sc = scenario_or_404(id, res);
    if (!sc) return;
    const auto body = body_object(req, res);
    if (!body) return;
    const fs::path tmp = o_.workspace / "tmp" / fmt::format("validate-{}", counter_++);
    send(res, validate_request(*body, sc->path.parent_path(), tmp, o_.data_roots));
  }

  void save(const Request& req, Response& res) {
    const auto body = body_object(req, res);
    if (!body) return;
    const json id_value = body->value("id", json(""));
    if (!id_value.is_string() || !Catalog::valid_id(id_value.get<std::string>()))
      return error(
          res, 400,
          fmt::format("id = {}: expected 1 to 64 letters, digits, _ or -",
                      id_value.is_string() ? fmt::format("\"{}\"", id_value.get<std::string>())
                                           : id_value.dump()));
    const std::string id = id_value.get<std::string>();
    const json base_value = body->value("base", json(""));
    if (!base_value.is_string())
      return error(res, 400, "base: expected the id of a scenario (GET /api/scenarios)");
    const std::string base = base_value.get<std::string>();
    const auto sc = scenario_or_404(base, res);
    if (!sc) return;
    if (const auto existing = catalog_.find(id); existing && existing->kind != "saved")
      return error(res, 409,
                   fmt::format("\"{}\" is a built-in scenario; save under another id", id));
    if (!body->contains("document") || !(*body)["document"].is_object())
      return error(res, 400, "document: expected a JSON object (the scenario's sections)");
    const fs::path dest = catalog_.saved_dir() / id;
    const fs::path tmp = catalog_.saved_dir() / fmt::format(".{}.tmp-{}", id, counter_++);
    std::error_code ec;
    try {
      FolderOptions fo;
      fo.header = fmt::format("Saved by parkgrid serve on {} from \"{}\" ({}).", now_text(), base,
                              sc->path.string());
      fo.data_roots = o_.data_roots;
      const json diags = write_and_validate((*body)["document"], sc->path.parent_path(), tmp, fo);
      if (!diags.empty()) {
        fs::remove_all(tmp, ec);
        return send(res, 422,
                    {{"error", fmt::format("the scenario has {} problem(s); nothing was saved",
                                           diags.size())},
                     {"diagnostics", diags}});
      }
      // Replace atomically: the old folder is moved aside, the new one renamed into place.
      const fs::path old = catalog_.saved_dir() / fmt::format(".{}.old-{}", id, counter_++);
      if (fs::exists(dest, ec)) fs::rename(dest, old);
      fs::rename(tmp, dest);
      fs::remove_all(old, ec);
      const auto saved = catalog_.find(id);
      send(res, 201, saved ? to_json(*saved) : json{{"id", id}});
    } catch (const DocumentError& e) {
      fs::remove_all(tmp, ec);
      error(res, 400, e.what());
    } catch (...) {
      fs::remove_all(tmp, ec);  // an I/O error: answered 500 by the exception handler
      throw;
    }
  }

  void remove_scenario(const std::string& id, Response& res) {
    const auto sc = scenario_or_404(id, res);
    if (!sc) return;
    if (sc->kind != "saved")
      return error(res, 409,
                   fmt::format("\"{}\" is a built-in scenario and cannot be deleted", id));
    std::error_code ec;
    fs::remove_all(sc->path.parent_path(), ec);
    send(res, 200, {{"id", id}, {"action", "deleted"}});
  }

  void create_job(const Request& req, Response& res) {
    const auto body = body_object(req, res);
    if (!body) return;
    JobSpec spec;
    ScenarioInfo sc;
    const auto find = [this](const std::string& id) { return catalog_.find(id); };
    if (const auto refused = check_job_request(*body, find, spec, sc)) return send(res, *refused);
    if (const auto full = jobs_.admit()) return error(res, full->first, full->second);
    const auto [id, folder] = jobs_.reserve();
    if (const auto refused = prepare_job(*body, sc, o_.root, id, folder, spec, o_.data_roots))
      return send(res, *refused);
    jobs_.submit(id, std::move(spec));
    send(res, 202, *jobs_.status(id, false));
  }

  // The job's results, or a 404/409 answer (returns nullopt).
  std::optional<JobManager::Done> done_or_error(const std::string& id, Response& res) {
    const auto st = jobs_.status(id, false);
    if (!st) {
      error(res, 404, fmt::format("no job \"{}\"", id));
      return std::nullopt;
    }
    const auto d = jobs_.done(id);
    if (!d)
      error(res, 409,
            fmt::format("job \"{}\" is {}: results come when it is done", id,
                        (*st)["state"].get<std::string>()),
            {{"state", (*st)["state"]}});
    return d;
  }

  void results(const Request& req, Response& res) {
    const std::string id = req.matches[1], what = req.matches[2];
    const auto d = done_or_error(id, res);
    if (!d) return;
    try {
      if (what == "files") {
        send(res, 200, report::result_files(d->results));
        return;
      }
      if (what == "paths") {
        if (d->kind != "paths")
          return error(res, 404,
                       fmt::format("job \"{}\" is a {} job, not the reform paths", id, d->kind));
        const auto p = report::read_paths(d->results);
        json out = p.json;
        if (p.sensitivities) out["sensitivities_table"] = table_json(*p.sensitivities);
        send(res, 200, out);
        return;
      }
      if (what == "sweep") {
        if (d->kind != "sweep")
          return error(res, 404, fmt::format("job \"{}\" is a {} job, not a sweep", id, d->kind));
        return sweep(d->results, res);
      }
      if (d->kind == "paths")  // run and plan jobs (a plan shows its last year) have results
        return error(res, 404, fmt::format("job \"{}\" holds the reform paths: ask /paths", id));
      if (d->kind == "sweep")
        return error(res, 404, fmt::format("job \"{}\" holds a sweep: ask /sweep", id));
      const auto loaded = cache_.get(id, *d);
      const auto& r = loaded->results;
      if (what == "summary") {
        json out = r.summary_json;
        out["hours"] = r.hours();
        out["snapshot_first"] = r.hours() ? json(r.snapshot_labels().front()) : json(nullptr);
        out["topology_known"] = loaded->topology.known;
        const auto st = jobs_.status(id, false);
        out["job"] = *st;
        send(res, 200, out);
      } else if (what == "capacities") {
        json a = json::array();
        for (const auto& c : r.summary.capacities)
          a.push_back(io::row_json<json>(analysis::capacities_table(), c));
        send(res, 200, a);
      } else if (what == "dispatch") {
        long long start = 0, hours = 168;
        for (const auto& [name, value] : {std::pair{"start", &start}, std::pair{"hours", &hours}})
          if (req.has_param(name))
            if (const auto bad = query_whole_number(name, req.get_param_value(name), *value))
              return send(res, *bad);
        if (start < 0 || hours < 1 || hours > 24 * 366)
          return error(res, 400, "start must be >= 0 and hours between 1 and 8784");
        if (static_cast<std::size_t>(start) >= std::max<std::size_t>(r.hours(), 1))
          return error(res, 400,
                       fmt::format("start = {}: the result has {} hours", start, r.hours()));
        const auto b = report::balance(r, loaded->topology, static_cast<std::size_t>(start),
                                       static_cast<std::size_t>(hours));
        // The heat balance of the same window (docs/formulation.md "Heat"): null without heat
        // buses (or without the scenario to tell them).
        json heat = nullptr;
        if (loaded->heat_topology.known) {
          const auto hb = report::balance(r, loaded->heat_topology, static_cast<std::size_t>(start),
                                          static_cast<std::size_t>(hours));
          heat = {{"supply", series_list(hb.supply, &hb.supply_kind)},
                  {"consumption", series_list(hb.consumption, &hb.consumption_kind)},
                  {"load", nums(hb.load.values)},
                  {"levels", series_list(hb.soc, nullptr)},
                  {"prices", series_list(hb.prices, nullptr)}};
        }
        send(res, 200,
             {{"start", start},
              {"hours", b.snapshots.size()},
              {"total_hours", r.hours()},
              {"snapshots", b.snapshots},
              {"supply", series_list(b.supply, &b.supply_kind)},
              {"consumption", series_list(b.consumption, &b.consumption_kind)},
              {"load", nums(b.load.values)},
              {"soc", series_list(b.soc, nullptr)},
              {"prices", series_list(b.prices, nullptr)},
              {"units_online", series_list(b.units_online, nullptr)},
              {"min_output_mw", series_list(b.min_output_mw, nullptr)},
              {"heat", heat},
              {"typical_days", r.summary.typical_days},
              {"weight_hours",
               window_weights(r, static_cast<std::size_t>(start), b.snapshots.size())},
              {"topology_known", loaded->topology.known}});
      } else if (what == "price-duration") {
        send(res, 200,
             {{"buses", series_list(report::price_duration(r, loaded->topology), nullptr)}});
      } else if (what == "periods") {
        const auto p = report::read_periods(d->results);
        if (!p) return send(res, 200, {{"available", false}});
        json out{{"available", true}, {"periods", table_json(p->periods)}};
        if (p->capacities) out["capacities"] = table_json(*p->capacities);
        send(res, 200, out);
      }
    } catch (const report::ReportError& e) {
      error(res, 500, fmt::format("the results are unreadable: {}", e.what()),
            {{"file", e.file()}, {"field", e.field()}});
    }
  }

  // A sweep folder (`parkgrid sweep`, docs/sweep.md) for the Sensitivity view: what run.json
  // says, summary.csv, sensitivity.csv (null when absent) and results.csv as tables. Each file
  // must be a regular file inside the folder (links leading out are refused, as downloads).
  void sweep(const fs::path& dir, Response& res) {
    std::error_code ec;
    for (const char* name : {"summary.csv", "results.csv", "sensitivity.csv", "run.json"}) {
      if (!fs::exists(dir / name, ec) && std::string_view(name) != "summary.csv" &&
          std::string_view(name) != "results.csv")
        continue;
      const ConfinedFile file = confined_file(dir, name);
      if (file.refusal) return send(res, *file.refusal);
    }
    const report::SweepResult s = report::read_sweep(dir);
    json about = s.run_json;
    about["name"] = s.name;
    about["design"] = s.design;
    about["run"] = s.run;
    about["parameters"] = s.parameters;
    about["figures"] = s.figures;
    send(res, 200,
         {{"sweep", about},
          {"summary", table_json(s.summary)},
          {"sensitivity", s.sensitivity ? table_json(*s.sensitivity) : json(nullptr)},
          {"results", table_json(s.results)}});
  }

  void download(const Request& req, Response& res) {
    const std::string id = req.matches[1], name = req.matches[2];
    const auto d = done_or_error(id, res);
    if (!d) return;
    const auto files = report::result_files(d->results);
    if (std::find(files.begin(), files.end(), name) == files.end())
      return error(res, 404, fmt::format("job \"{}\" has no file \"{}\"", id, name));
    // Only a regular file inside the job's results folder, links resolved.
    const ConfinedFile file = confined_file(d->results, name);
    if (file.refusal) return send(res, *file.refusal);
    std::ifstream in(file.path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    res.set_header("Content-Disposition", fmt::format("attachment; filename=\"{}-{}\"", id, name));
    res.set_content(ss.str(),
                    name.ends_with(".csv") ? "text/csv; charset=utf-8" : "application/json");
  }

  void report(const Request& req, Response& res) {
    const std::string id = req.matches[1];
    const auto d = done_or_error(id, res);
    if (!d) return;
    if (d->kind == "paths")
      return error(res, 404, "a report needs a run or plan job; give the paths job as ?paths=ID");
    // a sweep job's report is the report of the sweep (render_report sees the sweep folder)
    report::ReportOptions ro;
    ro.results = d->results;
    std::error_code ec;
    if (!d->input.empty() && fs::exists(d->input, ec)) ro.scenario = d->input;
    if (!d->notes_source.empty() && fs::exists(d->notes_source, ec)) ro.notes = d->notes_source;
    if (req.has_param("paths")) {
      const auto p = done_or_error(req.get_param_value("paths"), res);
      if (!p) return;
      if (p->kind != "paths") return error(res, 400, "paths: expected the id of a paths job");
      ro.paths = p->results;
    }
    try {
      res.set_content(report::render_report(ro), "text/html; charset=utf-8");
    } catch (const std::exception& e) {
      error(res, 500, fmt::format("cannot write the report: {}", e.what()));
    }
  }

  const ServeOptions& o_;
  Catalog& catalog_;
  JobManager& jobs_;
  ResultsCache cache_;
  std::atomic<unsigned long long> counter_{0};
};

}  // namespace

int serve(const ServeOptions& options) {
  ServeOptions o = options;
  std::error_code ec;
  o.workspace = fs::absolute(o.workspace);
  o.root = fs::absolute(o.root);
  if (o.no_token && !is_loopback(o.host)) {
    fmt::print(stderr,
               "parkgrid: --no-token is for tests on a loopback address only; --host {} can be "
               "reached from other machines, so it needs the token (leave --no-token out)\n",
               o.host);
    return 2;
  }
  if (o.data_roots.empty()) o.data_roots.push_back(o.root / "data");
  for (auto& r : o.data_roots) {
    r = fs::absolute(r).lexically_normal();
    if (!fs::is_directory(r, ec)) {
      fmt::print(stderr, "parkgrid: --data-root {}: not a folder\n", r.string());
      return 2;
    }
  }
  fs::create_directories(o.workspace, ec);
  if (ec) {
    fmt::print(stderr, "parkgrid: cannot create the workspace {}: {}\n", o.workspace.string(),
               ec.message());
    return 2;
  }
  if (o.program.empty()) o.program = fs::read_symlink("/proc/self/exe", ec);
  // Signals are taken by one thread (sigwait), so block them before any thread starts.
  sigset_t sigs;
  sigemptyset(&sigs);
  sigaddset(&sigs, SIGINT);
  sigaddset(&sigs, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &sigs, nullptr);
  signal(SIGPIPE, SIG_IGN);

  Catalog catalog(o.root, o.scenario, o.workspace);
  JobLimits limits;
  limits.max_jobs = o.max_jobs;
  limits.quota_bytes = static_cast<std::uintmax_t>(std::max(0.0, o.results_quota_mb) * 1e6);
  limits.time_limit_s = o.job_time_limit_s;
  JobManager jobs(o.program, o.workspace, o.workers, limits);
  for (const auto& dir : o.results) {
    JobSpec spec;
    spec.solver = "";
    spec.kind = fs::exists(dir / "paths.json", ec)  ? "paths"
                : fs::exists(dir / "plan.json", ec) ? "plan"
                : report::is_sweep_folder(dir)      ? "sweep"
                                                    : "run";
    // The scenario of an imported run: the catalogue entry of the same [scenario] name.
    std::string name;
    try {
      const auto f = dir / (spec.kind == "paths"   ? "paths.json"
                            : spec.kind == "plan"  ? "plan.json"
                            : spec.kind == "sweep" ? "run.json"
                                                   : "summary.json");
      if (spec.kind == "sweep") {  // a sweep is named by its specification (run.json may lack it)
        std::ifstream in(f);
        name =
            in ? json::parse(in).value("name", dir.filename().string()) : dir.filename().string();
      } else {
        std::ifstream in(f);
        name = json::parse(in).value("scenario", "");
      }
    } catch (const std::exception&) {
      fmt::print(stderr,
                 "parkgrid: --results {}: none of summary.json, paths.json, plan.json, a sweep's "
                 "run.json is readable\n",
                 dir.string());
      return 2;
    }
    spec.scenario_name = name;
    for (const auto& sc : catalog.list())
      if (sc.name == name) {
        spec.scenario_id = sc.id;
        spec.input = spec.notes_source = fs::absolute(sc.path);
        break;
      }
    jobs.import_results(fs::absolute(dir), spec);
  }

  httplib::Server server;
  server.set_payload_max_length(o.max_body_bytes);
  // cpp-httplib sends the head and the body of an answer in two writes: with Nagle's algorithm
  // the body waited for the client's delayed ACK, 40 ms per request (bench/load_test.py).
  server.set_tcp_nodelay(true);
  // Each connection holds a thread while it is kept alive: enough of them for many clients.
  const int threads = std::max(2, o.http_threads);
  server.new_task_queue = [threads] {
    return new httplib::ThreadPool(static_cast<std::size_t>(threads));
  };
  Api api(o, catalog, jobs);
  api.routes(server);
  const bool has_ui = fs::exists(o.web_dir / "index.html", ec);
  if (has_ui) {
    server.set_mount_point("/", o.web_dir.string());
  } else {
    server.Get("/", [&o](const Request&, Response& res) {
      res.set_content(
          fmt::format(
              "<!DOCTYPE html><meta charset=utf-8><title>parkgrid</title><h1>parkgrid serve</h1>"
              "<p>The web UI is not built: no index.html in <code>{}</code>. Run <code>make "
              "web</code> "
              "(npm ci and vite build in web/) or give <code>--web-dir</code>. The JSON API is "
              "at <a href=/api/health>/api/health</a> (docs/api.md).</p>",
              o.web_dir.string()),
          "text/html; charset=utf-8");
    });
  }
  server.set_error_handler(
      httplib::Server::HandlerWithResponse([&o](const Request& req, Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        if (req.path.starts_with("/api/") || res.status != 404) {
          std::string message;
          switch (res.status) {
            case 404: message = fmt::format("no such endpoint: {} {}", req.method, req.path); break;
            case 413:
              message = fmt::format(
                  "request body: larger than the server's limit of {} bytes ({:.3g} MiB, "
                  "parkgrid serve --max-body-mb)",
                  o.max_body_bytes, static_cast<double>(o.max_body_bytes) / 1048576);
              break;
            case 414: message = "the request's address is too long"; break;
            case 400: message = "the request is not valid HTTP"; break;
            default: message = fmt::format("HTTP {}", res.status);
          }
          send(res, res.status, {{"error", message}});
          return httplib::Server::HandlerResponse::Handled;
        }
        res.set_content(fmt::format("{} not found", req.path), "text/plain");
        return httplib::Server::HandlerResponse::Handled;
      }));
  server.set_exception_handler([](const Request&, Response& res, std::exception_ptr ep) {
    std::string what = "unknown error";
    try {
      std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    send(res, 500, {{"error", fmt::format("internal error: {}", what)}});
  });
  server.set_logger([](const Request& req, const Response& res) {
    if (req.method != "GET" || res.status >= 400)
      fmt::print(stderr, "parkgrid serve: {} {} -> {}\n", req.method, req.path, res.status);
  });

  int port = o.port;
  if (port == 0) {
    port = server.bind_to_any_port(o.host);
  } else if (!server.bind_to_port(o.host, port)) {
    port = -1;
  }
  if (port < 0) {
    fmt::print(stderr,
               "parkgrid: cannot listen on {}:{} (in use, or not an address of this machine)\n",
               o.host, o.port);
    return 2;
  }
  // Who may use it (access.hpp): the Host and Origin rules and the per-start token.
  AccessPolicy policy;
  try {
    policy = make_policy(o.host, port, o.no_token ? "" : new_token());
  } catch (const std::exception& e) {
    fmt::print(stderr, "parkgrid: {}\n", e.what());
    return 2;
  }
  server.set_pre_routing_handler([&policy](const Request& req, Response& res) {
    RequestHead head;
    head.method = req.method;
    head.path = req.path;
    const auto header = [&req](const char* name) -> std::optional<std::string> {
      if (!req.has_header(name)) return std::nullopt;
      return req.get_header_value(name);
    };
    head.host = header("Host");
    head.origin = header("Origin");
    head.cookie = header("Cookie");
    head.authorization = header("Authorization");
    head.token_header = header("X-Parkgrid-Token");
    if (req.has_param("token")) head.query_token = req.get_param_value("token");
    const AccessDecision d = check_access(policy, head);
    if (d.refusal) {
      send(res, *d.refusal);
      return httplib::Server::HandlerResponse::Handled;
    }
    if (d.token_in_query) {
      res.set_header("Set-Cookie", token_cookie(policy));
      // The page's address without the token (history, screenshots, the Referer of links).
      if (req.method == "GET" && !req.path.starts_with("/api/")) {
        // Back to the same page, never elsewhere: "//evil.example" would be another site, and a
        // control character would end the header.
        const bool plain = req.path.starts_with("/") && !req.path.starts_with("//") &&
                           std::none_of(req.path.begin(), req.path.end(), [](char c) {
                             return static_cast<unsigned char>(c) < 0x20 || c == 0x7f || c == '\\';
                           });
        res.set_redirect(plain ? req.path : "/", 303);
        return httplib::Server::HandlerResponse::Handled;
      }
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  std::thread sig([&server, sigs] {
    int sig_no = 0;
    sigwait(&sigs, &sig_no);
    server.stop();
  });
  fmt::print("parkgrid serve: {}/{} (web UI {}; {} worker(s); workspace {})\n", policy.origin_shown,
             policy.token.empty() ? "" : "?token=" + policy.token,
             has_ui ? o.web_dir.string() : "not built", jobs.workers(), o.workspace.string());
  if (policy.token.empty())
    fmt::print("parkgrid serve: --no-token: any program of this machine can use it (tests only)\n");
  else
    fmt::print(
        "parkgrid serve: open the address above (打开上面的地址); the token in it changes at "
        "every start\n");
  if (!is_loopback(o.host))
    fmt::print(stderr,
               "parkgrid: warning: listening on {}, reachable from other machines over plain "
               "HTTP; anyone with the address and its token can run solves and read results\n",
               o.host);
  std::fflush(stdout);
  server.listen_after_bind();
  jobs.shutdown();
  // Wake the signal thread if the server stopped for another reason.
  pthread_kill(sig.native_handle(), SIGTERM);
  sig.join();
  return 0;
}

}  // namespace parkgrid::server
