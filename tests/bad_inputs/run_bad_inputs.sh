#!/usr/bin/env bash
# The bad-input corpus: each folder here is one case, run with the parkgrid binary in a private
# copy of the folder; its `expected` file says what must happen:
#   # a comment line: what the case is
#   command: run scenario.toml -o OUT     (default; OUT is a path that does not exist yet)
#   exit: 2                               (exit code)
#   out: absent | present                 (absent: nothing written, no temporary left either)
#   contains: FILE TEXT                   (OUT/FILE holds TEXT; FILE "." is OUT itself)
#   stdout-contains: TEXT
#   stderr:                               (then the exact standard error, line for line)
# Usage: run_bad_inputs.sh PATH/TO/parkgrid [CASE...]
set -u
bin="$(realpath "$1")"
shift
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
pass=0
fail=0
cases=("$@")
((${#cases[@]})) || cases=($(cd "$here" && ls -d */ | tr -d /))
for c in "${cases[@]}"; do
  exp="$here/$c/expected"
  if [ ! -f "$exp" ]; then
    echo "FAIL: $c: no expected file"
    fail=$((fail + 1))
    continue
  fi
  rm -rf "${work:?}/case"
  cp -r "$here/$c" "$work/case"
  rm -f "$work/case/expected"
  command=$(sed -n 's/^command: //p' "$exp")
  [ -n "$command" ] || command="run scenario.toml -o OUT"
  want_exit=$(sed -n 's/^exit: //p' "$exp")
  want_out=$(sed -n 's/^out: //p' "$exp")
  read -r -a args <<<"${command//OUT/out}"
  (cd "$work/case" && "$bin" "${args[@]}" >"$work/stdout" 2>"$work/stderr")
  got_exit=$?
  problems=()
  [ "$got_exit" = "$want_exit" ] || problems+=("exit $got_exit, expected $want_exit")
  if [ "$want_out" = absent ]; then
    [ ! -e "$work/case/out" ] || problems+=("OUT was written")
    left=$(cd "$work/case" && ls -A | grep -E '^\.?out\.|tmp-|\.old-' || true)
    [ -z "$left" ] || problems+=("temporary files left: $left")
  elif [ "$want_out" = present ]; then
    [ -e "$work/case/out" ] || problems+=("OUT was not written")
  fi
  while IFS= read -r line; do
    file="${line%% *}"
    text="${line#* }"
    target="$work/case/out/$file"
    [ "$file" = . ] && target="$work/case/out"
    grep -qF -- "$text" "$target" 2>/dev/null || problems+=("out/$file lacks: $text")
  done < <(sed -n 's/^contains: //p' "$exp")
  while IFS= read -r text; do
    grep -qF -- "$text" "$work/stdout" || problems+=("stdout lacks: $text")
  done < <(sed -n 's/^stdout-contains: //p' "$exp")
  if grep -q '^stderr:$' "$exp"; then
    sed -n '/^stderr:$/,$p' "$exp" | sed '1d' >"$work/want_stderr"
    if ! diff -u "$work/want_stderr" "$work/stderr" >"$work/diff"; then
      problems+=("stderr differs:")
      problems+=("$(cat "$work/diff")")
    fi
  fi
  if ((${#problems[@]})); then
    echo "FAIL: $c"
    printf '    %s\n' "${problems[@]}"
    fail=$((fail + 1))
  else
    pass=$((pass + 1))
  fi
done
echo "bad_inputs: $pass passed, $fail failed"
test "$fail" -eq 0
