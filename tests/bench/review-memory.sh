#!/bin/bash
# Prints the memory of `datagen review` on the planted 100,000-row run, after paging, sorting, filtering and opening rows.
# Make the run first: DATAGEN_PLANTED_RUN=/tmp/planted-100k dotnet test tests/DataGen.Tests --filter "FullyQualifiedName~WritePlantedRun_ForTheMemoryMeasurement"
set -u
RUN=${1:-/tmp/planted-100k}
BIN=$(dirname "$0")/../../src/DataGen.Cli/bin/Debug/net10.0/linux-x64/datagen
rm -f "$RUN/review-index.sqlite"
$BIN review "$RUN" --port 5199 > /tmp/review-serve.out 2>&1 &
PID=$!
for i in $(seq 1 600); do grep -q "open http" /tmp/review-serve.out && break; sleep 1; done
URL=$(grep -o "http://[^ ]*" /tmp/review-serve.out | head -1); TOKEN=${URL##*token=}
H="Authorization: Bearer $TOKEN"
echo "index built after ${i}s; index size $(du -h $RUN/review-index.sqlite | cut -f1)"
grep -E "VmRSS|VmHWM" /proc/$PID/status | tr '\n' ' '; echo "(after start)"
for q in "offset=0" "offset=50000" "sort=score:judge_explains_why&dir=desc" "sort=mean" "q=story-0999" "axis=setting%3Dship&sort=words&dir=desc" "calibration=200&limit=500" "offset=99900&sort=axis:setting"; do
  curl -s -o /dev/null -w "%{http_code} %{time_total}s /api/samples?$q\n" -H "$H" "http://127.0.0.1:5199/api/samples?$q"
done
for k in story-000001 story-055555 story-099999 dropped-0007; do curl -s -o /dev/null -w "%{http_code} %{time_total}s /api/samples/$k\n" -H "$H" "http://127.0.0.1:5199/api/samples/$k"; done
grep -E "VmRSS|VmHWM" /proc/$PID/status | tr '\n' ' '; echo "(after the requests)"
kill $PID
