package org.gkm.gcks.net;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the GCKS exchanges, enough to drive the transport: a registration payload is
 * {@code "open"} (answered, slot kept: a multi-message exchange in progress), {@code "done"}
 * (answered, slot given back), {@code "once"} (both) or {@code "boom"} (the handler fails); anything
 * else is a malformed payload. A resync request is echoed as a resync reply; a de-registration ends
 * the connection from the handler.
 */
final class TestExchanges implements FrameHandler {
    final AtomicInteger registrationFrames = new AtomicInteger();
    final AtomicInteger acks = new AtomicInteger();
    final ConcurrentLinkedQueue<CloseReason> closes = new ConcurrentLinkedQueue<>();
    /** One permit per session opened. */
    final Semaphore opened = new Semaphore(0);

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void onOpen(Session session) {
        opened.release();
    }

    @Override
    public void onFrame(Session session, Frame frame) throws FrameException {
        switch (frame.type()) {
            case REGISTER -> {
                registrationFrames.incrementAndGet();
                String step = new String(frame.payload(), StandardCharsets.US_ASCII);
                switch (step) {
                    case "open" -> session.send(FrameCodec.encode(FrameType.REGISTER_REPLY, frame.payload()));
                    case "done", "once" -> {
                        session.registrationDone();
                        session.send(FrameCodec.encode(FrameType.REGISTER_REPLY, frame.payload()));
                    }
                    case "boom" -> throw new IllegalStateException("handler bug");
                    default -> throw FrameException.malformed("registration step unknown");
                }
            }
            case RESYNC_REQUEST -> session.send(FrameCodec.encode(FrameType.RESYNC_REPLY, frame.payload()));
            case REKEY_ACK -> acks.incrementAndGet();
            case DEREGISTER -> session.close("deregistered");
            default -> throw new AssertionError("the transport should not pass " + frame.type());
        }
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        closes.add(reason);
    }
}
