// Background jobs of `parkgrid serve`: an optimisation (`parkgrid run`) or the reform paths
// (`parkgrid paths`) of a prepared scenario folder.
//
// Each job runs the parkgrid program itself as a child process (the same binary, found through
// /proc/self/exe) in its own process group, so that a solve can be cancelled at once, a crash of
// the solver cannot take the server down, and the results are written by the CLI's own atomic
// writer. A fixed pool of worker threads (`workers`, 2 by default) takes jobs from a FIFO queue,
// which bounds the number of simultaneous solves; the rest wait as "queued". Each job has its own
// folder WORKSPACE/jobs/ID with input/ (the scenario), results/ (written only when the run
// succeeds) and job.json (its state, kept across restarts of the server).
#pragma once

#include <sys/types.h>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace parkgrid::server {

enum class JobState { kQueued, kRunning, kDone, kFailed, kCancelled };
[[nodiscard]] std::string_view state_name(JobState s);

struct JobSpec {
  std::string kind = "run";  // "run" or "paths"
  std::string scenario_id;   // for display
  std::string scenario_name;
  std::filesystem::path input;  // scenario.toml to run (inside the job folder, or a built-in)
  std::filesystem::path notes_source;  // the TOML whose comments describe the case (report)
  std::string solver = "ipm";
  double time_limit_s = 0;  // 0: none
  std::optional<long long> horizon_hours;
  std::optional<long long> typical_days;  // --typical-days N of the run, paths or plan
  nlohmann::json request;                 // the request as received, for the record
};

struct Job {
  std::string id;
  JobSpec spec;
  JobState state = JobState::kQueued;
  std::string phase;             // "queued", "reading", "presolve", "solving", "writing", ...
  std::vector<std::string> log;  // the last lines of the child's output
  std::size_t log_lines_total = 0;
  int exit_code = -1;
  std::string error;                                     // why it failed, in words
  nlohmann::json diagnostics = nlohmann::json::array();  // infeasibility reasons etc.
  std::filesystem::path folder;   // WORKSPACE/jobs/ID, or the imported results folder
  std::filesystem::path results;  // folder/results, when done
  bool imported = false;          // a results folder given with --results, read-only
  std::chrono::system_clock::time_point created, started, finished;
  int pid = 0;                    // child process while running
  bool cancel_requested = false;  // running until the child has gone and its files are removed
  int solves_finished = 0;        // "solved" events seen (one per path for `paths`)
  bool timed_out = false;         // stopped at the server's job time limit
  std::uintmax_t bytes = 0;       // the size of its folder once finished (the storage quota)
};

// The server's limits on jobs (docs/api.md, "Limits").
struct JobLimits {
  int max_jobs = 32;                             // queued + running; more are refused (429)
  std::uintmax_t quota_bytes = 4ull << 30;       // jobs/ past it: new jobs are refused (507)
  std::uintmax_t min_free_bytes = 256ull << 20;  // free space the workspace's disk must keep
  double time_limit_s = 6 * 3600;                // a running job is killed past it; 0: none
};

class JobManager {
 public:
  // `program`: the parkgrid binary; `workspace`: where jobs/ lives.
  JobManager(std::filesystem::path program, std::filesystem::path workspace, int workers,
             JobLimits limits = {});
  ~JobManager();
  JobManager(const JobManager&) = delete;
  JobManager& operator=(const JobManager&) = delete;

  // A new job id and its folder (created). The caller prepares input/ in it, then submits.
  [[nodiscard]] std::pair<std::string, std::filesystem::path> reserve();
  // Whether one more job may be queued: nullopt, or the HTTP status (429, 507) and the reason.
  [[nodiscard]] std::optional<std::pair<int, std::string>> admit() const;
  // The bytes the finished jobs' folders take (the storage quota counts these).
  [[nodiscard]] std::uintmax_t stored_bytes() const;
  void submit(const std::string& id, JobSpec spec);
  // Registers a finished results folder (`parkgrid run` or `parkgrid paths` output) as a done job.
  std::string import_results(const std::filesystem::path& dir, JobSpec spec);

  [[nodiscard]] std::optional<nlohmann::json> status(const std::string& id, bool with_log) const;
  [[nodiscard]] nlohmann::json list() const;
  // The job's results folder and input scenario when it is done; nullopt otherwise.
  struct Done {
    std::filesystem::path results, input, notes_source;
    std::string kind;
  };
  [[nodiscard]] std::optional<Done> done(const std::string& id) const;
  [[nodiscard]] bool exists(const std::string& id) const;
  // Cancels a queued or running job (the child's process group is killed; once it has gone the
  // job's folder is removed, the job stays listed as cancelled until the server stops); removes a
  // finished one and its folder (imported folders are only forgotten). False when there is no
  // such job.
  bool cancel_or_remove(const std::string& id);
  // Stops the workers and kills running children; called by the destructor.
  void shutdown();
  [[nodiscard]] int workers() const { return static_cast<int>(threads_.size()); }

 private:
  void worker();
  void run_job(const std::shared_ptr<Job>& job);
  // run_job's parts: start the child, follow its log and events, record how it ended.
  struct Child {
    pid_t pid = 0;
    int log_fd = -1, events_fd = -1;
  };
  Child spawn(const std::shared_ptr<Job>& job, std::vector<std::string>& args);
  void follow(const std::shared_ptr<Job>& job, const Child& child,
              std::vector<std::string>& problems);
  void finish(const std::shared_ptr<Job>& job, int status,
              const std::vector<std::string>& problems);
  void persist(const Job& job) const;  // job.json, atomically; call with mu_ held
  void load_existing();
  void clean_leftovers();  // temporary folders of a server that stopped without cleaning up
  [[nodiscard]] nlohmann::json to_json(const Job& job, bool with_log) const;

  std::filesystem::path program_, workspace_;
  JobLimits limits_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::string> queue_;
  std::map<std::string, std::shared_ptr<Job>> jobs_;
  std::vector<std::thread> threads_;
  bool stopping_ = false;
  unsigned long long counter_ = 0;
};

}  // namespace parkgrid::server
