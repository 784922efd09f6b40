#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Userspace fuzzing of the fbnic driver's parsing of device-written data.
#
#   fuzz.sh build OUTDIR          build every fuzzer into OUTDIR
#   fuzz.sh run OUTDIR SECONDS    run each for SECONDS, print KTAP
#   fuzz.sh list                  the fuzzers' names
#
# Environment:
#   FUZZ_SEED=N          libFuzzer seed (-seed=N); a random one is chosen
#                        and printed when unset
#   FUZZ_KEEP_CORPUS=1   keep growing OUTDIR/corpus/ across runs instead
#                        of starting each run from the committed seeds
#   FBNIC_DRV=DIR        driver sources to build (default: this tree's)
#   CC=...               compiler (default: clang)
#   ASAN_OPTIONS         passed through; quarantine_size_mb=32 unless set
#
# See README.md beside this file.

set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TREE=$(cd "$HERE/../../../.." && pwd)
DRV=${FBNIC_DRV:-$TREE/drivers/net/ethernet/meta/fbnic}
CC=${CC:-clang}

# shellcheck disable=SC2054 # the commas are clang's
CFLAGS=(-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
	-g -O1 -fno-omit-frame-pointer -Wall
	-I"$HERE/shim/include" -I"$HERE/shim" -I"$DRV"
	-include linux/kconfig.h)

# Each fuzzer: its corpus, sources and flags are given by the functions below
TARGETS=(fbnic_tlv fbnic_fw fbnic_txrx fbnic_txrx_64k)

target_corpus() {
	case $1 in
	fbnic_txrx_64k) echo fbnic_txrx ;;
	*) echo "$1" ;;
	esac
}

target_max_len() {
	case $1 in
	fbnic_fw) echo 16384 ;;
	*) echo 8192 ;;
	esac
}

target_sources() {
	case $1 in
	fbnic_tlv)
		echo "$HERE/fuzz_tlv.c $DRV/fbnic_tlv.c $HERE/shim/shim.c" ;;
	fbnic_fw)
		echo "$HERE/fuzz_fw.c $DRV/fbnic_csr.c $DRV/fbnic_mbx.c" \
		     "$DRV/fbnic_fw.c $DRV/fbnic_fw_log.c $DRV/fbnic_tlv.c" \
		     "$HERE/shim/shim.c" ;;
	fbnic_txrx|fbnic_txrx_64k)
		echo "$HERE/fuzz_txrx.c $DRV/fbnic_txrx.c $DRV/fbnic_queue.c" \
		     "$DRV/fbnic_xsk.c $DRV/fbnic_csr.c" \
		     "$HERE/shim/shim.c $HERE/shim/shim_net.c" \
		     "$HERE/shim/shim_xsk.c" ;;
	esac
}

target_flags() {
	case $1 in
	fbnic_txrx_64k) echo "-DPAGE_SHIFT=16" ;;
	esac
}

check_toolchain() {
	local tmp

	if ! command -v "$CC" >/dev/null; then
		echo "fuzz.sh: $CC not found (Debian: apt-get install clang)" >&2
		return 1
	fi
	tmp=$(mktemp -d)
	printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n)\n{ return 0; }\n' \
		>"$tmp/t.c"
	if ! "$CC" -fsanitize=fuzzer,address,undefined "$tmp/t.c" \
		-o "$tmp/t" 2>"$tmp/err"; then
		cat "$tmp/err" >&2
		echo "fuzz.sh: $CC cannot link libFuzzer with ASan/UBSan" \
		     "(Debian bookworm: apt-get install clang libclang-rt-14-dev)" >&2
		rm -rf "$tmp"
		return 1
	fi
	rm -rf "$tmp"
}

cmd_build() {
	local out=$1 t rc=0

	check_toolchain || return 1
	mkdir -p "$out" || return 1
	for t in "${TARGETS[@]}"; do
		# shellcheck disable=SC2046
		if ! "$CC" "${CFLAGS[@]}" $(target_flags "$t") \
			-o "$out/$t" $(target_sources "$t"); then
			echo "fuzz.sh: building $t failed" >&2
			rc=1
		fi
	done
	return $rc
}

# Lines of libFuzzer's output worth showing for a failure: the report
# (without libFuzzer's own frames and ASan's shadow map), then where the
# input was saved
diagnostics() {
	local log=$1

	awk '/ERROR: |SHIM: |FUZZ: |runtime error/ { on = 1 }
	     /^Shadow bytes around|^MS: [0-9]|^stat::/ { on = 0 }
	     on && !/fuzzer::|libc_start|_start \(|libc\.so|pthread_kill|raise |abort stdlib|print_stack_trace|NOTE: libFuzzer|Combine libFuzzer|^\*\*\*|^ *$/ { print }' \
		"$log" | head -n 40
	grep -m 2 -E '^(artifact_prefix|Base64:)' "$log"
	if ! grep -q -E 'ERROR: |SHIM: |FUZZ: |runtime error' "$log"; then
		tail -n 20 "$log"
	fi
}

cmd_run() {
	local out=$1 secs=$2 seed n=0 failed=0 t bin corpus log rc execs

	case $secs in
	''|*[!0-9]*) echo "fuzz.sh: SECONDS must be a number" >&2; return 2 ;;
	esac
	seed=${FUZZ_SEED:-$(( (RANDOM << 16 | RANDOM) % 2147483646 + 1 ))}
	export ASAN_OPTIONS=${ASAN_OPTIONS:-quarantine_size_mb=32}
	export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}

	echo "TAP version 13"
	echo "1..${#TARGETS[@]}"
	echo "# fuzz seed: $seed"
	for t in "${TARGETS[@]}"; do
		n=$((n + 1))
		bin=$out/$t
		if [ ! -x "$bin" ]; then
			echo "not ok $n fuzz: $t"
			echo "# $bin not built: run fuzz.sh build $out"
			failed=1
			continue
		fi
		corpus=$out/corpus/$t
		if [ "${FUZZ_KEEP_CORPUS:-0}" != 1 ] || [ ! -d "$corpus" ]; then
			rm -rf "$corpus"
			mkdir -p "$corpus"
			cp "$HERE/corpus/$(target_corpus "$t")"/* "$corpus/"
		fi
		mkdir -p "$out/artifacts" "$out/logs"
		# The seeds whole first: regression inputs may be longer than
		# the fuzzing runs' -max_len, which would cut them short
		log=$out/logs/$t.seeds.log
		if ! "$bin" -runs=1 "$HERE/corpus/$(target_corpus "$t")"/* \
			>"$log" 2>&1; then
			echo "not ok $n fuzz: $t"
			echo "# a committed seed fails: $(grep '^Running: ' "$log" | tail -n 1)"
			diagnostics "$log" | sed 's/^/# /'
			failed=1
			continue
		fi
		log=$out/logs/$t.log
		"$bin" -seed="$seed" -max_total_time="$secs" \
			-max_len="$(target_max_len "$t")" -timeout=60 \
			-rss_limit_mb=4096 -print_final_stats=1 \
			-artifact_prefix="$out/artifacts/$t-" \
			"$corpus" >"$log" 2>&1
		rc=$?
		execs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -n 1)
		if [ $rc -eq 0 ] && [ -n "$execs" ]; then
			echo "ok $n fuzz: $t ($execs execs)"
		else
			echo "not ok $n fuzz: $t"
			echo "# exit status $rc, log $log"
			diagnostics "$log" | sed 's/^/# /'
			failed=1
		fi
	done
	return $failed
}

usage() {
	sed -n '3,20p' "$0" | sed 's/^# \{0,1\}//'
	exit 2
}

case ${1:-} in
build)
	[ $# -eq 2 ] || usage
	cmd_build "$2"
	;;
run)
	[ $# -eq 3 ] || usage
	cmd_run "$2" "$3"
	;;
list)
	printf '%s\n' "${TARGETS[@]}"
	;;
*)
	usage
	;;
esac
