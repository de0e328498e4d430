# SPDX-License-Identifier: ISC
# The wire codec: bounds-checked reader/writer, payloads, messages, payload
# rules and the IANA names generated from iana.h.

# Unit tests of the codec.
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
