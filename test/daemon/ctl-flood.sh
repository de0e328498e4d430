#!/bin/bash
# SPDX-License-Identifier: ISC
# The control socket under a flood from another user of its group: 40
# clients that connect and say nothing (connecting again whenever they
# are hung up on) and 20 that trickle a request one byte a second, run
# by nobody.  Meanwhile `sakerctl status` from root must keep succeeding
# within 3 seconds, and the log must tell of the refusals in a few lines,
# not one per refused client.  Private network namespace; needs root,
# perl and setpriv, skipped (77) otherwise.
set -u

. "$(dirname "$0")/lib.sh"
saker_netns "$@"
command -v perl >/dev/null && command -v setpriv >/dev/null ||
	{ echo "no perl or setpriv: skipped"; exit 77; }
saker_tmp ctl-flood

# nobody, and its group, which the socket is given.
uid=$(id -u nobody) && gid=$(id -g nobody) &&
	group=$(getent group "$gid" | cut -d: -f1) && [ -n "$group" ] ||
	{ echo "no user nobody with a group: skipped"; exit 77; }
chmod 711 "$tmp"
cat >"$tmp/saker.yaml" <<YAML
sakerd:
  port: 19500
  natt-port: 19501
  socket-group: $group
  log-level: info
YAML

# flood.pl SOCKET IDLE TRICKLE SECONDS: the clients; prints what it saw.
cat >"$tmp/flood.pl" <<'PERL'
use strict;
use warnings;
use Errno qw(EAGAIN);
use IO::Socket::UNIX;
use Socket;
use Time::HiRes qw(time sleep);

my ($path, $n_idle, $n_trickle, $secs) = @ARGV;
my $end = time + $secs;
my %n = (connects => 0, hangups => 0, refused => 0);
my @c = ((map { { trickle => 0, retry => 0 } } 1 .. $n_idle),
    (map { { trickle => 1, retry => 0 } } 1 .. $n_trickle));
$SIG{PIPE} = 'IGNORE';
while (time < $end) {
	my $now = time;
	for my $c (@c) {
		if (!$c->{sock}) {
			next if $now < $c->{retry};
			$c->{sock} = IO::Socket::UNIX->new(Type => SOCK_STREAM,
			    Peer => $path);
			if (!$c->{sock}) {
				$c->{retry} = $now + 0.05;
				next;
			}
			$c->{sock}->blocking(0);
			$c->{next} = $now;
			$c->{sent} = 0;
			$n{connects}++;
		}
		if ($c->{trickle} && $now >= $c->{next}) {
			syswrite($c->{sock}, $c->{sent}++ ? " " : "{");
			$c->{next} = $now + 1;
		}
		my $r;
		while ($r = sysread($c->{sock}, my $buf, 4096)) {
			$n{refused}++ if $buf =~ /too many control clients/;
		}
		next if !defined $r && $! == EAGAIN;
		close($c->{sock});
		$c->{sock} = undef;
		$c->{retry} = $now + 0.05;
		$n{hangups}++;
	}
	sleep 0.01;
}
print join(", ", map { "$_ $n{$_}" } sort keys %n), "\n";
PERL
chmod 644 "$tmp/flood.pl"

sakerd_up "$tmp/s.sock" "$tmp/sakerd.log" -c "$tmp/saker.yaml"

setpriv --reuid="$uid" --regid="$gid" --clear-groups \
	perl "$tmp/flood.pl" "$tmp/s.sock" 40 20 14 >"$tmp/flood.log" 2>&1 &
pids+=($!)
sleep 2

# Across the deadlines of the trickling clients (5 s): always served.
for i in $(seq 8); do
	t0=$(date +%s%N)
	timeout 10 "$SAKERCTL" status --socket "$tmp/s.sock" >"$tmp/status.out" 2>&1 ||
		fail "status $i under the flood: $(cat "$tmp/status.out")"
	ms=$((($(date +%s%N) - t0) / 1000000))
	grep -q "^sakerd " "$tmp/status.out" || fail "status $i: $(cat "$tmp/status.out")"
	[ "$ms" -lt 3000 ] || fail "status $i took $ms ms"
	echo "status $i under the flood: $ms ms"
	sleep 1
done
wait "${pids[1]}"
echo "flood: $(cat "$tmp/flood.log")"
grep -q "refused [1-9]" "$tmp/flood.log" ||
	fail "the flood was never refused: it did not fill the socket"

# The log: a line at the first refusal, then one per 10 s at most.
sleep 1
grep "warn ctl" "$tmp/sakerd.log"
n=$(grep -c "warn ctl" "$tmp/sakerd.log")
[ "$n" -le 4 ] || fail "$n warnings about the control socket"
grep -q "control socket full: [0-9]* clients refused" "$tmp/sakerd.log" ||
	fail "no count of refused clients"
kill -TERM "${pids[0]}"
wait "${pids[0]}" || fail "sakerd exit status $?"
pids=()
echo "ctl-flood: ok"
