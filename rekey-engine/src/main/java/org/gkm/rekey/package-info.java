/**
 * The rekey engine: the keying material infrastructure of seed 000 (claims 1-18) as a d-ary key
 * tree in flat arrays, LKH rekey planning for joins, leaves, TEK changes and batches, the signed
 * rekey message and its codec (RFC 4046 sec. 5.2, 5.8, 6.2), and the member-side key state.
 */
package org.gkm.rekey;
