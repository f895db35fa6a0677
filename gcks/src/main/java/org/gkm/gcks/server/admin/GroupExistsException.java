package org.gkm.gcks.server.admin;

import org.gkm.gkmp.GkmpGroupId;

/**
 * A group could not be created because one with its id exists already (hosted, or held by the
 * store). Nothing was changed. The admin endpoint answers it with 409.
 */
public final class GroupExistsException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient GkmpGroupId group;

    public GroupExistsException(GkmpGroupId group, String message) {
        super(message);
        this.group = group;
    }

    /** The group id asked for. */
    public GkmpGroupId group() {
        return group;
    }
}
