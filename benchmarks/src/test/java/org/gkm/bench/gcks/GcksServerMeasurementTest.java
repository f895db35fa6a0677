package org.gkm.bench.gcks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The GCKS server measurement's set-up at a small size, on both gkm providers: it runs and counts. */
class GcksServerMeasurementTest {
    @ParameterizedTest
    @ValueSource(strings = {"openssl", "java"})
    void registrationsCountTheServersWorkPerJoin(String provider) throws Exception {
        GcksServerMeasurement.RegistrationRun durable = GcksServerMeasurement.registrations(provider, true, Duration.ZERO, 4, 2);
        assertEquals(4, durable.rekeys(), "window 0: one rekey per join");
        assertTrue(durable.storeWritesPerJoin() >= 1, "a durable join commits: " + durable);
        assertTrue(durable.verifiesPerJoin() >= 1, "the server verifies the member: " + durable);
        assertEquals(0, durable.serverClosedSessions(), "no member dropped during the run");
        GcksServerMeasurement.RegistrationRun memory = GcksServerMeasurement.registrations(provider, false,
                Duration.ofMillis(5), 4, 4);
        assertTrue(memory.rekeys() >= 1 && memory.rekeys() <= 4, memory.toString());
        assertEquals(0, memory.serverClosedSessions(), "no member dropped during the run");
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "java"})
    void fanOutTimesEveryRoundWithEveryMemberConnected(String provider) throws Exception {
        GcksServerMeasurement.FanOut f = GcksServerMeasurement.fanout(provider, 4, 5);
        assertEquals(0, f.serverClosedSessions(), "every round reached all members: " + f);
        assertThrows(IllegalArgumentException.class, () -> GcksServerMeasurement.fanout(provider, 4, 0));
    }
}
