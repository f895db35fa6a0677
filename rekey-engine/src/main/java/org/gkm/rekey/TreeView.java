package org.gkm.rekey;

import org.gkm.crypto.PublicKey;
import org.gkm.rekey.message.Gkma;
import org.gkm.rekey.message.GroupId;
import org.gkm.rekey.message.TekId;

/**
 * The public part of a group's tree that a member needs to initiate an operation (claim 14): the
 * shape (degree, first leaf, which subtrees hold members, where the next joiner goes), every node's
 * key generation and public key, the members' leaves, and the Rekey SA counters. All of it is in
 * the published infrastructure (claim 18); the GCKS serves it ({@link GroupKeyServer} implements
 * this interface). No secret is reachable through it.
 */
public interface TreeView {
    GroupPolicy policy();

    GroupId group();

    Gkma gkma();

    long epoch();

    /** Sequence number of the last rekey message. */
    long sequence();

    TekId tekId();

    int nodeCount();

    int firstLeaf();

    boolean nonEmpty(int node);

    int generation(int node);

    /** The current public key of a node or client (hybrid tree). */
    PublicKey publicKey(int node);

    /** Leaf of a current member. */
    int leafOf(int member) throws UnknownMemberException;

    /** The leaf the next joiner gets ({@code >= nodeCount()}: the shallowest leaf is split). */
    int nextJoinLeaf();
}
