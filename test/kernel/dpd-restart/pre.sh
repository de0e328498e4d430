# SPDX-License-Identifier: ISC
topo_std
sakerd_start sun
sakerd_start moon
wait_log "$T/sakerd-moon.log" "CHILD_SA .* established" 30
# the time of the kill, and of moon's verdict by its own log line
# (the builtin clock and kill: no process start between them)
pid=$(pid_of sakerd-sun)
start=$EPOCHREALTIME
kill -9 "$pid"
line=$(wait_log "$T/sakerd-moon.log" "deleted: peer is dead" 15)
end=$(date -d "$(date +%F) ${line%% *}" +%s.%N)
awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f\n", e - s }' >"$T/dead-after"
echo "sun found dead after $(cat "$T/dead-after") s"
# the new attempt goes out while sun is away
wait_log "$T/sakerd-moon.log" "retransmit 1 of request with message ID 0" 5
sakerctl moon list-sas >"$T/while-away"
sakerd_start sun
until_ok 20 eval 'sakerctl moon list-sas | grep -q "INSTALLED"'
capture_start moon eth0 moon-out
