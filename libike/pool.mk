# SPDX-License-Identifier: ISC
# Virtual IPs: address pools, configuration payloads, leases, client side.
