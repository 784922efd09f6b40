# SPDX-License-Identifier: GPL-2.0
# Shared helpers for the fbnic VM rig scripts.

RIG_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REPO_DIR=$(cd "$RIG_DIR/../../.." && pwd)
# shellcheck source=../versions
. "$RIG_DIR/versions"

CACHE_DIR=${FBNIC_CACHE:-/var/cache/fbnic-vm}
MIRROR=${FBNIC_MIRROR:-$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n1)}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
JOBS=${FBNIC_JOBS:-$(nproc)}
# The seed of this invocation's randomness: the emulator's realism
# (completion order and latency, counter start values) and the tests'
# sampled choices. Printed; FBNIC_SEED=N repeats a run.
FBNIC_SEED=${FBNIC_SEED:-$(( (RANDOM << 15 | RANDOM) + 1 ))}
export FBNIC_SEED

log() { printf '[fbnic-vm %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Run a long step with its output in a log file, so the terminal shows
# progress lines only; on failure print the tail of the log.
step() {
	local name=$1 logf
	shift
	logf="$CACHE_DIR/logs/$name.log"
	mkdir -p "$CACHE_DIR/logs"
	log "$name: started (log: $logf)"
	local t0=$SECONDS
	if ! "$@" >"$logf" 2>&1; then
		tail -n 40 "$logf" >&2
		die "$name failed after $((SECONDS - t0)) s"
	fi
	log "$name: done in $((SECONDS - t0)) s"
	TIMINGS+=("$name $((SECONDS - t0))")
}

# Steps that ran in this invocation, "name seconds", for the summary
TIMINGS=()

# Run a command as a named phase whose time goes into the summary,
# leaving its output where it goes
timed() {
	local name=$1 t0=$SECONDS rc
	shift
	"$@"
	rc=$?
	TIMINGS+=("$name $((SECONDS - t0))")
	return "$rc"
}

# The times of this invocation's steps, as KTAP diagnostics
print_timings() {
	local t
	for t in "${TIMINGS[@]}"; do
		printf '# time: %s s\n' "$t"
	done
}

# Pass the guest's output through, and note in $1 the time at which each
# test starts and ends (the kselftest runner's "# selftests: DIR: NAME"
# and "ok N selftests: ..." lines, the rig's "# rig: NAME" and "ok N rig:
# ...") and at which the guest says something.
note_test_starts() {
	local line
	while IFS= read -r line; do
		printf '%s\n' "$line"
		case $line in
		*"selftests: "* | "# rig: "* | "fbnic-vm: "*)
			printf '%(%s)T %s\n' -1 "${line%$'\r'}" >>"$1" ;;
		esac
	done
}

# The slowest tests of a run, from note_test_starts' file: "# slow: N s
# NAME", the $2 longest (a test runs from its start line to the next
# line noted)
slowest_tests() {
	awk '(/# selftests: / && !/ok [0-9]+ selftests: /) || $2 $3 == "#rig:" {
		if (name != "") print $1 - t0, name
		name = $0; sub(/^[0-9]+ /, "", name)
		sub(/.*# selftests: /, "", name); sub(/^# /, "", name)
		t0 = $1; next }
	     name != "" { print $1 - t0, name; name = "" }' "$1" |
		sort -rn | head -n "$2" | sed 's/^\([0-9]*\) /# slow: \1 s /'
}

# Short hash of files and strings, used to key caches by their inputs.
inputs_hash() {
	local f
	for f in "$@"; do
		if [ -e "$f" ]; then
			if [ -d "$f" ]; then
				(cd "$f" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
			else
				# Content only: a clone elsewhere (CI) must find
				# the same caches
				sha256sum <"$f"
			fi
		else
			printf '%s\n' "$f"
		fi
	done | sha256sum | cut -c1-16
}
