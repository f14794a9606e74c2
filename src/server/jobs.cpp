#include "server/jobs.hpp"
#include "parkgrid/events.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iomanip>
#include <random>
#include <sstream>

extern char** environ;

namespace parkgrid::server {
namespace fs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::system_clock;

namespace {

constexpr std::size_t kLogLines = 400;

std::string iso(Clock::time_point t) {
  if (t.time_since_epoch().count() == 0) return "";
  const std::time_t tt = Clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Clock::time_point from_iso(const std::string& s) {
  std::tm tm{};
  std::istringstream in(s);
  in >> std::get_time(&tm, "%Y-%m-%dT%H:%M:%SZ");
  if (in.fail()) return {};
  return Clock::from_time_t(timegm(&tm));
}

// Removes the results folder and any temporary folder the CLI's writer may have left when it
// was killed mid-write (.results.tmp-*, .results.old-*).
void remove_results(const fs::path& folder) {
  std::error_code ec;
  fs::remove_all(folder / "results", ec);
  for (const auto& e : fs::directory_iterator(folder, ec)) {
    const std::string n = e.path().filename().string();
    if (n.starts_with(".results.")) fs::remove_all(e.path(), ec);
  }
}

// The bytes of the files under `dir` (links not followed).
std::uintmax_t folder_bytes(const fs::path& dir) {
  std::uintmax_t total = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (it->is_regular_file(ec) && !it->is_symlink(ec)) {
      const auto n = it->file_size(ec);
      if (!ec) total += n;
    }
    ec.clear();
  }
  return total;
}

std::string megabytes(std::uintmax_t bytes) {
  return fmt::format("{:.0f} MB", static_cast<double>(bytes) / 1e6);
}

// The job's phase from a solve event: the names of docs/api.md ("interior point", "solved").
std::string phase_of(const events::Event& e) {
  if (e.kind == events::Kind::kWritten) return "written";
  switch (e.progress.phase) {
    case solve::Phase::kPresolve: return "presolve";
    case solve::Phase::kSimplex: return "simplex";
    case solve::Phase::kIpm: return "interior point";
    case solve::Phase::kCrossover: return "crossover";
    case solve::Phase::kPostsolve: return "postsolve";
    case solve::Phase::kCheck: return "checking";
    case solve::Phase::kRetry: return "retrying";
    case solve::Phase::kDone: return "solved";
    case solve::Phase::kBranchAndBound: return "branch and bound";
  }
  return "solving";
}

std::string new_id(unsigned long long counter) {
  static std::mt19937_64 rng{std::random_device{}()};
  return fmt::format("{:x}{:04x}", counter, rng() & 0xffff);
}

}  // namespace

std::string_view state_name(JobState s) {
  switch (s) {
    case JobState::kQueued: return "queued";
    case JobState::kRunning: return "running";
    case JobState::kDone: return "done";
    case JobState::kFailed: return "failed";
    case JobState::kCancelled: return "cancelled";
  }
  return "?";
}

JobManager::JobManager(fs::path program, fs::path workspace, int workers, JobLimits limits)
    : program_(std::move(program)), workspace_(std::move(workspace)), limits_(limits) {
  fs::create_directories(workspace_ / "jobs");
  load_existing();
  clean_leftovers();
  for (int i = 0; i < std::max(1, workers); ++i) threads_.emplace_back([this] { worker(); });
}

JobManager::~JobManager() {
  shutdown();
}

void JobManager::shutdown() {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    stopping_ = true;
    for (auto& [id, job] : jobs_)
      if (job->state == JobState::kRunning && job->pid > 0) ::kill(-job->pid, SIGKILL);
  }
  cv_.notify_all();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
}

void JobManager::load_existing() {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(workspace_ / "jobs", ec)) {
    const fs::path file = e.path() / "job.json";
    std::ifstream in(file);
    if (!in) continue;
    json j;
    try {
      j = json::parse(in);
      auto job = std::make_shared<Job>();
      job->id = j.at("id").get<std::string>();
      job->folder = e.path();
      job->spec.kind = j.at("kind").get<std::string>();
      job->spec.scenario_id = j.value("scenario", "");
      job->spec.scenario_name = j.value("scenario_name", "");
      job->spec.input = j.value("input", "");
      job->spec.notes_source = j.value("notes_source", "");
      job->spec.solver = j.value("solver", "");
      if (j.contains("horizon_hours") && j["horizon_hours"].is_number_integer())
        job->spec.horizon_hours = j["horizon_hours"].get<long long>();
      if (j.contains("typical_days") && j["typical_days"].is_number_integer())
        job->spec.typical_days = j["typical_days"].get<long long>();
      job->spec.request = j.value("request", json::object());
      job->created = from_iso(j.value("created", ""));
      job->started = from_iso(j.value("started", ""));
      job->finished = from_iso(j.value("finished", ""));
      job->exit_code = j.value("exit_code", -1);
      job->error = j.value("error", "");
      job->diagnostics = j.value("diagnostics", json::array());
      const std::string state = j.value("state", "");
      job->state = state == "done"        ? JobState::kDone
                   : state == "cancelled" ? JobState::kCancelled
                                          : JobState::kFailed;
      if (state == "queued" || state == "running") {
        job->error = fmt::format(
            "the server stopped while the job was {} (it was killed or crashed); its partial "
            "results were removed: run it again",
            state);
        job->finished = Clock::now();
        remove_results(job->folder);
      }
      std::error_code rm;
      fs::remove(job->folder / ".job.json.tmp", rm);
      job->bytes = folder_bytes(job->folder);
      job->phase = state_name(job->state);
      if (job->state == JobState::kDone) job->results = job->folder / "results";
      jobs_[job->id] = job;
      ++counter_;
      persist(*job);
    } catch (const std::exception&) {
      continue;  // not a job folder of ours
    }
  }
}

void JobManager::clean_leftovers() {
  std::error_code ec;
  // A job folder without job.json: the server stopped while it prepared the job's input.
  for (const auto& e : fs::directory_iterator(workspace_ / "jobs", ec)) {
    std::error_code e2;
    if (e.is_directory(e2) && !fs::exists(e.path() / "job.json", e2)) fs::remove_all(e.path(), e2);
  }
  // Validation folders (server.cpp: WORKSPACE/tmp/validate-N).
  fs::remove_all(workspace_ / "tmp", ec);
  // A saved scenario half-written (.ID.tmp-N), or moved aside (.ID.old-N) before its new folder
  // was renamed into place: put the old one back when the new one is not there.
  const fs::path saved = workspace_ / "scenarios";
  std::vector<fs::path> entries;
  for (const auto& e : fs::directory_iterator(saved, ec)) entries.push_back(e.path());
  for (const auto& p : entries) {
    const std::string n = p.filename().string();
    if (!n.starts_with(".")) continue;
    std::error_code e2;
    const auto old = n.find(".old-");
    if (old != std::string::npos && old > 1 && !fs::exists(saved / n.substr(1, old - 1), e2))
      fs::rename(p, saved / n.substr(1, old - 1), e2);
    else if (n.find(".tmp-") != std::string::npos || old != std::string::npos)
      fs::remove_all(p, e2);
  }
}

std::uintmax_t JobManager::stored_bytes() const {
  std::lock_guard lock(mu_);
  std::uintmax_t total = 0;
  for (const auto& [id, job] : jobs_)
    if (!job->imported) total += job->bytes;
  return total;
}

std::optional<std::pair<int, std::string>> JobManager::admit() const {
  {
    std::lock_guard lock(mu_);
    int active = 0;
    for (const auto& [id, job] : jobs_)
      if (job->state == JobState::kQueued || job->state == JobState::kRunning) ++active;
    if (limits_.max_jobs > 0 && active >= limits_.max_jobs)
      return std::pair{429, fmt::format("{} jobs are queued or running, the server's limit "
                                        "(--max-jobs {}): wait for one to finish or cancel one",
                                        active, limits_.max_jobs)};
  }
  const std::uintmax_t stored = stored_bytes();
  if (limits_.quota_bytes > 0 && stored >= limits_.quota_bytes)
    return std::pair{507, fmt::format("the jobs' results take {}, the server's quota (--results-"
                                      "quota-mb {}): delete finished jobs first (DELETE "
                                      "/api/jobs/ID, or the bin in the job list)",
                                      megabytes(stored), limits_.quota_bytes / 1000000)};
  std::error_code ec;
  const auto space = fs::space(workspace_, ec);
  if (!ec && space.available < limits_.min_free_bytes)
    return std::pair{507, fmt::format("the disk of the workspace {} has {} free, less than the "
                                      "{} a job needs at least: free some space first",
                                      workspace_.string(), megabytes(space.available),
                                      megabytes(limits_.min_free_bytes))};
  return std::nullopt;
}

std::pair<std::string, fs::path> JobManager::reserve() {
  std::lock_guard lock(mu_);
  for (;;) {
    const std::string id = new_id(++counter_);
    const fs::path folder = workspace_ / "jobs" / id;
    std::error_code ec;
    if (jobs_.contains(id) || fs::exists(folder, ec)) continue;
    fs::create_directories(folder);
    return {id, folder};
  }
}

void JobManager::submit(const std::string& id, JobSpec spec) {
  {
    std::lock_guard lock(mu_);
    auto job = std::make_shared<Job>();
    job->id = id;
    job->spec = std::move(spec);
    job->folder = workspace_ / "jobs" / id;
    job->created = Clock::now();
    job->phase = "queued";
    jobs_[id] = job;
    queue_.push_back(id);
    persist(*job);
  }
  cv_.notify_one();
}

std::string JobManager::import_results(const fs::path& dir, JobSpec spec) {
  std::lock_guard lock(mu_);
  auto job = std::make_shared<Job>();
  std::string base = fs::absolute(dir).lexically_normal().filename().string();
  if (base.empty()) base = "results";
  std::string id;
  for (char c : base) id += std::isalnum(static_cast<unsigned char>(c)) || c == '-' ? c : '_';
  while (jobs_.contains(id)) id += "_";
  job->id = id;
  job->spec = std::move(spec);
  job->folder = dir;
  job->results = dir;
  job->imported = true;
  job->state = JobState::kDone;
  job->phase = "done";
  job->exit_code = 0;
  std::error_code ec;
  const auto t = fs::last_write_time(dir, ec);
  job->created = job->started = job->finished =
      ec ? Clock::now()
         : std::chrono::time_point_cast<Clock::duration>(t - fs::file_time_type::clock::now() +
                                                         Clock::now());
  jobs_[id] = job;
  return id;
}

void JobManager::persist(const Job& job) const {
  if (job.imported) return;
  const json j = to_json(job, false);
  const fs::path tmp = job.folder / ".job.json.tmp";
  std::error_code ec;
  {
    std::ofstream out(tmp);
    out << j.dump(2) << '\n';
    if (!out) return;  // the state stays in memory; nothing half-written on disk
  }
  fs::rename(tmp, job.folder / "job.json", ec);
}

json JobManager::to_json(const Job& job, bool with_log) const {
  const auto end = job.state == JobState::kRunning ? Clock::now() : job.finished;
  const double elapsed = job.started.time_since_epoch().count() == 0 || end < job.started
                             ? 0.0
                             : std::chrono::duration<double>(end - job.started).count();
  json j{{"id", job.id},
         {"kind", job.spec.kind},
         {"scenario", job.spec.scenario_id},
         {"scenario_name", job.spec.scenario_name},
         {"state", state_name(job.state)},
         {"phase", job.phase},
         {"solves_finished", job.solves_finished},
         {"solver", job.spec.solver},
         {"created", iso(job.created)},
         {"started", iso(job.started)},
         {"finished", iso(job.finished)},
         {"elapsed_s", elapsed},
         {"exit_code", job.exit_code},
         {"error", job.error},
         {"diagnostics", job.diagnostics},
         {"imported", job.imported},
         {"input", job.spec.input.string()},
         {"notes_source", job.spec.notes_source.string()},
         {"request", job.spec.request}};
  j["horizon_hours"] = job.spec.horizon_hours ? json(*job.spec.horizon_hours) : json(nullptr);
  j["typical_days"] = job.spec.typical_days ? json(*job.spec.typical_days) : json(nullptr);
  if (job.spec.kind == "paths") j["paths_total"] = 5;
  if (with_log) {
    j["log"] = job.log;
    j["log_lines_total"] = job.log_lines_total;
  }
  return j;
}

std::optional<json> JobManager::status(const std::string& id, bool with_log) const {
  std::lock_guard lock(mu_);
  const auto it = jobs_.find(id);
  if (it == jobs_.end()) return std::nullopt;
  return to_json(*it->second, with_log);
}

json JobManager::list() const {
  std::lock_guard lock(mu_);
  std::vector<std::shared_ptr<Job>> all;
  for (const auto& [id, job] : jobs_) all.push_back(job);
  std::sort(all.begin(), all.end(),
            [](const auto& a, const auto& b) { return a->created > b->created; });
  json out = json::array();
  for (const auto& j : all) out.push_back(to_json(*j, false));
  return out;
}

std::optional<JobManager::Done> JobManager::done(const std::string& id) const {
  std::lock_guard lock(mu_);
  const auto it = jobs_.find(id);
  if (it == jobs_.end() || it->second->state != JobState::kDone) return std::nullopt;
  return Done{it->second->results, it->second->spec.input, it->second->spec.notes_source,
              it->second->spec.kind};
}

bool JobManager::exists(const std::string& id) const {
  std::lock_guard lock(mu_);
  return jobs_.contains(id);
}

bool JobManager::cancel_or_remove(const std::string& id) {
  std::unique_lock lock(mu_);
  const auto it = jobs_.find(id);
  if (it == jobs_.end()) return false;
  const auto job = it->second;
  if (job->state == JobState::kQueued) {
    queue_.erase(std::remove(queue_.begin(), queue_.end(), id), queue_.end());
    job->state = JobState::kCancelled;
    job->phase = "cancelled";
    job->error = "cancelled";
    job->finished = Clock::now();
    std::error_code ec;
    fs::remove_all(job->folder, ec);
    job->bytes = 0;
    return true;
  }
  if (job->state == JobState::kRunning) {
    // Still "running" until the child has gone and its files are removed (run_job).
    job->cancel_requested = true;
    job->phase = "cancelling";
    if (job->pid > 0) ::kill(-job->pid, SIGKILL);
    return true;
  }
  jobs_.erase(it);
  if (!job->imported) {
    std::error_code ec;
    fs::remove_all(job->folder, ec);
  }
  return true;
}

void JobManager::worker() {
  for (;;) {
    std::shared_ptr<Job> job;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      job = jobs_.at(queue_.front());
      queue_.pop_front();
      job->state = JobState::kRunning;
      job->phase = "reading";
      job->started = Clock::now();
      persist(*job);
    }
    run_job(job);
  }
}

namespace {

// The command line of a job's child: events (phases, finished solves, problems) on descriptor 3;
// the text on 1 and 2 is the log.
std::vector<std::string> job_arguments(const fs::path& program, const JobSpec& spec,
                                       const fs::path& results) {
  std::vector<std::string> args{
      program.string(), "--events-fd", "3",         spec.kind,     spec.input.string(), "-o",
      results.string(), "--solver",    spec.solver, "--solver-log"};
  if (spec.time_limit_s > 0)
    args.insert(args.end(), {"--time-limit", fmt::format("{}", spec.time_limit_s)});
  if (spec.typical_days)
    args.insert(args.end(), {"--typical-days", fmt::format("{}", *spec.typical_days)});
  return args;
}

}  // namespace

void JobManager::run_job(const std::shared_ptr<Job>& job) {
  const fs::path results = job->folder / "results";
  std::vector<std::string> args = job_arguments(program_, job->spec, results);
  const Child child = spawn(job, args);
  if (child.pid <= 0) return;
  {
    std::lock_guard lock(mu_);
    job->pid = child.pid;
    if (job->cancel_requested || stopping_) ::kill(-child.pid, SIGKILL);
  }
  std::vector<std::string> problems;  // the messages of its problem events
  follow(job, child, problems);
  int status = 0;
  while (::waitpid(child.pid, &status, 0) < 0 && errno == EINTR) {
  }
  finish(job, status, problems);
}

// Starts the child with its log on a pipe and its events on another; on failure the job is
// marked failed and the pid returned is 0.
JobManager::Child JobManager::spawn(const std::shared_ptr<Job>& job,
                                    std::vector<std::string>& args) {
  int fds[2], evs[2];
  const bool piped = ::pipe2(fds, O_CLOEXEC) == 0;
  if (!piped || ::pipe2(evs, O_CLOEXEC) != 0) {
    if (piped) {
      ::close(fds[0]);
      ::close(fds[1]);
    }
    std::lock_guard lock(mu_);
    job->state = JobState::kFailed;
    job->error = "cannot create a pipe for the solver process";
    job->finished = Clock::now();
    persist(*job);
    return {};
  }
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  // fork + exec rather than posix_spawn: the child asks the kernel to kill it when the worker
  // thread that started it goes (PR_SET_PDEATHSIG), so a server killed with SIGKILL leaves no
  // solver running that would write results after it. Only async-signal-safe calls in the child.
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::setpgid(0, 0);  // its own process group: cancel kills HiGHS's threads too
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);  // the server went before prctl
    ::dup2(fds[1], 1);
    ::dup2(fds[1], 2);
    ::dup2(evs[1], 3);  // dup2 clears close-on-exec on the copy
    const int null = ::open("/dev/null", O_RDONLY);
    if (null >= 0) ::dup2(null, 0);
    for (const int s : {SIGTERM, SIGINT, SIGPIPE}) ::signal(s, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);  // the server's threads block signals
    ::execve(program_.c_str(), argv.data(), environ);
    ::_exit(127);
  }
  const int rc = pid < 0 ? errno : 0;
  if (pid > 0) ::setpgid(pid, pid);  // also from this side: no kill(-pid) before the child's
  ::close(fds[1]);
  ::close(evs[1]);
  if (rc != 0) {
    ::close(fds[0]);
    ::close(evs[0]);
    std::lock_guard lock(mu_);
    job->state = JobState::kFailed;
    job->error = fmt::format("cannot start {}: {}", program_.string(), std::strerror(rc));
    job->finished = Clock::now();
    persist(*job);
    return {};
  }
  return {pid, fds[0], evs[0]};
}

// Reads the child's output (the log) and its events line by line until it closes both, and
// kills it at the server's time limit for a job.
void JobManager::follow(const std::shared_ptr<Job>& job, const Child& child,
                        std::vector<std::string>& problems) {
  const pid_t pid = child.pid;
  std::string pending[2];
  char buf[4096];
  const auto deadline =
      std::chrono::steady_clock::now() +
      std::chrono::milliseconds(static_cast<long long>(limits_.time_limit_s * 1000.0));
  const auto on_log_line = [&](std::string line) {
    std::lock_guard lock(mu_);
    job->log.push_back(std::move(line));
    ++job->log_lines_total;
    if (job->log.size() > kLogLines) job->log.erase(job->log.begin());
  };
  const auto on_event_line = [&](const std::string& line) {
    const std::optional<events::Event> e = events::parse_line(line);
    if (!e) return;
    std::lock_guard lock(mu_);
    if (e->kind == events::Kind::kProblem) {
      problems.push_back(e->message);
      return;
    }
    if (e->kind == events::Kind::kSolved) ++job->solves_finished;
    if (!job->cancel_requested) job->phase = phase_of(*e);
  };
  pollfd pfd[2] = {{child.log_fd, POLLIN, 0}, {child.events_fd, POLLIN, 0}};
  while (pfd[0].fd >= 0 || pfd[1].fd >= 0) {
    int wait_ms = -1;
    if (limits_.time_limit_s > 0) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                            deadline - std::chrono::steady_clock::now())
                            .count();
      if (left <= 0) {
        std::lock_guard lock(mu_);
        if (!job->timed_out) {
          job->timed_out = true;
          job->phase = "stopping";
          ::kill(-pid, SIGKILL);
        }
        wait_ms = 1000;  // until the pipes close
      } else {
        wait_ms = static_cast<int>(std::min<long long>(left, 60'000));
      }
    }
    const int ready = ::poll(pfd, 2, wait_ms);
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;
    for (int k = 0; k < 2; ++k) {
      if (pfd[k].fd < 0 || pfd[k].revents == 0) continue;
      const ssize_t n = ::read(pfd[k].fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        ::close(pfd[k].fd);
        pfd[k].fd = -1;
        continue;
      }
      std::string& p = pending[k];
      p.append(buf, static_cast<std::size_t>(n));
      std::size_t nl;
      // The log's progress lines end in \r; events are whole lines ending in \n.
      while ((nl = k == 0 ? p.find_first_of("\n\r") : p.find('\n')) != std::string::npos) {
        std::string line = p.substr(0, nl);
        p.erase(0, nl + 1);
        if (line.empty()) continue;
        if (k == 0)
          on_log_line(std::move(line));
        else
          on_event_line(line);
      }
    }
  }
}

// The job's state from the child's exit: done, failed (with the reasons of an infeasible run) or
// cancelled; its files kept or removed accordingly.
void JobManager::finish(const std::shared_ptr<Job>& job, int status,
                        const std::vector<std::string>& problems) {
  const fs::path results = job->folder / "results";
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::lock_guard lock(mu_);
  job->pid = 0;
  job->exit_code = code;
  job->finished = Clock::now();
  // `paths` writes its files when a path is infeasible or stopped (codes 3, 4): the other paths
  // are results, and paths.json carries each path's status.
  const bool ok = code == kExitOk || (job->spec.kind == "paths" &&
                                      (code == kExitInfeasible || code == kExitSolverFailure) &&
                                      fs::exists(results / "paths.json"));
  if (job->cancel_requested) {
    std::error_code ec;
    fs::remove_all(job->folder, ec);
    job->state = JobState::kCancelled;
    job->phase = "cancelled";
    job->error = "cancelled";
    job->bytes = 0;
    return;
  } else if (job->timed_out) {
    remove_results(job->folder);
    job->state = JobState::kFailed;
    job->phase = "failed";
    job->error = fmt::format(
        "stopped at the server's time limit for a job, {} s (parkgrid serve --job-time-limit): "
        "a shorter horizon, typical days or a solver time limit (time_limit_s) finish sooner",
        limits_.time_limit_s);
  } else if (stopping_) {
    remove_results(job->folder);
    job->state = JobState::kFailed;
    job->phase = "failed";
    job->error = "the server stopped while the job ran";
  } else if (ok) {
    job->state = JobState::kDone;
    job->phase = "done";
    job->results = results;
    if (code != 0) job->error = fmt::format("{}", fmt::join(problems, "\n"));
  } else {
    job->state = JobState::kFailed;
    job->phase = "failed";
    // An infeasible run's summary.json explains why: keep the reasons, not the folder.
    std::ifstream in(results / "summary.json");
    if (in) {
      try {
        const json s = json::parse(in);
        if (s.contains("infeasibility"))
          for (const auto& v : s["infeasibility"]) job->diagnostics.push_back(v);
      } catch (const json::exception&) {
      }
    }
    job->error = problems.empty()
                     ? (WIFSIGNALED(status)
                            ? fmt::format("the solver process died (signal {})", WTERMSIG(status))
                            : fmt::format("parkgrid exited with code {}", code))
                     : fmt::format("{}", fmt::join(problems, "\n"));
    remove_results(job->folder);
  }
  persist(*job);
  job->bytes = folder_bytes(job->folder);
}

}  // namespace parkgrid::server
