# SPDX-License-Identifier: ISC
# The unit tests (check), one program per module, and the decode samples.
noinst_HEADERS += test/unit/check_main.h

# libike: errors, the config model and its keywords.
check_PROGRAMS += test/unit/test_err
test_unit_test_err_SOURCES = test/unit/test_err.c
test_unit_test_err_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_err_LDADD = libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)
TESTS += test/unit/test_err

check_PROGRAMS += test/unit/test_cfg
test_unit_test_cfg_SOURCES = test/unit/test_cfg.c
test_unit_test_cfg_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_cfg_LDADD = libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)
TESTS += test/unit/test_cfg

check_PROGRAMS += test/unit/test_cfg_kw
test_unit_test_cfg_kw_SOURCES = test/unit/test_cfg_kw.c
test_unit_test_cfg_kw_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_cfg_kw_LDADD = libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)
TESTS += test/unit/test_cfg_kw

# libike, the codec: reader and writer, payloads, messages, payload rules,
# IANA names.
noinst_HEADERS += test/unit/codec_test.h
check_PROGRAMS += test/unit/test_wire
TESTS += test/unit/test_wire
test_unit_test_wire_SOURCES = test/unit/test_wire.c
test_unit_test_wire_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_wire_LDADD = libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)
check_PROGRAMS += test/unit/test_pld_sa
TESTS += test/unit/test_pld_sa
test_unit_test_pld_sa_SOURCES = test/unit/test_pld_sa.c
test_unit_test_pld_sa_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_pld_sa_LDADD = libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)
check_PROGRAMS += test/unit/test_pld_id
TESTS += test/unit/test_pld_id
test_unit_test_pld_id_SOURCES = test/unit/test_pld_id.c
test_unit_test_pld_id_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_pld_id_LDADD = libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)
check_PROGRAMS += test/unit/test_pld_notify
TESTS += test/unit/test_pld_notify
test_unit_test_pld_notify_SOURCES = test/unit/test_pld_notify.c
test_unit_test_pld_notify_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_pld_notify_LDADD = libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)
check_PROGRAMS += test/unit/test_pld_ts
TESTS += test/unit/test_pld_ts
test_unit_test_pld_ts_SOURCES = test/unit/test_pld_ts.c
test_unit_test_pld_ts_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_pld_ts_LDADD = libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)
check_PROGRAMS += test/unit/test_pld_cp
TESTS += test/unit/test_pld_cp
test_unit_test_pld_cp_SOURCES = test/unit/test_pld_cp.c
test_unit_test_pld_cp_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_pld_cp_LDADD = libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)
check_PROGRAMS += test/unit/test_pld_misc
TESTS += test/unit/test_pld_misc
test_unit_test_pld_misc_SOURCES = test/unit/test_pld_misc.c
test_unit_test_pld_misc_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_pld_misc_LDADD = libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)
check_PROGRAMS += test/unit/test_msg
TESTS += test/unit/test_msg
test_unit_test_msg_SOURCES = test/unit/test_msg.c
test_unit_test_msg_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_msg_LDADD = libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)
check_PROGRAMS += test/unit/test_rules
TESTS += test/unit/test_rules
test_unit_test_rules_SOURCES = test/unit/test_rules.c
test_unit_test_rules_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_rules_LDADD = libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)
check_PROGRAMS += test/unit/test_names
TESTS += test/unit/test_names
test_unit_test_names_SOURCES = test/unit/test_names.c
test_unit_test_names_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_names_LDADD = libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)
check_PROGRAMS += test/unit/test_msg_vectors
TESTS += test/unit/test_msg_vectors
test_unit_test_msg_vectors_SOURCES = test/unit/test_msg_vectors.c \
	test/unit/vec_strongswan.c
test_unit_test_msg_vectors_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_msg_vectors_LDADD = libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)

# libike, crypto: PRFs, key exchange, SK payloads, ESP algorithms, the key
# schedule.
noinst_HEADERS += test/unit/cry_test.h
check_PROGRAMS += test/unit/test_cry_hash
test_unit_test_cry_hash_SOURCES = test/unit/test_cry_hash.c
test_unit_test_cry_hash_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_cry_hash_LDADD = libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)
TESTS += test/unit/test_cry_hash

check_PROGRAMS += test/unit/test_cry_dh
test_unit_test_cry_dh_SOURCES = test/unit/test_cry_dh.c
test_unit_test_cry_dh_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_cry_dh_LDADD = libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)
TESTS += test/unit/test_cry_dh

check_PROGRAMS += test/unit/test_cry_sk
test_unit_test_cry_sk_SOURCES = test/unit/test_cry_sk.c
test_unit_test_cry_sk_CFLAGS = $(UNIT_CFLAGS) $(GNUTLS_CFLAGS)
test_unit_test_cry_sk_LDADD = libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)
TESTS += test/unit/test_cry_sk

check_PROGRAMS += test/unit/test_keys
test_unit_test_keys_SOURCES = test/unit/test_keys.c
test_unit_test_keys_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_keys_LDADD = libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)
TESTS += test/unit/test_keys

check_PROGRAMS += test/unit/test_cry_esp
test_unit_test_cry_esp_SOURCES = test/unit/test_cry_esp.c
test_unit_test_cry_esp_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_cry_esp_LDADD = libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)
TESTS += test/unit/test_cry_esp

# Key schedule and SK decryption against captured strongSwan handshakes
# (the vectors under test/vectors/strongswan/ are shipped by test/local.mk).
check_PROGRAMS += test/unit/test_keys_strongswan
noinst_HEADERS += test/unit/vec_strongswan.h
test_unit_test_keys_strongswan_SOURCES = test/unit/test_keys_strongswan.c \
	test/unit/vec_strongswan.c
test_unit_test_keys_strongswan_CPPFLAGS = $(AM_CPPFLAGS) \
	-DSTRONGSWAN_VECTORS='"$(abs_top_srcdir)/test/vectors/strongswan"'
test_unit_test_keys_strongswan_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_keys_strongswan_LDADD = libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)
TESTS += test/unit/test_keys_strongswan

# libike, the engine: traffic selectors, proposals, and whole handshakes.
check_PROGRAMS += test/unit/test_ts
test_unit_test_ts_SOURCES = test/unit/test_ts.c
test_unit_test_ts_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_ts_LDADD = libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)
TESTS += test/unit/test_ts

check_PROGRAMS += test/unit/test_prop
test_unit_test_prop_SOURCES = test/unit/test_prop.c
test_unit_test_prop_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_prop_LDADD = libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)
TESTS += test/unit/test_prop

# The engine's hash tables and heap of deadlines.
check_PROGRAMS += test/unit/test_htab
test_unit_test_htab_SOURCES = test/unit/test_htab.c
test_unit_test_htab_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_htab_LDADD = libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)
TESTS += test/unit/test_htab

check_PROGRAMS += test/unit/test_timer
test_unit_test_timer_SOURCES = test/unit/test_timer.c
test_unit_test_timer_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_timer_LDADD = libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)
TESTS += test/unit/test_timer

# Whole handshakes between two engines over kernel-mem.
noinst_HEADERS += test/unit/engine_test.h test/unit/rng_test.h
ENGINE_TEST_LDADD = plugins/kernel-mem/libkm.a libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)

check_PROGRAMS += test/unit/test_engine_handshake
test_unit_test_engine_handshake_SOURCES = test/unit/test_engine_handshake.c
test_unit_test_engine_handshake_CPPFLAGS = $(KM_CPPFLAGS)
test_unit_test_engine_handshake_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_engine_handshake_LDADD = $(ENGINE_TEST_LDADD)
TESTS += test/unit/test_engine_handshake

check_PROGRAMS += test/unit/test_engine_fail
test_unit_test_engine_fail_SOURCES = test/unit/test_engine_fail.c
test_unit_test_engine_fail_CPPFLAGS = $(KM_CPPFLAGS)
test_unit_test_engine_fail_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_engine_fail_LDADD = $(ENGINE_TEST_LDADD)
TESTS += test/unit/test_engine_fail

check_PROGRAMS += test/unit/test_engine_reliab
test_unit_test_engine_reliab_SOURCES = test/unit/test_engine_reliab.c
test_unit_test_engine_reliab_CPPFLAGS = $(KM_CPPFLAGS)
test_unit_test_engine_reliab_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_engine_reliab_LDADD = $(ENGINE_TEST_LDADD)
TESTS += test/unit/test_engine_reliab

check_PROGRAMS += test/unit/test_engine_xchg
test_unit_test_engine_xchg_SOURCES = test/unit/test_engine_xchg.c
test_unit_test_engine_xchg_CPPFLAGS = $(KM_CPPFLAGS)
test_unit_test_engine_xchg_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_engine_xchg_LDADD = $(ENGINE_TEST_LDADD)
TESTS += test/unit/test_engine_xchg

check_PROGRAMS += test/unit/test_engine_child
test_unit_test_engine_child_SOURCES = test/unit/test_engine_child.c
test_unit_test_engine_child_CPPFLAGS = $(KM_CPPFLAGS)
test_unit_test_engine_child_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_engine_child_LDADD = $(ENGINE_TEST_LDADD)
TESTS += test/unit/test_engine_child

# One gateway engine with thousands of IKE SAs: deadlines and lookups.
check_PROGRAMS += test/unit/test_engine_timers
test_unit_test_engine_timers_SOURCES = test/unit/test_engine_timers.c
test_unit_test_engine_timers_CPPFLAGS = $(KM_CPPFLAGS)
test_unit_test_engine_timers_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_engine_timers_LDADD = $(ENGINE_TEST_LDADD)
TESTS += test/unit/test_engine_timers

# libike, NAT traversal between two engines over kernel-mem.
check_PROGRAMS += test/unit/test_nat
test_unit_test_nat_SOURCES = test/unit/test_nat.c
test_unit_test_nat_CPPFLAGS = $(KM_CPPFLAGS)
test_unit_test_nat_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_nat_LDADD = $(ENGINE_TEST_LDADD)
TESTS += test/unit/test_nat

# libike, rekeying and lifetimes between two engines.
check_PROGRAMS += test/unit/test_engine_rekey
test_unit_test_engine_rekey_SOURCES = test/unit/test_engine_rekey.c
test_unit_test_engine_rekey_CPPFLAGS = $(KM_CPPFLAGS)
test_unit_test_engine_rekey_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_engine_rekey_LDADD = $(ENGINE_TEST_LDADD)
TESTS += test/unit/test_engine_rekey

# libike, liveness and on-demand tunnels between two engines.
check_PROGRAMS += test/unit/test_engine_live
test_unit_test_engine_live_SOURCES = test/unit/test_engine_live.c
test_unit_test_engine_live_CPPFLAGS = $(KM_CPPFLAGS)
test_unit_test_engine_live_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_engine_live_LDADD = $(ENGINE_TEST_LDADD)
TESTS += test/unit/test_engine_live

# libike, hostile networks: cookies and IKE fragmentation.
# Reassembly against strongSwan's fragments and our own (frag.c alone).
check_PROGRAMS += test/unit/test_frag
test_unit_test_frag_SOURCES = test/unit/test_frag.c test/unit/vec_strongswan.c
test_unit_test_frag_CPPFLAGS = $(AM_CPPFLAGS) \
	-DSTRONGSWAN_VECTORS='"$(abs_top_srcdir)/test/vectors/strongswan"'
test_unit_test_frag_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_frag_LDADD = libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)
TESTS += test/unit/test_frag

# Cookies and fragmentation between two engines.
check_PROGRAMS += test/unit/test_engine_hostile
test_unit_test_engine_hostile_SOURCES = test/unit/test_engine_hostile.c
test_unit_test_engine_hostile_CPPFLAGS = $(KM_CPPFLAGS)
test_unit_test_engine_hostile_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_engine_hostile_LDADD = $(ENGINE_TEST_LDADD)
TESTS += test/unit/test_engine_hostile

# libike, virtual IPs: address pools, configuration payloads, leases.
check_PROGRAMS += test/unit/test_engine_rw
test_unit_test_engine_rw_SOURCES = test/unit/test_engine_rw.c
test_unit_test_engine_rw_CPPFLAGS = $(KM_CPPFLAGS)
test_unit_test_engine_rw_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_engine_rw_LDADD = $(ENGINE_TEST_LDADD)
TESTS += test/unit/test_engine_rw

check_PROGRAMS += test/unit/test_pool
test_unit_test_pool_SOURCES = test/unit/test_pool.c
test_unit_test_pool_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_pool_LDADD = libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)
TESTS += test/unit/test_pool

# The plugins: kernel-mem, kernel-xfrm (without a kernel), creds (with a
# test PKI made by test/mkca), and the engine's certificate exchanges
# between two engines over kernel-mem.
noinst_HEADERS += test/unit/pki_test.h

check_PROGRAMS += test/unit/test_km
test_unit_test_km_SOURCES = test/unit/test_km.c
test_unit_test_km_CPPFLAGS = $(KM_CPPFLAGS)
test_unit_test_km_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_km_LDADD = plugins/kernel-mem/libkm.a libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)
TESTS += test/unit/test_km

check_PROGRAMS += test/unit/test_kx
test_unit_test_kx_SOURCES = test/unit/test_kx.c
test_unit_test_kx_CPPFLAGS = $(KX_CPPFLAGS)
test_unit_test_kx_CFLAGS = $(UNIT_CFLAGS) $(MNL_CFLAGS)
test_unit_test_kx_LDADD = $(KX_LIBS) $(UNIT_LIBS)
TESTS += test/unit/test_kx

check_PROGRAMS += test/unit/test_creds
test_unit_test_creds_SOURCES = test/unit/test_creds.c
test_unit_test_creds_CPPFLAGS = $(CREDS_CPPFLAGS) -DMKCA='"$(abs_top_srcdir)/test/mkca"'
test_unit_test_creds_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_creds_LDADD = $(CREDS_LIBS) $(UNIT_LIBS)
TESTS += test/unit/test_creds

check_PROGRAMS += test/unit/test_engine_cert
test_unit_test_engine_cert_SOURCES = test/unit/test_engine_cert.c
test_unit_test_engine_cert_CPPFLAGS = $(CREDS_CPPFLAGS) $(KM_CPPFLAGS) \
	-DMKCA='"$(abs_top_srcdir)/test/mkca"'
test_unit_test_engine_cert_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_engine_cert_LDADD = plugins/creds/libcreds.a \
	plugins/kernel-mem/libkm.a libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)
TESTS += test/unit/test_engine_cert

# The daemon: its library (log, loop, sockets, control protocol and
# server, hook scripts), sakerctl's control verbs, and the YAML loader.
DAEMON_UNIT_CFLAGS = $(UNIT_CFLAGS) $(JANSSON_CFLAGS)
DAEMON_UNIT_LIBS = daemon/libsakerd.a libike/libike.a $(JANSSON_LIBS) \
	$(IKE_LIBS) $(UNIT_LIBS)

check_PROGRAMS += test/unit/test_log test/unit/test_loop test/unit/test_net \
	test/unit/test_ctl_proto test/unit/test_ctl \
	test/unit/test_ctl_client test/unit/test_hook
TESTS += test/unit/test_log test/unit/test_loop test/unit/test_net \
	test/unit/test_ctl_proto test/unit/test_ctl \
	test/unit/test_ctl_client test/unit/test_hook
test_unit_test_log_SOURCES = test/unit/test_log.c
test_unit_test_log_CFLAGS = $(DAEMON_UNIT_CFLAGS)
test_unit_test_log_LDADD = $(DAEMON_UNIT_LIBS)
test_unit_test_loop_SOURCES = test/unit/test_loop.c
test_unit_test_loop_CFLAGS = $(DAEMON_UNIT_CFLAGS)
test_unit_test_loop_LDADD = $(DAEMON_UNIT_LIBS)
test_unit_test_net_SOURCES = test/unit/test_net.c
test_unit_test_net_CFLAGS = $(DAEMON_UNIT_CFLAGS)
test_unit_test_net_LDADD = $(DAEMON_UNIT_LIBS)
test_unit_test_ctl_proto_SOURCES = test/unit/test_ctl_proto.c
test_unit_test_ctl_proto_CFLAGS = $(DAEMON_UNIT_CFLAGS)
test_unit_test_ctl_proto_LDADD = $(DAEMON_UNIT_LIBS)
test_unit_test_ctl_SOURCES = test/unit/test_ctl.c
test_unit_test_ctl_CFLAGS = $(DAEMON_UNIT_CFLAGS)
test_unit_test_ctl_LDADD = $(DAEMON_UNIT_LIBS)
test_unit_test_ctl_client_SOURCES = test/unit/test_ctl_client.c
test_unit_test_ctl_client_CFLAGS = $(DAEMON_UNIT_CFLAGS)
test_unit_test_ctl_client_LDADD = sakerctl/libsakerctl.a $(DAEMON_UNIT_LIBS)
test_unit_test_hook_SOURCES = test/unit/test_hook.c
test_unit_test_hook_CFLAGS = $(DAEMON_UNIT_CFLAGS)
test_unit_test_hook_LDADD = $(DAEMON_UNIT_LIBS)

CONF_UNIT_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemon
CONF_UNIT_LIBS = $(CONF_LIBS) libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)

check_PROGRAMS += test/unit/test_conf_yaml
test_unit_test_conf_yaml_SOURCES = test/unit/test_conf_yaml.c
test_unit_test_conf_yaml_CPPFLAGS = $(CONF_UNIT_CPPFLAGS) \
	-DCONF_DIR='"$(top_srcdir)/conf"'
test_unit_test_conf_yaml_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_conf_yaml_LDADD = $(CONF_UNIT_LIBS)
TESTS += test/unit/test_conf_yaml

check_PROGRAMS += test/unit/test_conf_creds test/unit/test_conf_pool \
	test/unit/test_conf_files
TESTS += test/unit/test_conf_creds test/unit/test_conf_pool \
	test/unit/test_conf_files
test_unit_test_conf_creds_SOURCES = test/unit/test_conf_creds.c
test_unit_test_conf_creds_CPPFLAGS = $(CONF_UNIT_CPPFLAGS)
test_unit_test_conf_creds_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_conf_creds_LDADD = $(CONF_UNIT_LIBS)
test_unit_test_conf_pool_SOURCES = test/unit/test_conf_pool.c
test_unit_test_conf_pool_CPPFLAGS = $(CONF_UNIT_CPPFLAGS)
test_unit_test_conf_pool_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_conf_pool_LDADD = $(CONF_UNIT_LIBS)
test_unit_test_conf_files_SOURCES = test/unit/test_conf_files.c
test_unit_test_conf_files_CPPFLAGS = $(CONF_UNIT_CPPFLAGS)
test_unit_test_conf_files_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_conf_files_LDADD = $(CONF_UNIT_LIBS)

# `sakerctl decode` over the codec's vectors and strongSwan's captures.
TESTS += test/unit/decode-samples.sh
EXTRA_DIST += test/unit/decode-samples.sh
