// Events as JSON lines (include/parkgrid/events.hpp): what the CLI writes the server reads back.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <string>

#include "parkgrid/events.hpp"

namespace parkgrid {
namespace {

TEST(Events, PhaseRoundTripKeepsTheKnownNumbersOnly) {
  events::Event e;
  e.kind = events::Kind::kPhase;
  e.progress.phase = solve::Phase::kIpm;
  e.progress.method = "hipo";
  e.progress.elapsed_s = 1.5;
  e.progress.iteration = 12;
  e.progress.gap = 3e-5;
  const std::string line = events::to_line(e);
  EXPECT_EQ(line.rfind(R"({"event":"phase","phase":"interior_point","method":"hipo")", 0), 0u)
      << line;
  EXPECT_EQ(line.find("primal_objective"), std::string::npos) << line;  // NaN: left out
  const auto back = events::parse_line(line);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->kind, events::Kind::kPhase);
  EXPECT_EQ(back->progress.phase, solve::Phase::kIpm);
  EXPECT_EQ(back->progress.method, "hipo");
  EXPECT_EQ(back->progress.iteration, 12);
  EXPECT_DOUBLE_EQ(back->progress.gap, 3e-5);
  EXPECT_TRUE(std::isnan(back->progress.primal_objective));
}

TEST(Events, BranchAndBoundRoundTrips) {
  events::Event e;
  e.kind = events::Kind::kPhase;
  e.progress.phase = solve::Phase::kBranchAndBound;
  e.progress.elapsed_s = 42.0;
  e.progress.iteration = 3;  // nodes
  e.progress.primal_objective = 2.396421e9;
  e.progress.dual_objective = 2.292802e9;
  e.progress.gap = 0.0432;
  const std::string line = events::to_line(e);
  EXPECT_NE(line.find(R"("phase":"branch_and_bound")"), std::string::npos) << line;
  const auto back = events::parse_line(line);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->progress.phase, solve::Phase::kBranchAndBound);
  EXPECT_EQ(back->progress.iteration, 3);
  EXPECT_DOUBLE_EQ(back->progress.primal_objective, 2.396421e9);
  EXPECT_DOUBLE_EQ(back->progress.dual_objective, 2.292802e9);
  EXPECT_DOUBLE_EQ(back->progress.gap, 0.0432);
}

TEST(Events, ProblemCarriesTheDiagnosticsFields) {
  Diagnostic d{"s.toml", 9, "load \"l\"", "bus", "prak", "no bus of that name"};
  events::Event e;
  e.kind = events::Kind::kProblem;
  e.problem = d;
  e.message = d.to_string();
  const auto back = events::parse_line(events::to_line(e));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->kind, events::Kind::kProblem);
  EXPECT_EQ(back->problem.file, "s.toml");
  EXPECT_EQ(back->problem.line, 9);
  EXPECT_EQ(back->problem.where, "load \"l\"");
  EXPECT_EQ(back->problem.field, "bus");
  EXPECT_EQ(back->problem.value, "prak");
  EXPECT_EQ(back->message, d.to_string());
}

TEST(Events, OtherTextIsNotAnEvent) {
  for (const char* line : {"", "Model status        : Optimal", "{}", R"({"event":"nonsense"})",
                           R"({"event":"phase","phase":"warp"})", "{\"event\": [1, 2"})
    EXPECT_FALSE(events::parse_line(line).has_value()) << line;
}

TEST(Events, SinkWritesWholeLinesToItsDescriptor) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  events::open(fds[1]);
  EXPECT_TRUE(events::enabled());
  events::emit_written("out/mg");
  events::open(-1);
  EXPECT_FALSE(events::enabled());
  events::emit_written("not written");  // closed sink: nothing
  ::close(fds[1]);
  std::string got;
  char buf[256];
  ssize_t n;
  while ((n = ::read(fds[0], buf, sizeof buf)) > 0) got.append(buf, static_cast<std::size_t>(n));
  ::close(fds[0]);
  EXPECT_EQ(got, "{\"event\":\"written\",\"folder\":\"out/mg\"}\n");
}

}  // namespace
}  // namespace parkgrid
