package org.gkm.gkmp.engine;

import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.GkmpGroupId;

/** A frame to send: to one entity, or to every member of {@code group} when {@code to} is null (multicast). */
public record Outbound(EntityId to, GkmpGroupId group, byte[] frame) {
    public boolean isMulticast() {
        return to == null;
    }
}
