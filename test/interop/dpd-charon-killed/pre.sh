# SPDX-License-Identifier: ISC
s2s_start moon
# both sides check each other while the tunnel is quiet
wait_log "$T/sun/charon.log" "sending DPD request" 10
wait_log "$T/sakerd-moon.log" "received INFORMATIONAL response" 10
wait_log "$T/sakerd-moon.log" "received INFORMATIONAL request" 10
# (the builtin clock and kill: no process start between them)
pid=$(pid_of charon-sun)
start=$EPOCHREALTIME
kill -9 "$pid"
line=$(wait_log "$T/sakerd-moon.log" "deleted: peer is dead" 15)
end=$(date -d "$(date +%F) ${line%% *}" +%s.%N)
awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f\n", e - s }' >"$T/dead-after"
echo "charon found dead after $(cat "$T/dead-after") s"
