// Fuzz target: the PyPSA CSV folder importer (src/io/pypsa.cpp). The input is a bundle of files,
// each starting with a line "#@file NAME" (NAME: letters, digits, '_', '-', '.'), written into a
// fresh folder that io::read_pypsa then reads. Every input must give a Network or an InputError.
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "fuzz_util.hpp"
#include "parkgrid/error.hpp"
#include "parkgrid/pypsa.hpp"

namespace {

bool plain_name(std::string_view n) {
  if (n.empty() || n.size() > 64 || n.front() == '.') return false;
  for (char c : n)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.'))
      return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace parkgrid;
  namespace fs = std::filesystem;
  const fs::path dir = fuzz::scratch() / "pypsa";
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::create_directories(dir);
  std::string_view text = fuzz::view(data, size);
  constexpr std::string_view kMark = "#@file ";
  std::size_t files = 0;
  for (std::size_t pos = text.find(kMark); pos != std::string_view::npos && files < 32;) {
    const std::size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) break;
    const std::string_view name = text.substr(pos + kMark.size(), eol - pos - kMark.size());
    std::size_t next = text.find(std::string("\n") + std::string(kMark), eol);
    const std::string_view body =
        text.substr(eol + 1, next == std::string_view::npos ? text.npos : next + 1 - (eol + 1));
    if (plain_name(name)) {
      std::ofstream out(dir / std::string(name), std::ios::binary);
      out.write(body.data(), static_cast<std::streamsize>(body.size()));
      ++files;
    }
    pos = next == std::string_view::npos ? next : next + 1;
  }
  if (!io::is_pypsa_folder(dir)) return 0;
  try {
    const Network n = io::read_pypsa(dir);
    (void)n;
  } catch (const InputError& e) {
    if (e.diagnostics().empty()) __builtin_trap();
    for (const auto& d : e.diagnostics()) (void)d.to_string();
  }
  return 0;
}
