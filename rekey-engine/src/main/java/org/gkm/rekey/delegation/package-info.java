/**
 * Subtree delegation (claim 18: the root portion, the KEK portions and the clients on different
 * nodes; RFC 4046 sec. 7 hierarchies): a parent key server holds the upper levels of a group's
 * tree, whose leaves are delegated subtrees; each subtree is an ordinary
 * {@link org.gkm.rekey.GroupKeyServer} for its members. The parent leaf key of a subtree is derived
 * from the subtree's root key under its own label, so the subtree's members and its key server
 * hold it and nobody else does. A change of the subtree's root key reaches the parent as one
 * {@link org.gkm.rekey.delegation.SubtreeReport}: the new parent leaf keys wrapped under a
 * pairwise link key ({@link org.gkm.rekey.delegation.SubtreeLink}) that no member holds; the parent
 * then rekeys only the path above that leaf ({@link org.gkm.rekey.delegation.DelegatingParent}).
 * Members follow both streams ({@link org.gkm.rekey.delegation.DelegatedMember}).
 * The trust model is in docs/architecture.md, "Subtree delegation".
 */
package org.gkm.rekey.delegation;
