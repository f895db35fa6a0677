package org.gkm.gkmp.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Everything one input produced: frames to send and events, in order. A result lives only as long
 * as its caller keeps it; the node keeps nothing of it.
 */
public final class Result {
    private final List<Outbound> out = new ArrayList<>();
    private final List<Event> events = new ArrayList<>();

    void send(Outbound o) {
        out.add(o);
    }

    void event(Event e) {
        events.add(e);
    }

    void addAll(Result other) {
        out.addAll(other.out);
        events.addAll(other.events);
    }

    public List<Outbound> outbound() {
        return Collections.unmodifiableList(out);
    }

    public List<Event> events() {
        return Collections.unmodifiableList(events);
    }

    /** The reports of all {@link Event.Terminated} events. */
    public List<Report> reports() {
        List<Report> r = new ArrayList<>();
        for (Event e : events) {
            if (e instanceof Event.Terminated) {
                r.add(((Event.Terminated) e).report());
            }
        }
        return r;
    }

    /** The reports of all {@link Event.Rejected} events. */
    public List<Report> rejections() {
        List<Report> r = new ArrayList<>();
        for (Event e : events) {
            if (e instanceof Event.Rejected) {
                r.add(((Event.Rejected) e).report());
            }
        }
        return r;
    }

    @Override
    public String toString() {
        return "Result[" + out.size() + " frames, events " + events + "]";
    }
}
