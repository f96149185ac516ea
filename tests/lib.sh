# lib.sh - sourced by the command-line test scripts: `. tests/lib.sh NAME BUILD`.
# Sets xt (the program), tmp (a scratch folder removed at exit), pass and fail counters,
# ok / bad (count and print a result), and finish (the summary line and the exit status).
build=${2:-build}
xt="$build/xtile"
tmp=$(mktemp -d "/tmp/xtile-$1.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
lib_name=$1
ok()  { pass=$((pass + 1)); echo "PASS $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }
finish() {
  echo "$lib_name: $pass passed, $fail failed ($SECONDS s)"
  [ "$fail" -eq 0 ]
}
