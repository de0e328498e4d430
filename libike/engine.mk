# SPDX-License-Identifier: ISC
# The IKEv2 engine: SA tables, the exchange table and its steps, proposal
# selection, traffic selectors, NAT detection.
noinst_HEADERS += libike/ts.h libike/prop.h libike/natd.h libike/sa.h libike/kpol.h libike/xout.h libike/xsend.h
libike_libike_a_SOURCES += libike/ts.c libike/prop.c libike/natd.c \
	libike/engine.c libike/eng_env.c libike/kpol.c libike/xout.c libike/xsend.c libike/work.c libike/sa_end.c libike/initiate.c libike/sa.c libike/child.c libike/xchg.c \
	libike/xchg_init.c libike/xchg_auth.c libike/xchg_info.c libike/xchg_child.c libike/trap.c
