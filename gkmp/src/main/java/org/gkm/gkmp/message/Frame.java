package org.gkm.gkmp.message;

import java.util.Objects;

/** A decoded frame: its header, its body and the exact bytes it was decoded from. */
public record Frame(Header header, Messages.Body body, byte[] encoded) {
    public Frame {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(body, "body");
        if (header.type() != body.type()) {
            throw new IllegalArgumentException("header type differs from body type");
        }
    }
}
