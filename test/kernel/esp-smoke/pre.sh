# SPDX-License-Identifier: ISC
topo_std
k_ms=0x0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f2021222324
k_sm=0x2122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f4041424344
# tunnel NS LOCAL-NET REMOTE-NET LOCAL-GW REMOTE-GW OUT-SPI IN-SPI: both
# SAs and the out/in/fwd policies of one gateway, as ip batch lines.
tunnel() {
	cat <<-EOB
	xfrm state add src $4 dst $5 proto esp spi $6 reqid $6 mode tunnel aead rfc4106(gcm(aes)) $k_out 128
	xfrm state add src $5 dst $4 proto esp spi $7 reqid $7 mode tunnel aead rfc4106(gcm(aes)) $k_in 128
	xfrm policy add src $2 dst $3 dir out tmpl src $4 dst $5 proto esp reqid $6 mode tunnel
	xfrm policy add src $3 dst $2 dir in tmpl src $5 dst $4 proto esp reqid $7 mode tunnel
	xfrm policy add src $3 dst $2 dir fwd tmpl src $5 dst $4 proto esp reqid $7 mode tunnel
	EOB
}
k_out=$k_ms k_in=$k_sm tunnel moon 10.1.0.0/16 10.2.0.0/16 192.0.2.1 192.0.2.2 0x1000 0x2000 | ns_batch moon
k_out=$k_sm k_in=$k_ms tunnel sun 10.2.0.0/16 10.1.0.0/16 192.0.2.2 192.0.2.1 0x2000 0x1000 | ns_batch sun
capture_start moon eth0 moon-out
