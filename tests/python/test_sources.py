"""Every figure in the default data has a source, or is marked as an assumption.

The rule (project rule; issue 4: "SOURCES.md covers every number in the case"):

1. Every figure in a covered data file is traceable. A figure is a number, an array or inline
   table holding numbers (``daily = [...]``), or a string holding a date or a time-of-use hour
   range ("2025-01-01", "08:00-11:00"). It is traceable when a known source ID or label is
   - in the comment on its own line(s), or
   - in the contiguous comment lines directly above it (up to the previous non-comment line,
     a blank line included), or
   - in a ``source = "..."`` field of the same table entry (from its [header] to the next).
2. Every ID or label written in a covered file (comments, strings, ``source`` fields) is defined
   in the SOURCES.md that governs the file. Pinglu files use the keys of data/pinglu/SOURCES.md
   (S01, A31, P07, D03, W01, T01, SEED000 -- also written "seed 000"); tariff files use the
   bracket labels of data/tariffs/SOURCES.md ([S], [W+K], [A/K], ...).
3. Only the values of ALLOWED need no source: definitional values, each with its reason. A price,
   a capacity, a ratio, a month list or an hour range is never definitional.
4. Every ID is defined once in its SOURCES.md.
5. Every TOML/CSV file under data/ (except the build's data/pinglu/generated/) is covered.

Failures list every problem of a file at once as ``file:line: field = value: what is missing``.
Stdlib only; no build needed.
"""

from __future__ import annotations

import datetime
import pathlib
import sys
import re
import tomllib
from dataclasses import dataclass, field
from typing import Callable

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
DATA = ROOT / "data"

# ------------------------------------------------------------------------------------------------
# Source keys


@dataclass
class Sources:
    """The keys of one SOURCES.md and how a data file refers to them."""

    name: str  # shown in messages
    defined: list[tuple[str, int]]  # (key, line in SOURCES.md), in order, duplicates kept
    refs: Callable[[str], list[str]]  # the keys a piece of text refers to

    @property
    def known(self) -> set[str]:
        return {k for k, _ in self.defined}


PINGLU_KEY = r"SEED\d{3}|[A-Z]\d{2}"
PINGLU_REF = re.compile(r"\b(SEED\d{3}|[SAPDWT]\d{2})\b")
SEED_PROSE = re.compile(r"\bseed\s+(\d{3})\b", re.IGNORECASE)  # "seed 000" = SEED000
PINGLU_DEFS = (
    re.compile(rf"^\|\s*({PINGLU_KEY})\s*\|"),  # table row whose first cell is the key
    re.compile(rf"^#{{2,}}\s+({PINGLU_KEY}):"),  # "### P01: ..."
    re.compile(rf"^#{{2,}}\s+.*\(({PINGLU_KEY})\)\s*$"),  # "## 6. Weather (W01)"
    re.compile(rf"^- \*\*({PINGLU_KEY}),"),  # "- **D01, grid buy price ...**"
)

TARIFF_LABEL_GROUP = re.compile(r"\[\s*([A-Z](?:\s*[/+,]\s*[A-Z])*)\s*\]")  # [W+K/A], [A/K, S]
TARIFF_DEFS = (re.compile(r"^\|\s*\*\*\[([A-Z])\]\*\*\s*\|"),)  # "| **[S]** | meaning |"


def pinglu_refs(text: str) -> list[str]:
    return PINGLU_REF.findall(text) + ["SEED" + d for d in SEED_PROSE.findall(text)]


def tariff_refs(text: str) -> list[str]:
    return [c for group in TARIFF_LABEL_GROUP.findall(text) for c in re.findall(r"[A-Z]", group)]


def definitions(text: str, patterns: tuple[re.Pattern, ...], after: str = "") -> list[tuple[str, int]]:
    """(key, line) of every definition, duplicates kept; only below the first line == after."""
    out = []
    started = not after
    for n, line in enumerate(text.splitlines(), 1):
        if not started:
            started = line.strip() == after
            continue
        for p in patterns:
            m = p.match(line)
            if m:
                out.append((m.group(1), n))
                break
    return out


def pinglu_sources(text: str, name: str = "data/pinglu/SOURCES.md") -> Sources:
    # The table of key kinds above the first "---" names ranges (A01–A46, W01): not definitions.
    return Sources(name, definitions(text, PINGLU_DEFS, after="---"), pinglu_refs)


KEY_RANGE = re.compile(r"^\|\s*([A-Z]+)(\d+)(?:[–-]\1(\d+))?\s*\|")  # "| A01–A46 |", "| W01 |"


def announced_ranges(text: str) -> list[tuple[str, int, int]]:
    """The key ranges of the table of key kinds at the top of data/pinglu/SOURCES.md."""
    out = []
    for line in text.split("\n---", 1)[0].splitlines():
        m = KEY_RANGE.match(line)
        if m:
            out.append((m.group(1), int(m.group(2)), int(m.group(3) or m.group(2))))
    return out


def tariff_sources(text: str, name: str = "data/tariffs/SOURCES.md") -> Sources:
    return Sources(name, definitions(text, TARIFF_DEFS), tariff_refs)


def duplicates(sources: Sources) -> list[str]:
    """'file:line: KEY already defined on line N' for every key defined more than once."""
    seen: dict[str, int] = {}
    out = []
    for key, line in sources.defined:
        if key in seen:
            out.append(f"{sources.name}:{line}: {key} already defined on line {seen[key]}")
        seen.setdefault(key, line)
    return out


# ------------------------------------------------------------------------------------------------
# Definitional values: the only figures that need no source. Keep this list short.


@dataclass(frozen=True)
class Allowed:
    tables: tuple[str, ...]  # the [table] / [[table]] the value is in
    keys: tuple[str, ...]
    value: object
    when: tuple[tuple[str, object], ...]  # other fields of the same entry (a frozenset = any of)
    reason: str


ALLOWED = (
    Allowed(("snapshots",), ("count",), 8760, (("step_hours", 1.0),),
            "8,760 steps of one hour are one non-leap year: the length of the year"),
    Allowed(("carriers",), ("co2_t_per_mwh",), 0.0, (("renewable", True),),
            "a renewable carrier emits nothing when converted"),
    Allowed(("carriers",), ("co2_t_per_mwh",), 0.0,
            (("name", frozenset({"electricity", "hydrogen", "battery"})),),
            "secondary and storage carriers: emissions are counted where the energy is made "
            "(coal carrier, grid connection factor), not again on the carrier"),
    Allowed(("generators", "links", "storage_units", "stores"),
            ("min_capacity_mw", "min_power_mw", "min_energy_mwh"), 0.0, (),
            "no lower bound on the capacity: the absence of a constraint"),
    Allowed(("generators",), ("efficiency",), 1.0,
            (("carrier", frozenset({"solar", "wind"})),),
            "no primary fuel: output is set by availability_pu, the carrier converts 1:1"),
    Allowed(("generators",), ("min_pu",), 0.0, (("carrier", frozenset({"solar", "wind"})),),
            "wind and PV output can be curtailed to zero: no must-run constraint"),
    Allowed(("links",), ("max_pu",), 1.0, (),
            "the whole nameplate is available: the definition of the capacity"),
    Allowed(("storage_units", "stores"), ("initial_soc_mwh", "initial_energy_mwh"), 0.0,
            (("cyclic", True),),
            "with cyclic = true the start level is the end level; the initial value is unused"),
    Allowed(("periods",), ("ratio",), 1.0, (("name", "flat"),),
            "the flat period is the reference the other time-of-use ratios are relative to"),
)


def same(a: object, b: object) -> bool:
    """TOML equality that does not take true for 1."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    return a == b


def allowed_by(table: str, key: str, value: object, entry: dict) -> Allowed | None:
    for a in ALLOWED:
        if table not in a.tables or key not in a.keys or not same(value, a.value):
            continue
        if all(any(same(entry.get(k), x) for x in (w if isinstance(w, frozenset) else (w,)))
               for k, w in a.when):
            return a
    return None


# ------------------------------------------------------------------------------------------------
# A line scanner for the TOML subset of the data files, keeping line numbers and comments.

FIGURE_STRING = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$|^\d{2}:\d{2}-\d{2}:\d{2}$")


def is_figure(v: object) -> bool:
    if isinstance(v, bool):
        return False
    if isinstance(v, (int, float, datetime.date, datetime.time)):
        return True
    if isinstance(v, str):
        return bool(FIGURE_STRING.match(v))
    if isinstance(v, list):
        return any(is_figure(x) for x in v)
    if isinstance(v, dict):
        return any(is_figure(x) for x in v.values())
    return False


def split_line(line: str) -> tuple[str, str, int]:
    """(code, comment, bracket depth change) of one line; strings are skipped."""
    depth, quote, i = 0, "", 0
    while i < len(line):
        c = line[i]
        if quote:
            if c == "\\" and quote == '"':
                i += 1
            elif c == quote:
                quote = ""
        elif c in "\"'":
            quote = c
        elif c == "#":
            return line[:i], line[i + 1:], depth
        elif c in "[{":
            depth += 1
        elif c in "]}":
            depth -= 1
        i += 1
    return line, "", depth


@dataclass
class Value:
    line: int
    table: str
    key: str
    value: object
    comment: str  # the comments on its own line(s)
    above: str  # the contiguous comment lines directly above it
    entry: dict = field(repr=False)  # every field of its table entry


def scan(text: str) -> list[Value]:
    lines = text.splitlines()
    values: list[Value] = []
    table, entry, above = "", {}, []
    i = 0
    while i < len(lines):
        stripped = lines[i].strip()
        if stripped.startswith("#"):
            above.append(stripped[1:])
            i += 1
            continue
        if not stripped:
            above = []
            i += 1
            continue
        code, comment, depth = split_line(lines[i])
        code = code.strip()
        if code.startswith("["):  # [table] or [[array of tables]]: a new entry
            table, entry, above = code.strip("[] "), {}, []
            i += 1
            continue
        key, _, val = code.partition("=")
        key, val = key.strip(), val.strip()
        start, comments = i, [comment]
        for q in ('"""', "'''"):
            if val.startswith(q) and val.count(q) == 1:  # multi-line string: not a figure
                while q not in lines[i + 1]:
                    i += 1
                i += 1
                val = '""'
        while depth > 0:  # an array or inline table continued on the next lines
            i += 1
            more, c, d = split_line(lines[i])
            val, depth = f"{val} {more.strip()}", depth + d
            comments.append(c)
        parsed = tomllib.loads(f"v = {val}")["v"]
        entry[key] = parsed
        values.append(Value(start + 1, table, key, parsed, " ".join(comments), " ".join(above), entry))
        above = []
        i += 1
    return values


def check(text: str, name: str, sources: Sources) -> list[str]:
    """Every problem of one data file, as 'file:line: ...' messages in line order."""
    problems: list[tuple[int, str]] = []
    known = sources.known
    # Rule 2: every ID written anywhere in the file is defined.
    for n, line in enumerate(text.splitlines(), 1):
        for ref in dict.fromkeys(sources.refs(line)):
            if ref not in known:
                problems.append((n, f"{name}:{n}: unknown source ID {ref!r}: not defined in {sources.name}"))
    # Rule 1 and 3: every figure is traceable to a known ID, or definitional.
    for v in scan(text):
        if v.key == "source" or not is_figure(v.value):
            continue
        source = v.entry.get("source", "")
        refs = sources.refs(v.comment) + sources.refs(v.above) + sources.refs(str(source))
        if any(r in known for r in refs) or allowed_by(v.table, v.key, v.value, v.entry):
            continue
        where = f"[{v.table}] " if v.table else ""
        problems.append((v.line, f"{name}:{v.line}: {where}{v.key} = {v.value!r}: no known source ID on its "
                                 f"line, in the comment block above it or in the entry's source field, and "
                                 f"not in ALLOWED"))
    return [msg for _, msg in sorted(problems, key=lambda p: p[0])]


# ------------------------------------------------------------------------------------------------
# The data files and the SOURCES.md that governs each.

PINGLU_SOURCES = DATA / "pinglu" / "SOURCES.md"
TARIFF_SOURCES = DATA / "tariffs" / "SOURCES.md"


def governing(path: pathlib.Path) -> Sources | None:
    rel = path.relative_to(DATA).as_posix()
    if rel in ("pinglu/scenario.toml", "pinglu/scenario_granular.toml", "pinglu/projects.toml",
               "pinglu/sweep.toml", "pinglu/sweep_paths.toml"):
        return pinglu_sources(PINGLU_SOURCES.read_text(encoding="utf-8"))
    if rel.startswith("tariffs/") and rel.endswith(".toml"):
        return tariff_sources(TARIFF_SOURCES.read_text(encoding="utf-8"))
    return None


def data_files() -> list[pathlib.Path]:
    files = [p for ext in ("toml", "csv") for p in DATA.rglob(f"*.{ext}")]
    return sorted(p for p in files if "generated" not in p.relative_to(DATA).parts
                  and "series" not in p.relative_to(DATA).parts)


def series_files() -> list[pathlib.Path]:
    """Checked-in hourly series made by a script (data/pinglu/series/*.csv)."""
    return sorted((DATA / "pinglu" / "series").glob("*.csv"))


@pytest.mark.parametrize("path", series_files(), ids=lambda p: p.relative_to(DATA).as_posix())
def test_every_series_file_has_its_source_and_script(path: pathlib.Path) -> None:
    """A series file is one figure per hour: the assumption that defines it must name the file and
    the script that writes it, and the script must reproduce it exactly."""
    text = PINGLU_SOURCES.read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if f"series/{path.name}" in line]
    assert rows, f"{path.relative_to(ROOT)}: no entry of data/pinglu/SOURCES.md names series/{path.name}"
    m = re.search(r"tools/([A-Za-z0-9_]+\.py)", rows[0])
    assert m, f"data/pinglu/SOURCES.md: the entry naming series/{path.name} names no tools/*.py script"
    script = DATA / "pinglu" / "tools" / m.group(1)
    import subprocess, shutil, tempfile
    before = path.read_bytes()
    with tempfile.TemporaryDirectory() as tmp:
        copy = pathlib.Path(tmp) / "pinglu"
        shutil.copytree(DATA / "pinglu" / "tools", copy / "tools")
        shutil.copytree(DATA / "tariffs", pathlib.Path(tmp) / "tariffs")  # spot_shape.py reads 15号
        (copy / "series").mkdir()
        subprocess.run([sys.executable, str(copy / "tools" / script.name)], check=True)
        assert (copy / "series" / path.name).read_bytes() == before, \
            f"{script.relative_to(ROOT)} does not reproduce {path.relative_to(ROOT)}"


@pytest.mark.parametrize("path", data_files(), ids=lambda p: p.relative_to(DATA).as_posix())
def test_every_figure_has_a_source(path: pathlib.Path) -> None:
    sources = governing(path)
    assert sources is not None, \
        f"{path.relative_to(ROOT)}: no SOURCES.md governs this file; add it to governing()"
    problems = check(path.read_text(encoding="utf-8"), path.relative_to(ROOT).as_posix(), sources)
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems)


def test_the_covered_files_are_there() -> None:
    names = {p.relative_to(DATA).as_posix() for p in data_files()}
    for want in ("pinglu/scenario.toml", "pinglu/scenario_granular.toml", "pinglu/projects.toml",
                 "tariffs/shanxi_large_industry_2025.toml", "tariffs/shanxi_large_industry_2026.toml"):
        assert want in names


@pytest.mark.parametrize("path,make", [(PINGLU_SOURCES, pinglu_sources), (TARIFF_SOURCES, tariff_sources)],
                         ids=["pinglu", "tariffs"])
def test_source_ids_are_defined_once(path: pathlib.Path, make) -> None:
    sources = make(path.read_text(encoding="utf-8"))
    assert len(sources.defined) > 4, f"{path}: too few keys found; has the format changed?"
    dups = duplicates(sources)
    assert not dups, "\n".join(dups)


def test_pinglu_key_table_announces_every_key() -> None:
    """The table of key kinds at the top of SOURCES.md (e.g. "A01–A46") covers every defined key."""
    text = PINGLU_SOURCES.read_text(encoding="utf-8")
    ranges = announced_ranges(text)
    assert len(ranges) >= 7, ranges
    outside = []
    for key, line in pinglu_sources(text).defined:
        m = re.match(r"([A-Z]+)(\d+)$", key)
        if not any(m.group(1) == p and lo <= int(m.group(2)) <= hi for p, lo, hi in ranges):
            outside.append(f"data/pinglu/SOURCES.md:{line}: {key} is in no range of the key table at the top")
    assert not outside, "\n".join(outside)


def test_every_allowed_entry_is_used() -> None:
    """A definitional entry no value needs any more is dead weight: remove it."""
    used = set()
    for path in data_files():
        for v in scan(path.read_text(encoding="utf-8")):
            a = allowed_by(v.table, v.key, v.value, v.entry)
            if a:
                used.add(a)
    unused = [a.reason for a in ALLOWED if a not in used]
    assert not unused, f"ALLOWED entries matching no value: {unused}"


# ------------------------------------------------------------------------------------------------
# Self-test: the checker fails on what it should.

SOURCES_SNIPPET = """\
| key | kind |
|---|---|
| A01–A09 | assumption |

---

| key | value | reasoning |
|---|---|---|
| S01 | a sourced figure | somewhere |
| A01 | an assumption | because |
| S01 | defined a second time | oops |
"""

DATA_SNIPPET = """\
[[generators]]
name = "pv"
carrier = "solar"
capacity_mw = 10.0  # S01: traced on its line
# A01: traced by the block above
max_capacity_mw = 50.0
capex_cny_per_mw = 3.0e6
lifetime_years = 25  # A99: an ID SOURCES.md does not define
min_capacity_mw = 0.0  # definitional
availability_pu = { daily = [0.0, 0.5,
                             1.0, 0.5] }

[[projects]]
name = "p"
demand_mw = 5.0
source = "A01"

[tariff]
valid_from = "2025-01-01"
"""


def test_checker_reports_unsourced_figures_and_unknown_ids() -> None:
    sources = pinglu_sources(SOURCES_SNIPPET, "SOURCES_SNIPPET")
    problems = check(DATA_SNIPPET, "snippet.toml", sources)
    text = "\n".join(problems)
    assert "snippet.toml:7: [generators] capex_cny_per_mw = 3000000.0: no known source ID" in text
    assert "snippet.toml:8: unknown source ID 'A99'" in text
    assert "snippet.toml:8: [generators] lifetime_years = 25" in text  # an unknown ID traces nothing
    assert "snippet.toml:10: [generators] availability_pu" in text  # a multi-line daily array
    assert "snippet.toml:19: [tariff] valid_from = '2025-01-01'" in text  # a date is a figure
    assert len(problems) == 5, text  # capacity_mw, max_capacity_mw, min_capacity_mw, demand_mw pass
    assert duplicates(sources) == ["SOURCES_SNIPPET:11: S01 already defined on line 9"]


def test_tariff_labels_are_read_from_groups() -> None:
    assert tariff_refs("coal benchmark [W+K]; market [A]; line loss [W/D]; market [A/K, S, W, S]") == \
        ["W", "K", "A", "W", "D", "A", "K", "S", "W", "S"]
    sources = tariff_sources("| **[S]** | sourced |\n| **[A]** | assumed |\n", "labels")
    problems = check("x = 1.0  # [S]\ny = 2.0  # [R]\n", "t.toml", sources)
    assert problems == [
        "t.toml:2: unknown source ID 'R': not defined in labels",
        "t.toml:2: y = 2.0: no known source ID on its line, in the comment block above it or in the "
        "entry's source field, and not in ALLOWED",
    ]
