# SPDX-License-Identifier: ISC
topo_std
sakerd_start sun
sakerd_start moon
until_ok 30 eval '[ "$(sakerctl moon list-sas | grep -c INSTALLED)" = 2 ]'
# quiet tunnel: the checks go out every 2 s and sun answers them
wait_log "$T/sakerd-moon.log" "received INFORMATIONAL response" 10
# the time of the kill, and of moon's verdict by its own log line
# (the builtin clock and kill: no process start between them)
pid=$(pid_of sakerd-sun)
start=$EPOCHREALTIME
kill -9 "$pid"
line=$(wait_log "$T/sakerd-moon.log" "deleted: peer is dead" 15)
end=$(date -d "$(date +%F) ${line%% *}" +%s.%N)
awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f\n", e - s }' >"$T/dead-after"
echo "sun found dead after $(cat "$T/dead-after") s"
