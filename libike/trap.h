/* SPDX-License-Identifier: ISC */
/*
 * trap.h - policies that start a connection on demand (trap.c).
 * Internal to libike's engine; the daemon sees ike.h.
 */
#ifndef SAKER_TRAP_H
#define SAKER_TRAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sa.h"

/*
 * A child with "start: trap" has its policies in the kernel before any
 * SA exists; the first packet makes the kernel send an ACQUIRE, which
 * starts the connection.  When the Child SA comes up its own policies
 * replace the trap's; when it goes, the trap comes back.
 */
struct eng_trap {
	struct eng_trap		*t_next;
	char			 t_conn[IKE_CFG_NAME_MAX];
	char			 t_child[IKE_CFG_NAME_MAX];
	uint32_t		 t_reqid;
	int			 t_mode;
	struct ike_addr		 t_local, t_remote;
	struct ike_ts		 t_lts[TS_MAX], t_rts[TS_MAX];
	size_t			 t_n_lts, t_n_rts;
	size_t			 t_n_pol;	/* installed now */
	bool			 t_dynamic;	/* put in by a dpd-action or
						   close-action, not the config */
};

/* Makes the kernel's traps follow the config (start_all and reloads). */
void	trap_sync(struct ike_engine *);

/* Removes every trap (shutdown). */
void	trap_flush(struct ike_engine *);

/* The trap of a connection's child, or of a reqid; NULL if none. */
struct eng_trap *trap_find(struct ike_engine *, const char *conn,
	    const char *child);
struct eng_trap *trap_by_reqid(struct ike_engine *, uint32_t reqid);

/* Takes the trap's policies out (its Child SA is coming), or puts them
 * back (its Child SA went). */
void	trap_suspend(struct ike_engine *, struct eng_trap *);
void	trap_resume(struct ike_engine *, struct eng_trap *);

/* A trap for conn's child that the config did not ask for (dpd-action or
 * close-action trap); nothing if it has one.  It is installed once no
 * Child SA of that child has policies, survives reloads while the child
 * exists, and goes with trap_drop_dynamic() (sakerctl down). */
void	trap_add_dynamic(struct ike_engine *, const struct ike_conn_cfg *,
	    const struct ike_child_cfg *);
void	trap_drop_dynamic(struct ike_engine *, const char *conn);

#endif /* SAKER_TRAP_H */
