#!/usr/bin/env bash
# labs/farm.sh LAB DIR [--out OUT] [--jobs N] [--shard K/N]  -- grade a folder of trees
# labs/farm.sh --merge OUT                                    -- only write OUT's reports
#
# Grades lab LAB in every student tree DIR/* (a directory each, e.g. a clone
# of the student's repository), each one an independent job: build the
# tree (make; its own Makefile, so run the farm in a container or a CI
# runner, never on a machine with secrets), then this script's own
# labs/grade.py with --root=TREE (the teacher's tests, whatever the tree's
# labs/ says).  A job's result goes to OUT/results/NAME.txt (the grader's
# output, and a last line "farm: NAME STATUS SCORE TOTAL SECONDS").
#
# Where the jobs run:
#   locally       --jobs N (default: the number of cores) at a time;
#   as an array   --shard K/N, or from SLURM_ARRAY_TASK_ID / SLURM_ARRAY_TASK_COUNT
#                 (Slurm: sbatch --array=0-N-1) or CI_NODE_INDEX / CI_NODE_TOTAL
#                 (GitLab parallel: 1-based): this run grades the trees whose
#                 index i (in name order) has i % N == K, into a shared OUT.
# At the end (and with --merge, after every shard is done) it writes
#   OUT/scores.csv   tree,lab,status,score,total,seconds,failed_tests
#   OUT/junit.xml    one <testsuite> per tree, one <testcase> per test
# Status: built-and-graded "ok", "build-failed", "timeout" (the job's bound,
# FARM_TIMEOUT seconds, default 900), "grader-error".  Exit status: 0, or 2
# on bad usage.  Make variables for every tree: FARM_MAKEFLAGS (default -j1).
set -u
HERE=$(cd "$(dirname "$0")/.." && pwd)
usage() { echo "usage: labs/farm.sh LAB DIR [--out OUT] [--jobs N] [--shard K/N] | --merge OUT" >&2; exit 2; }

merge() {   # merge OUT: scores.csv and junit.xml from OUT/results/*.txt
    python3 - "$1" <<'EOF'
import glob, os, re, sys
from xml.sax.saxutils import escape, quoteattr
out = sys.argv[1]
rows, suites = [], []
for f in sorted(glob.glob(os.path.join(out, 'results', '*.txt'))):
    # XML 1.0 has no place for control characters a grader's output can carry.
    text = re.sub('[\x00-\x08\x0b\x0c\x0e-\x1f]', '\ufffd',
                  open(f, encoding='utf-8', errors='replace').read())
    m = re.search(r'^farm: (\S+) (\S+) (\S+) (\S+) ([\d.]+) (\S+)$', text, re.M)
    if not m:
        continue
    name, status, score, total, secs, lab = m.groups()
    cases, cur = [], None
    for line in text.splitlines():
        t = re.match(r'^(\S+):\s+(OK|FAIL)\s+\(\s*([\d.]+)s\)\s+(\d+)/(\d+)$', line)
        if t:
            cur = [t.group(1), t.group(2), float(t.group(3)), []]
            cases.append(cur)
        elif cur and line.startswith('    ') and cur[1] == 'FAIL':
            cur[3].append(line.strip())
    failed = [c[0] for c in cases if c[1] == 'FAIL']
    rows.append([name, lab, status, score, total, secs, ' '.join(failed)])
    body = []
    for c in cases:
        body.append(f'    <testcase classname={quoteattr(name + "." + lab)} name={quoteattr(c[0])} time="{c[2]:.1f}">')
        if c[1] == 'FAIL':
            msg = c[3][0] if c[3] else 'failed'
            body.append(f'      <failure message={quoteattr(msg)}>{escape(chr(10).join(c[3]))}</failure>')
        body.append('    </testcase>')
    if status != 'ok':
        tail = '\n'.join(text.splitlines()[-20:])
        body.append(f'    <testcase classname={quoteattr(name + "." + lab)} name="build-and-grade" time="{secs}">'
                    f'<error message={quoteattr(status)}>{escape(tail)}</error></testcase>')
    nfail = len(failed) + (status != 'ok')
    suites.append(f'  <testsuite name={quoteattr(name)} tests="{len(cases) + (status != "ok")}" '
                  f'failures="{len(failed)}" errors="{int(status != "ok")}" time="{secs}">\n'
                  + '\n'.join(body) + '\n  </testsuite>')
with open(os.path.join(out, 'scores.csv'), 'w') as f:
    f.write('tree,lab,status,score,total,seconds,failed_tests\n')
    for r in rows:
        f.write(','.join('"%s"' % c.replace('"', '""') if ',' in c or '"' in c else c for c in r) + '\n')
with open(os.path.join(out, 'junit.xml'), 'w') as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="labs">\n'
            + '\n'.join(suites) + '\n</testsuites>\n')
print(f"farm: {len(rows)} tree(s): {out}/scores.csv, {out}/junit.xml")
EOF
}

# grade_one LAB TREE OUT: one job (build, grade), its result file.
grade_one() {
    local lab=$1 tree=$2 out=$3 name status=ok score=- total=- t0=$SECONDS log
    name=$(basename "$tree")
    log="$out/results/$name.txt.part"
    {
        echo "== $name: make"
        timeout -k 10 "${FARM_TIMEOUT:-900}" make -C "$tree" ${FARM_MAKEFLAGS:--j1} -s \
            build/alphavlm build/guestos/kernel.elf build/initrd.cpio >"$log.make" 2>&1
        rc=$?
        tail -30 "$log.make"; rm -f "$log.make"
        if [ $rc = 124 ] || [ $rc = 137 ]; then status=timeout
        elif [ $rc != 0 ]; then status=build-failed; fi
        if [ $status = ok ]; then
            timeout -k 10 "${FARM_TIMEOUT:-900}" python3 "$HERE/labs/grade.py" "$lab" --root="$tree" \
                >"$log.grade" 2>&1
            rc=$?
            cat "$log.grade"
            if [ $rc = 124 ]; then status=timeout
            elif read -r score total < <(sed -n 's/^Score: \([0-9]*\)\/\([0-9]*\)$/\1 \2/p' "$log.grade") \
                 && [ -n "$score" ]; then :
            else status=grader-error; fi
            rm -f "$log.grade"
        fi
        echo "farm: $name $status $score $total $((SECONDS - t0)) $lab"
    } >"$log" 2>&1
    mv "$log" "$out/results/$name.txt"
    echo "farm: $name: $status $score/$total"
}

[ $# -ge 1 ] || usage
if [ "$1" = --merge ]; then
    [ $# = 2 ] || usage
    merge "$2"; exit 0
fi
[ $# -ge 2 ] || usage
LAB=$1 DIR=$2; shift 2
OUT=farm-out JOBS=$(nproc) SHARD=
while [ $# -gt 0 ]; do
    case $1 in
        --out)   OUT=$2; shift 2 ;;
        --jobs)  JOBS=$2; shift 2 ;;
        --shard) SHARD=$2; shift 2 ;;
        *)       usage ;;
    esac
done
[ -f "$HERE/labs/$LAB/grade.py" ] || { echo "farm: no lab '$LAB'" >&2; exit 2; }
[ -d "$DIR" ] || { echo "farm: $DIR is not a directory" >&2; exit 2; }
if [ -z "$SHARD" ] && [ -n "${SLURM_ARRAY_TASK_ID:-}" ]; then
    SHARD=$SLURM_ARRAY_TASK_ID/${SLURM_ARRAY_TASK_COUNT:?SLURM_ARRAY_TASK_COUNT unset}
elif [ -z "$SHARD" ] && [ -n "${CI_NODE_INDEX:-}" ]; then
    SHARD=$((CI_NODE_INDEX - 1))/${CI_NODE_TOTAL:?CI_NODE_TOTAL unset}
fi
K=0 N=1
if [ -n "$SHARD" ]; then
    [[ $SHARD =~ ^([0-9]+)/([1-9][0-9]*)$ ]] && [ "${BASH_REMATCH[1]}" -lt "${BASH_REMATCH[2]}" ] || usage
    K=${BASH_REMATCH[1]} N=${BASH_REMATCH[2]}
fi
mkdir -p "$OUT/results"
OUT=$(cd "$OUT" && pwd)
mapfile -t trees < <(for d in "$DIR"/*/; do [ -d "$d" ] && echo "${d%/}"; done | LC_ALL=C sort)
mine=()
for i in "${!trees[@]}"; do
    [ $((i % N)) = "$K" ] && mine+=("$(cd "${trees[$i]}" && pwd)")
done
echo "farm: lab $LAB, ${#mine[@]} of ${#trees[@]} tree(s) (shard $K/$N), $JOBS at a time, into $OUT"
export -f grade_one
export HERE
printf '%s\0' "${mine[@]}" | xargs -0 -r -n1 -P "$JOBS" bash -c 'grade_one "$1" "$3" "$2"' _ "$LAB" "$OUT"
[ $N = 1 ] && merge "$OUT"
exit 0
