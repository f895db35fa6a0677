package org.gkm.gkmp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gkm.gkmp.engine.Event;
import org.gkm.gkmp.engine.GkmpNode;
import org.gkm.gkmp.engine.Outbound;
import org.gkm.gkmp.engine.Report;
import org.gkm.gkmp.engine.Result;
import org.gkm.gkmp.engine.SecurityManagerNode;

/**
 * In-memory transport: routes frames FIFO between nodes and the security manager. A multicast goes
 * to every node whose key table holds the group (the multicast group's subscribers). Records every
 * delivery and every event; an interceptor can rewrite or drop frames in flight.
 */
final class Net {
    /** A frame as delivered to one recipient. */
    record Delivery(EntityId from, EntityId to, byte[] frame) {}

    /** Rewrites a frame in flight; returns null to drop it. */
    interface Interceptor {
        byte[] intercept(EntityId from, EntityId to, byte[] frame) throws Exception;
    }

    final Map<EntityId, GkmpNode> nodes = new LinkedHashMap<>();
    private final EntityId smId;
    private final SecurityManagerNode sm;
    private final Deque<Delivery> queue = new ArrayDeque<>();
    final List<Delivery> delivered = new ArrayList<>();
    final Map<EntityId, List<Event>> events = new HashMap<>();
    final List<Exception> malformed = new ArrayList<>();
    Interceptor interceptor;
    long now;

    Net(EntityId smId, SecurityManagerNode sm, long now) {
        this.smId = smId;
        this.sm = sm;
        this.now = now;
    }

    void add(GkmpNode n) {
        nodes.put(n.id(), n);
    }

    void post(EntityId from, Result r) {
        record(from, r);
        for (Outbound o : r.outbound()) {
            if (o.isMulticast()) {
                for (GkmpNode n : nodes.values()) {
                    if (!n.id().equals(from) && n.keyTable().holds(o.group())) {
                        queue.add(new Delivery(from, n.id(), o.frame()));
                    }
                }
            } else {
                queue.add(new Delivery(from, o.to(), o.frame()));
            }
        }
    }

    private void record(EntityId who, Result r) {
        events.computeIfAbsent(who, k -> new ArrayList<>()).addAll(r.events());
    }

    /** Sends a frame from an outside party (the group commander, a forger). */
    void inject(EntityId from, EntityId to, byte[] frame) {
        queue.add(new Delivery(from, to, frame));
    }

    void run() {
        int steps = 0;
        while (!queue.isEmpty()) {
            if (++steps > 100_000) {
                throw new AssertionError("message loop");
            }
            Delivery d = queue.poll();
            byte[] frame = d.frame();
            if (interceptor != null) {
                try {
                    frame = interceptor.intercept(d.from(), d.to(), frame);
                } catch (Exception e) {
                    throw new AssertionError("interceptor failed", e);
                }
                if (frame == null) {
                    continue;
                }
            }
            delivered.add(new Delivery(d.from(), d.to(), frame));
            try {
                if (d.to().equals(smId)) {
                    post(smId, sm.receive(frame, now));
                } else {
                    GkmpNode n = nodes.get(d.to());
                    if (n != null) {
                        post(n.id(), n.receive(frame, now));
                    }
                }
            } catch (MalformedMessageException e) {
                malformed.add(e);
            }
        }
    }

    void tick(long newNow) {
        now = newNow;
        for (GkmpNode n : nodes.values()) {
            post(n.id(), n.tick(now));
        }
        run();
    }

    List<Report> reports(EntityId who) {
        List<Report> out = new ArrayList<>();
        for (Event e : events.getOrDefault(who, List.of())) {
            if (e instanceof Event.Terminated) {
                out.add(((Event.Terminated) e).report());
            }
        }
        return out;
    }

    /** Reports of the frames {@code who} rejected before authentication. */
    List<Report> rejections(EntityId who) {
        List<Report> out = new ArrayList<>();
        for (Event e : events.getOrDefault(who, List.of())) {
            if (e instanceof Event.Rejected) {
                out.add(((Event.Rejected) e).report());
            }
        }
        return out;
    }

    List<Report> allReports() {
        List<Report> out = new ArrayList<>();
        for (EntityId id : events.keySet()) {
            out.addAll(reports(id));
        }
        return out;
    }

    <T extends Event> List<T> events(EntityId who, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Event e : events.getOrDefault(who, List.of())) {
            if (type.isInstance(e)) {
                out.add(type.cast(e));
            }
        }
        return out;
    }
}
