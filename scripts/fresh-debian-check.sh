#!/usr/bin/env bash
# Proves the README on a machine like a newcomer's: builds a minimal Debian 12
# root (debootstrap minbase with only g++, cmake, git, make, ca-certificates),
# clones this repository into it, runs `./test.sh`, then a scripted `./run.sh`
# sandbox drill, and prints the time and the test summary. Run it before
# resolving an issue that adds a dependency or touches setup; it takes about
# 15-20 minutes on 2 cores, so it is not part of .ci/run.
#
#   sudo scripts/fresh-debian-check.sh [--ref REF] [--keep]
#     --ref REF   what to clone (default: HEAD; commit first: the work tree's
#                 uncommitted changes are not in a clone)
#     --keep      leave the root in place afterwards (its path is printed)
#
# Needs root (debootstrap, chroot, mounts) and the network access the host
# has to Debian's packages and the npm registry. The root gets what a real
# install has and nothing of the host's build: /etc/hosts naming localhost,
# the host's apt sources (same mirror and suites), its trusted CA
# certificates and npm configuration, so registry access works as on the host.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
ref=HEAD
keep=0
while (($#)); do
  case "$1" in
    --ref) ref=${2:?--ref needs a value}; shift 2 ;;
    --keep) keep=1; shift ;;
    *) echo "usage: $0 [--ref REF] [--keep]" >&2; exit 2 ;;
  esac
done
if [[ $(id -u) -ne 0 ]]; then
  echo "fresh-debian-check: needs root (debootstrap, chroot and mounts); run it with sudo" >&2
  exit 2
fi
if ! command -v debootstrap >/dev/null 2>&1; then
  echo "fresh-debian-check: installing debootstrap" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
fi
commit=$(git rev-parse --verify "$ref^{commit}")

# The host's own Debian mirror: the same one the root's apt will use.
mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
if [[ -z "$mirror" ]]; then
  mirror=$(awk '$1 == "deb" && $3 ~ /^bookworm$/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
fi
mirror=${mirror:-http://deb.debian.org/debian}

root=$(mktemp -d "${TMPDIR:-/var/tmp}/incident-bot-fresh-debian.XXXXXX")
mounted=()
cleanup() {
  local i
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[$i]}" 2>/dev/null || true; done
  if ((keep)); then
    echo "fresh-debian-check: the root is kept at $root" >&2
  else
    rm -rf --one-file-system "$root"
  fi
}
trap cleanup EXIT

stamp() { date -u +%H:%M:%S; }
started=$(date +%s)
echo "[$(stamp)] debootstrap bookworm (minbase + g++ cmake git make ca-certificates) into $root" >&2
debootstrap --variant=minbase --include=g++,cmake,git,make,ca-certificates \
  bookworm "$root" "$mirror" >"$root.debootstrap.log" 2>&1 || {
  tail -20 "$root.debootstrap.log" >&2
  echo "fresh-debian-check: debootstrap failed (log above)" >&2
  exit 1
}
rm -f "$root.debootstrap.log"

# What a real install has, and the host's way to the registries.
printf '127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' >"$root/etc/hosts"
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
if [[ -d /etc/apt/sources.list.d ]]; then
  rm -f "$root/etc/apt/sources.list"
  cp /etc/apt/sources.list.d/*.sources "$root/etc/apt/sources.list.d/" 2>/dev/null || true
fi
[[ -f /etc/apt/sources.list ]] && cp /etc/apt/sources.list "$root/etc/apt/sources.list"
for f in /etc/apt/apt.conf.d/*; do
  grep -q '^Acquire::' "$f" 2>/dev/null && cp "$f" "$root/etc/apt/apt.conf.d/"
done
cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
if compgen -G "/usr/local/share/ca-certificates/*" >/dev/null; then
  cp -r /usr/local/share/ca-certificates/. "$root/usr/local/share/ca-certificates/"
fi
for f in /etc/npmrc /usr/etc/npmrc; do [[ -f $f ]] && mkdir -p "$root$(dirname "$f")" && cp "$f" "$root$f"; done
[[ -f "$HOME/.npmrc" ]] && cp "$HOME/.npmrc" "$root/root/.npmrc"

mount -t proc proc "$root/proc" && mounted+=("$root/proc")
mount -t sysfs sysfs "$root/sys" && mounted+=("$root/sys")
mount --bind /dev "$root/dev" && mounted+=("$root/dev")

echo "[$(stamp)] cloning $(git rev-parse --short "$commit") into the root" >&2
git clone -q --no-local "$repo" "$root/root/incident-bot"
git -C "$root/root/incident-bot" checkout -q "$commit"

in_root() {
  chroot "$root" /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    /bin/bash -c "cd /root/incident-bot && $1"
}

echo "[$(stamp)] ./test.sh (setup installs Debian's packages, builds, runs every test)" >&2
t0=$(date +%s)
set +e
in_root './test.sh' >"$root/test.log" 2>&1
test_status=$?
set -e
test_seconds=$(($(date +%s) - t0))
summary=$(grep -E '^[0-9]+% tests passed|tests failed out of|^The following tests FAILED|^\s+[0-9]+ - ' "$root/test.log" || true)
if ((test_status != 0)); then tail -60 "$root/test.log" >&2; fi

echo "[$(stamp)] ./run.sh < sandbox/drills/game-day.txt (the sandbox, scripted)" >&2
t0=$(date +%s)
set +e
in_root './run.sh < sandbox/drills/game-day.txt' >"$root/drill.log" 2>&1
drill_status=$?
set -e
drill_seconds=$(($(date +%s) - t0))
drill_ok=0
if ((drill_status == 0)) && grep -q 'is now \*Incident Commander\*\|Incident Commander' "$root/drill.log" &&
  grep -qi 'resolved' "$root/drill.log"; then
  drill_ok=1
fi
if ((!drill_ok)); then tail -40 "$root/drill.log" >&2; fi

node_version=$(chroot "$root" /bin/sh -c 'node --version 2>/dev/null || echo none')
echo
echo "fresh Debian 12 check of $(git rev-parse --short "$commit") ($(nproc) cores)"
echo "  node in the root: $node_version (Debian's own)"
echo "  ./test.sh: exit $test_status after ${test_seconds}s"
echo "$summary" | sed 's/^/    /'
echo "  ./run.sh sandbox drill: exit $drill_status after ${drill_seconds}s, $([[ $drill_ok == 1 ]] && echo ok || echo FAILED)"
echo "  total: $(($(date +%s) - started))s"
((test_status == 0 && drill_ok)) || exit 1
