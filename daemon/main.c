/* SPDX-License-Identifier: ISC */
/*
 * main.c - sakerd: command line, start-up, the glue between the loop and
 * the engine, reload and clean shutdown.
 *
 * Start-up order matters for the kernel state: the control socket and the
 * pid file are taken first, so that a second daemon started by mistake
 * stops there instead of flushing the SAs of the one that runs; only then
 * is the state a crashed instance left behind removed (KX_FLUSH_OWNED) and
 * the engine started.  On SIGTERM/SIGINT the engine removes everything it
 * installed and queues its INFORMATIONAL deletes, which are sent before
 * exit.  SIGHUP and `sakerctl reload` re-read the config file.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "cfg.h"
#include "plugin.h"
#include "kx.h"
#include "daemon/conf.h"
#include "daemon/ctl.h"
#include "daemon/hook.h"
#include "daemon/log.h"
#include "daemon/sakerd.h"

#define SAKERD_CONFIG_DEFAULT	"/etc/saker/saker.yaml"
#define SAKERD_PIDFILE_DEFAULT	"/run/saker/sakerd.pid"

struct opts {
	const char	*config;
	const char	*socket;
	const char	*pidfile;
	int		 foreground;
	int		 check;
	int		 level;		/* -1: from the config */
	struct ike_addr	 binds[NET_MAX_BINDS];
	size_t		 n_binds;
	/* Room for the paths above made absolute (abs_path()). */
	char		 abs_config[PATH_MAX], abs_socket[PATH_MAX];
	char		 abs_pidfile[PATH_MAX];
};

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: sakerd [-f] [-c FILE] [--socket PATH] [--log-level LEVEL]\n"
	    "              [--pidfile PATH] [--bind ADDR]...\n"
	    "       sakerd --check [-c FILE]\n"
	    "       sakerd --version | --help\n"
	    "\n"
	    "  -c, --config FILE    configuration (default %s)\n"
	    "  -f, --foreground     stay in the foreground, log to stderr\n"
	    "      --socket PATH    control socket (default %s)\n"
	    "      --log-level L    error, warn, info, debug or trace\n"
	    "      --pidfile PATH   pid file (default %s when daemonized)\n"
	    "      --bind ADDR      IKE sockets on ADDR only (repeatable)\n"
	    "      --check          validate the configuration and exit\n",
	    SAKERD_CONFIG_DEFAULT, CTL_SOCKET_DEFAULT, SAKERD_PIDFILE_DEFAULT);
}

/* 0, or 2 after printing why (exit status for bad usage). */
static int
parse_opts(int argc, char **argv, struct opts *o)
{
	enum { O_SOCKET = 256, O_LEVEL, O_CHECK, O_PIDFILE, O_VERSION, O_BIND };
	static const struct option lopts[] = {
		{ "config",	required_argument, NULL, 'c' },
		{ "foreground",	no_argument,	   NULL, 'f' },
		{ "socket",	required_argument, NULL, O_SOCKET },
		{ "log-level",	required_argument, NULL, O_LEVEL },
		{ "check",	no_argument,	   NULL, O_CHECK },
		{ "pidfile",	required_argument, NULL, O_PIDFILE },
		{ "bind",	required_argument, NULL, O_BIND },
		{ "version",	no_argument,	   NULL, O_VERSION },
		{ "help",	no_argument,	   NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	enum ike_log_level lvl;
	int c;

	memset(o, 0, sizeof(*o));
	o->config = SAKERD_CONFIG_DEFAULT;
	o->socket = CTL_SOCKET_DEFAULT;
	o->level = -1;
	while ((c = getopt_long(argc, argv, "c:fh", lopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			o->config = optarg;
			break;
		case 'f':
			o->foreground = 1;
			break;
		case O_SOCKET:
			o->socket = optarg;
			break;
		case O_LEVEL:
			if (log_level_parse(optarg, &lvl) < 0) {
				fprintf(stderr, "sakerd: invalid log level \"%s\" "
				    "(error, warn, info, debug, trace)\n", optarg);
				return 2;
			}
			o->level = (int)lvl;
			break;
		case O_CHECK:
			o->check = 1;
			break;
		case O_PIDFILE:
			o->pidfile = optarg;
			break;
		case O_BIND:
			if (o->n_binds == NET_MAX_BINDS ||
			    ike_addr_parse(optarg, &o->binds[o->n_binds]) < 0) {
				fprintf(stderr, "sakerd: invalid or too many --bind "
				    "addresses: \"%s\"\n", optarg);
				return 2;
			}
			o->n_binds++;
			break;
		case O_VERSION:
			printf("sakerd %s\n", PACKAGE_VERSION);
			exit(0);
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "sakerd: unexpected argument \"%s\"\n", argv[optind]);
		usage(stderr);
		return 2;
	}
	if (!o->foreground && o->pidfile == NULL)
		o->pidfile = SAKERD_PIDFILE_DEFAULT;
	return 0;
}

/*
 * A relative path made absolute in buf (len bytes), since the daemon
 * changes to "/" (the config file is read again on reload).  Returns path
 * itself when it is absolute, or when the working directory is unknown or
 * the result would not fit; else buf, which the caller owns.
 */
static const char *
abs_path(const char *path, char *buf, size_t len)
{
	char cwd[PATH_MAX];
	int n;

	if (path == NULL || path[0] == '/' || getcwd(cwd, sizeof(cwd)) == NULL)
		return path;
	n = snprintf(buf, len, "%s/%s", cwd, path);
	if (n < 0 || (size_t)n >= len)
		return path;
	return buf;
}

/* Engine glue. */

static void
engine_timer(struct loop *l, struct loop_timer *t, void *ctx)
{
	struct sakerd *sd = ctx;
	int ret;

	(void)l;
	(void)t;
	ret = ike_engine_tick(sd->sd_engine, loop_now(), &sd->sd_out);
	if (ret < 0)
		log_msg(IKE_LOG_DEBUG, "ike", NULL, "tick: %s", ike_strerror(ret));
	sakerd_flush(sd);
}

void
sakerd_flush(struct sakerd *sd)
{
	char as[64], ls[64];
	uint64_t due;
	size_t i;
	int ret;

	for (i = 0; i < sd->sd_out.n_dg; i++) {
		const struct ike_datagram *dg = &sd->sd_out.dg[i];
		ret = sd->sd_net ? net_send(sd->sd_net, dg) : -ENOTCONN;
		if (ret == -ENOENT || ret == -ENOTCONN)
			log_msg(IKE_LOG_WARN, "net", NULL, "cannot send to "
			    "%s[%u]: no IKE socket for local address %s[%u]",
			    net_addr_str(&dg->remote, as, sizeof(as)),
			    dg->remote.port, net_addr_str(&dg->local, ls,
			    sizeof(ls)), dg->local.port);
		else if (ret < 0)
			log_msg(IKE_LOG_WARN, "net", NULL, "send %zu bytes to "
			    "%s[%u]: %s", dg->len, net_addr_str(&dg->remote, as,
			    sizeof(as)), dg->remote.port, strerror(-ret));
	}
	ike_out_reset(&sd->sd_out);
	if (sd->sd_stopping)
		return;
	due = ike_engine_next_timer(sd->sd_engine);
	if (due == UINT64_MAX)
		loop_timer_cancel(sd->sd_loop, &sd->sd_timer);
	else if (!loop_timer_armed(&sd->sd_timer) || sd->sd_timer.t_due != due)
		loop_timer_set(sd->sd_loop, &sd->sd_timer, due);
}

static void
on_datagram(void *ctx, const struct ike_addr *local,
    const struct ike_addr *remote, const uint8_t *pkt, size_t len)
{
	struct sakerd *sd = ctx;
	int ret;

	ret = ike_engine_input(sd->sd_engine, loop_now(), local, remote, pkt,
	    len, &sd->sd_out);
	if (ret < 0 && ret != IKE_EPENDING)
		log_msg(IKE_LOG_DEBUG, "ike", NULL, "input: %s",
		    ike_strerror(ret));
	sakerd_flush(sd);
}

static void
on_kernel_event(void *ctx, const struct kx_event *ev)
{
	struct sakerd *sd = ctx;
	int ret;

	ret = ike_engine_kernel_event(sd->sd_engine, loop_now(), ev,
	    &sd->sd_out);
	if (ret < 0)
		log_msg(IKE_LOG_DEBUG, "kernel", NULL, "event %d: %s",
		    (int)ev->type, ike_strerror(ret));
	sakerd_flush(sd);
}

/* Virtual IPs came or went: run the connection's hook script, if any. */
static void
on_event(void *ctx, const struct ike_event *ev)
{
	struct sakerd *sd = ctx;
	const struct ike_conn_cfg *c;

	c = ike_config_conn(ike_engine_config(sd->sd_engine), ev->conn);
	if (c != NULL && c->hook[0] != '\0')
		hook_vip_event(c->hook, ev);
}

static void
kernel_readable(struct loop *l, int fd, uint32_t events, void *ctx)
{
	struct sakerd *sd = ctx;
	int ret;

	(void)l;
	(void)fd;
	(void)events;
	ret = kx_event_dispatch(sd->sd_kx, on_kernel_event, sd);
	if (ret == -ENOBUFS)
		log_msg(IKE_LOG_WARN, "kernel", NULL,
		    "kernel events lost (socket overflow)");
	else if (ret < 0)
		log_msg(IKE_LOG_WARN, "kernel", NULL, "reading events: %s",
		    strerror(-ret));
}

/* Config. */

static int
open_net(struct sakerd *sd, const struct ike_config *cfg, struct net **out,
    char *err, size_t errlen)
{
	struct net_cfg nc = sd->sd_netcfg;

	nc.port = cfg->port;
	nc.natt_port = cfg->natt_port;
	return net_new(sd->sd_loop, &nc, on_datagram, sd, out, err, errlen);
}

/*
 * New IKE ports: the old sockets must go first, since the new set may
 * reuse one of their ports.  If the new ports cannot be opened the old
 * ones are opened again.
 */
static int
reopen_net(struct sakerd *sd, const struct ike_config *cfg,
    const struct ike_config *old, char *err, size_t errlen)
{
	char err2[256];
	int ret;

	net_free(sd->sd_net);
	sd->sd_net = NULL;
	ret = open_net(sd, cfg, &sd->sd_net, err, errlen);
	if (ret == 0)
		return 0;
	if (old != NULL && open_net(sd, old, &sd->sd_net, err2, sizeof(err2)) < 0)
		log_msg(IKE_LOG_ERROR, "net", NULL, "no IKE sockets: %s", err2);
	return ret;
}

/* The first error found in the files a config names, and how many. */
struct file_errs {
	char	*err;
	size_t	 errlen;
	size_t	 n;
};

static void
file_finding(void *arg, enum conf_finding sev, const char *msg)
{
	struct file_errs *fe = arg;

	log_msg(sev == CONF_ERROR ? IKE_LOG_ERROR : IKE_LOG_WARN, "cfg", NULL,
	    "%s", msg);
	if (sev == CONF_ERROR && fe->n++ == 0)
		snprintf(fe->err, fe->errlen, "%s", msg);
}

/*
 * Checks who may read or change the files cfg (loaded from path) names,
 * then loads and lints the credentials: every finding is logged, and
 * errors refuse the config, the first of them told in err.
 */
static int
load_files(const char *path, const struct ike_config *cfg,
    struct creds **out, char *err, size_t errlen)
{
	struct file_errs fe = { err, errlen, 0 };
	const struct creds_finding *f;
	struct creds *c;
	size_t i;
	int ret;

	if (conf_check_files(path, cfg, file_finding, &fe) > 0)
		return IKE_EINVAL;
	if ((ret = creds_load(cfg, (uint64_t)time(NULL), &c)) < 0) {
		snprintf(err, errlen, "loading credentials: %s",
		    ike_strerror(ret));
		return ret;
	}
	for (i = 0; i < creds_n_findings(c); i++) {
		f = creds_finding(c, i);
		log_msg(f->sev == CREDS_ERROR ? IKE_LOG_ERROR : IKE_LOG_WARN,
		    "cfg", NULL, "%s: %s", f->where, f->what);
	}
	for (i = 0; creds_errors(c) > 0; i++) {
		f = creds_finding(c, i);
		if (f->sev != CREDS_ERROR)
			continue;
		snprintf(err, errlen, "%s: %s (%zu credential error%s, see "
		    "sakerctl list-certs)", f->where, f->what,
		    creds_errors(c), creds_errors(c) > 1 ? "s" : "");
		creds_free(c);
		return IKE_EINVAL;
	}
	*out = c;
	return 0;
}

int
sakerd_reload(struct sakerd *sd, char *err, size_t errlen)
{
	const struct ike_config *old = ike_engine_config(sd->sd_engine);
	struct ike_config *cfg = NULL;
	struct creds *creds = NULL, *old_creds = sd->sd_creds.cur;
	char scratch[256];
	int ret, level;

	ret = conf_load_file(sd->sd_config, &cfg, err, errlen);
	if (ret < 0)
		goto rejected;
	if ((ret = load_files(sd->sd_config, cfg, &creds, err, errlen)) < 0)
		goto rejected;
	if (old == NULL || strcmp(old->socket_group, cfg->socket_group) != 0) {
		ret = ctl_set_group(sd->sd_ctl, cfg->socket_group, err, errlen);
		if (ret < 0)
			goto rejected;
	}
	if (sd->sd_net == NULL || cfg->port != net_port(sd->sd_net) ||
	    cfg->natt_port != net_natt_port(sd->sd_net)) {
		ret = reopen_net(sd, cfg, old, err, errlen);
		if (ret < 0) {
			if (old != NULL)
				ctl_set_group(sd->sd_ctl, old->socket_group,
				    scratch, sizeof(scratch));
			goto rejected;
		}
	}
	level = cfg->log_level;
	/* The engine takes cfg over and frees the old one; it uses the
	 * new credentials from now on. */
	sd->sd_creds.cur = creds;
	ret = ike_engine_set_config(sd->sd_engine, loop_now(), cfg, &sd->sd_out);
	cfg = NULL;
	if (ret < 0) {
		sd->sd_creds.cur = old_creds;
		snprintf(err, errlen, "%s: %s", sd->sd_config, ike_strerror(ret));
		goto rejected;
	}
	creds_free(old_creds);
	creds = NULL;
	/* A level set at run time stays unless the file changed its own. */
	if (level != sd->sd_file_level) {
		log_set_level((enum ike_log_level)level);
		sd->sd_file_level = level;
	}
	sakerd_flush(sd);
	log_msg(IKE_LOG_INFO, "cfg", NULL, "reloaded %s", sd->sd_config);
	return 0;
rejected:
	log_msg(IKE_LOG_ERROR, "cfg", NULL, "reload rejected: %s", err);
	creds_free(creds);
	ike_config_free(cfg);
	sakerd_flush(sd);
	return ret;
}

static void
on_signal(struct loop *l, int signo, void *ctx)
{
	struct sakerd *sd = ctx;
	char err[512];

	if (signo == SIGHUP) {
		log_msg(IKE_LOG_INFO, "daemon", NULL, "SIGHUP: reloading");
		sakerd_reload(sd, err, sizeof(err));
		return;
	}
	log_msg(IKE_LOG_INFO, "daemon", NULL, "%s: shutting down",
	    signo == SIGINT ? "SIGINT" : "SIGTERM");
	loop_stop(l);
}

/* Process set-up. */

/*
 * Forks into the background.  The parent waits on a pipe for the child's
 * verdict and exits with it, so that `sakerd` fails visibly when start-up
 * fails.  Returns the pipe's write end in the child.
 */
static int
daemonize(void)
{
	int p[2];
	pid_t pid;
	char st = 1;

	if (pipe2(p, O_CLOEXEC) < 0) {
		fprintf(stderr, "sakerd: pipe: %s\n", strerror(errno));
		exit(1);
	}
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "sakerd: fork: %s\n", strerror(errno));
		exit(1);
	}
	if (pid > 0) {
		close(p[1]);
		if (read(p[0], &st, 1) != 1)
			st = 1;
		_exit(st);
	}
	close(p[0]);
	setsid();
	pid = fork();
	if (pid < 0)
		_exit(1);
	if (pid > 0)
		_exit(0);
	if (chdir("/") < 0)
		_exit(1);
	umask(022);
	return p[1];
}

/* Tells the waiting parent how start-up went and detaches from the tty. */
static void
daemon_ready(int fd, int ok)
{
	char st = ok ? 0 : 1;
	int null;

	if (fd < 0)
		return;
	if (ok) {
		null = open("/dev/null", O_RDWR | O_CLOEXEC);
		if (null >= 0) {
			dup2(null, 0);
			dup2(null, 1);
			dup2(null, 2);
			if (null > 2)
				close(null);
		}
		log_open("sakerd", LOG_TO_SYSLOG);
	}
	if (write(fd, &st, 1) != 1)
		log_msg(IKE_LOG_WARN, "daemon", NULL, "start-up pipe: %s",
		    strerror(errno));
	close(fd);
}

/* Creates and locks the pid file; -1 with a message when another holds it. */
static int
pidfile_open(const char *path)
{
	char buf[32], dir[4096];
	struct stat st;
	int fd, n;

	/* Its directory, like the control socket's, may be a fresh /run/saker. */
	snprintf(dir, sizeof(dir), "%s", path);
	if (mkdir(dirname(dir), 0755) < 0 && errno != EEXIST)
		log_msg(IKE_LOG_WARN, "daemon", NULL, "mkdir %s: %s", dir,
		    strerror(errno));
	/* Not through a link: whoever may write in its directory could
	 * otherwise make root truncate and write any file. */
	fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0 && errno == ELOOP) {
		log_msg(IKE_LOG_ERROR, "daemon", NULL, "pid file %s is a "
		    "symbolic link: not following it", path);
		return -1;
	}
	if (fd < 0) {
		log_msg(IKE_LOG_ERROR, "daemon", NULL, "pid file %s: %s", path,
		    strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		log_msg(IKE_LOG_ERROR, "daemon", NULL, "pid file %s is not a "
		    "regular file", path);
		close(fd);
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		n = (int)read(fd, buf, sizeof(buf) - 1);
		buf[n > 0 ? n : 0] = '\0';
		buf[strcspn(buf, "\n")] = '\0';
		log_msg(IKE_LOG_ERROR, "daemon", NULL,
		    "pid file %s is locked: sakerd already running (pid %s)",
		    path, buf[0] ? buf : "?");
		close(fd);
		return -1;
	}
	n = snprintf(buf, sizeof(buf), "%d\n", (int)getpid());
	if (ftruncate(fd, 0) < 0 || write(fd, buf, (size_t)n) != n) {
		log_msg(IKE_LOG_ERROR, "daemon", NULL, "pid file %s: %s", path,
		    strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static int
check_config(const char *path)
{
	struct ike_config *cfg = NULL;
	struct creds *c = NULL;
	char err[1024];

	if (conf_load_file(path, &cfg, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	if (load_files(path, cfg, &c, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		ike_config_free(cfg);
		return 1;
	}
	creds_free(c);
	ike_config_free(cfg);
	printf("%s: ok\n", path);
	return 0;
}

/* Removes what a killed instance left in the kernel (reqids and policy
 * priorities that are saker's own). */
static int
flush_leftovers(struct sakerd *sd)
{
	struct kx_op op;
	int ret;

	memset(&op, 0, sizeof(op));
	op.type = KX_FLUSH_OWNED;
	ret = kx_kernel.op(sd->sd_kx, &op);
	if (ret < 0)
		log_msg(IKE_LOG_ERROR, "kernel", NULL,
		    "flushing leftover kernel state: %s", kx_last_error(sd->sd_kx));
	else
		log_msg(IKE_LOG_DEBUG, "kernel", NULL,
		    "flushed SAs and policies left by an earlier sakerd");
	return ret;
}

static int
start(struct sakerd *sd, const struct opts *o, struct ike_config *cfg,
    int *pidfd)
{
	struct ctl_cfg cc = { .path = o->socket, .group = cfg->socket_group,
	    .root_slots = CTL_ROOT_SLOTS };
	struct ike_env env;
	char err[512];
	int ret;

	if ((ret = loop_new(&sd->sd_loop)) < 0 ||
	    (ret = loop_signals(sd->sd_loop, on_signal, sd)) < 0) {
		log_msg(IKE_LOG_ERROR, "daemon", NULL, "event loop: %s",
		    strerror(-ret));
		ike_config_free(cfg);
		return ret;
	}
	loop_timer_init(&sd->sd_timer, engine_timer, sd);
	ret = ctl_new(sd->sd_loop, &cc, ctl_cmd_handle, sd, &sd->sd_ctl, err,
	    sizeof(err));
	if (ret < 0) {
		log_msg(IKE_LOG_ERROR, "ctl", NULL, "%s", err);
		ike_config_free(cfg);
		return ret;
	}
	if (o->pidfile != NULL && (*pidfd = pidfile_open(o->pidfile)) < 0) {
		ike_config_free(cfg);
		return -EEXIST;
	}
	ret = open_net(sd, cfg, &sd->sd_net, err, sizeof(err));
	if (ret < 0) {
		log_msg(IKE_LOG_ERROR, "net", NULL, "IKE sockets: %s", err);
		ike_config_free(cfg);
		return ret;
	}
	ret = kx_new(&sd->sd_kx);
	if (ret < 0) {
		log_msg(IKE_LOG_ERROR, "kernel", NULL, "netlink XFRM: %s",
		    strerror(-ret));
		ike_config_free(cfg);
		return ret;
	}
	if ((ret = flush_leftovers(sd)) < 0) {
		ike_config_free(cfg);
		return ret;
	}
	ret = loop_add_fd(sd->sd_loop, kx_event_fd(sd->sd_kx), EPOLLIN,
	    kernel_readable, sd);
	if (ret < 0) {
		ike_config_free(cfg);
		return ret;
	}
	memset(&env, 0, sizeof(env));
	env.log = log_ike;
	env.kernel = &kx_kernel;
	env.kernel_ctx = sd->sd_kx;
	env.event = on_event;
	env.event_ctx = sd;
	env.creds = &creds_plugin;
	env.creds_ctx = &sd->sd_creds;
	ret = ike_engine_new(&env, &sd->sd_engine);
	if (ret < 0) {
		log_msg(IKE_LOG_ERROR, "daemon", NULL, "engine: %s",
		    ike_strerror(ret));
		ike_config_free(cfg);
		return ret;
	}
	ret = ike_engine_set_config(sd->sd_engine, loop_now(), cfg, &sd->sd_out);
	if (ret < 0) {
		log_msg(IKE_LOG_ERROR, "cfg", NULL, "%s: %s", sd->sd_config,
		    ike_strerror(ret));
		return ret;
	}
	sakerd_flush(sd);
	ret = ike_engine_start_all(sd->sd_engine, loop_now(), &sd->sd_out);
	if (ret < 0)
		log_msg(IKE_LOG_WARN, "ike", NULL, "starting connections: %s",
		    ike_strerror(ret));
	sakerd_flush(sd);
	return 0;
}

static void
stop(struct sakerd *sd)
{
	int ret;

	if (sd->sd_engine != NULL && sd->sd_net != NULL) {
		ret = ike_engine_shutdown(sd->sd_engine, loop_now(), &sd->sd_out);
		if (ret < 0)
			log_msg(IKE_LOG_WARN, "ike", NULL, "shutdown: %s",
			    ike_strerror(ret));
		sd->sd_stopping = 1;
		sakerd_flush(sd);
	}
	ike_engine_free(sd->sd_engine);
	creds_free(sd->sd_creds.cur);
	sd->sd_creds.cur = NULL;
	ike_out_free(&sd->sd_out);
	if (sd->sd_loop != NULL)
		loop_timer_cancel(sd->sd_loop, &sd->sd_timer);
	if (sd->sd_kx != NULL)
		loop_del_fd(sd->sd_loop, kx_event_fd(sd->sd_kx));
	kx_free(sd->sd_kx);
	net_free(sd->sd_net);
	ctl_free(sd->sd_ctl);
	loop_free(sd->sd_loop);
}

int
main(int argc, char **argv)
{
	struct sakerd sd;
	struct ike_config *cfg = NULL;
	struct opts o;
	char err[1024];
	int ret, readyfd = -1, pidfd = -1;

	ret = parse_opts(argc, argv, &o);
	if (ret != 0)
		return ret;
	if (o.check)
		return check_config(o.config);
	o.config = abs_path(o.config, o.abs_config, sizeof(o.abs_config));
	o.socket = abs_path(o.socket, o.abs_socket, sizeof(o.abs_socket));
	o.pidfile = abs_path(o.pidfile, o.abs_pidfile, sizeof(o.abs_pidfile));
	log_open("sakerd", o.foreground ? LOG_TO_STDERR_TIME : LOG_TO_STDERR);
	if (conf_load_file(o.config, &cfg, err, sizeof(err)) < 0) {
		log_msg(IKE_LOG_ERROR, "cfg", NULL, "%s", err);
		return 1;
	}
	memset(&sd, 0, sizeof(sd));
	if (load_files(o.config, cfg, &sd.sd_creds.cur, err,
	    sizeof(err)) < 0) {
		log_msg(IKE_LOG_ERROR, "cfg", NULL, "%s", err);
		ike_config_free(cfg);
		return 1;
	}
	sd.sd_config = o.config;
	sd.sd_socket = o.socket;
	sd.sd_file_level = cfg->log_level;
	memcpy(sd.sd_netcfg.binds, o.binds, sizeof(o.binds));
	sd.sd_netcfg.n_binds = o.n_binds;
	log_set_level(o.level >= 0 ? (enum ike_log_level)o.level :
	    (enum ike_log_level)cfg->log_level);
	if (!o.foreground)
		readyfd = daemonize();
	sd.sd_started = loop_now();
	sd.sd_started_wall = time(NULL);
	ret = start(&sd, &o, cfg, &pidfd);
	if (ret < 0) {
		daemon_ready(readyfd, 0);
		stop(&sd);
		if (pidfd >= 0)
			unlink(o.pidfile);
		return 1;
	}
	daemon_ready(readyfd, 1);
	log_msg(IKE_LOG_INFO, "daemon", NULL, "sakerd %s started (pid %d), "
	    "IKE ports %u/%u, control socket %s", PACKAGE_VERSION, (int)getpid(),
	    net_port(sd.sd_net), net_natt_port(sd.sd_net), o.socket);
	ret = loop_run(sd.sd_loop);
	if (ret < 0)
		log_msg(IKE_LOG_ERROR, "daemon", NULL, "event loop: %s",
		    strerror(-ret));
	stop(&sd);
	if (pidfd >= 0) {
		unlink(o.pidfile);
		close(pidfd);
	}
	log_msg(IKE_LOG_INFO, "daemon", NULL, "stopped");
	log_close();
	return ret < 0 ? 1 : 0;
}
