package dev.coffer.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.authz.Authorizer;
import dev.coffer.authz.RoleAssignments;
import dev.coffer.core.Dispatcher;
import dev.coffer.core.Operation;
import dev.coffer.core.RequestInfo;
import dev.coffer.core.Target;
import dev.coffer.error.Unavailable;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The write-ahead scheme: a change never runs without a durable intent, a committed change is never reported as
 * failed because its outcome could not be written, and reads or failures whose record cannot be written get 503.
 */
class AuditBrokerTest {

    /** A sink that keeps records in memory and fails the kinds it is told to. */
    static final class ScriptedSink implements AuditSink {
        final List<AuditRecord> written = new ArrayList<>();
        final List<AuditRecord.Outcome> deferred = new ArrayList<>();
        boolean failIntents;
        boolean failOutcomes;
        boolean failWholes;

        @Override
        public long append(AuditRecord record) throws AuditUnavailableException {
            if ((record instanceof AuditRecord.Intent && failIntents)
                    || (record instanceof AuditRecord.Outcome && failOutcomes)
                    || (record instanceof AuditRecord.Whole && failWholes)) {
                throw new AuditUnavailableException("disk full", null);
            }
            written.add(record);
            return written.size();
        }

        @Override
        public void defer(AuditRecord.Outcome outcome) {
            deferred.add(outcome);
        }

        @Override
        public boolean available() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    private final ScriptedSink sink = new ScriptedSink();
    private final Dispatcher dispatcher = new Dispatcher(new Authorizer(new RoleAssignments(emptyStore(),
            Clock.systemUTC()), Clock.systemUTC()), new Audit(sink), Clock.systemUTC());

    /** A store with nothing in it (public operations are never authorized; the Authorizer only needs to exist). */
    static dev.coffer.store.Store emptyStore() {
        dev.coffer.store.ReadTx empty = (dev.coffer.store.ReadTx) java.lang.reflect.Proxy.newProxyInstance(
                AuditBrokerTest.class.getClassLoader(), new Class<?>[] {dev.coffer.store.ReadTx.class},
                (proxy, method, args) -> {
                    Class<?> t = method.getReturnType();
                    if (t == java.util.Optional.class) {
                        return java.util.Optional.empty();
                    }
                    if (t == java.util.Map.class) {
                        return java.util.Map.of();
                    }
                    if (t == long.class) {
                        return 0L;
                    }
                    return List.of();
                });
        return new dev.coffer.store.Store() {
            @Override
            public <T> T read(java.util.function.Function<dev.coffer.store.ReadTx, T> work) {
                return work.apply(empty);
            }

            @Override
            public <T> T write(java.util.function.Function<dev.coffer.store.WriteTx, T> work) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void close() {
            }
        };
    }
    private static final Operation CHANGE = Operation.publicOperation("SecretSet");
    private static final RequestInfo PUT = new RequestInfo("r1", "127.0.0.1", "PUT", "/secrets/x", System.nanoTime());
    private static final RequestInfo GET = new RequestInfo("r2", "127.0.0.1", "GET", "/secrets/x", System.nanoTime());

    @Test
    void aChangeRunsOnlyAfterItsIntentIsDurable() {
        sink.failIntents = true;
        AtomicInteger ran = new AtomicInteger();
        assertThatThrownBy(() -> dispatcher.run(CHANGE, null, PUT, Target.of("/x"), ran::incrementAndGet))
                .isInstanceOf(Unavailable.class);
        assertThat(ran).hasValue(0);
    }

    @Test
    void aCommittedChangeWhoseOutcomeCannotBeWrittenIsReportedTruthfullyAndItsOutcomeDeferred() {
        sink.failOutcomes = true;
        assertThat(dispatcher.run(CHANGE, null, PUT, Target.of("/x"), () -> "done")).isEqualTo("done");
        assertThat(sink.written).singleElement().isInstanceOf(AuditRecord.Intent.class);
        assertThat(sink.deferred).singleElement().satisfies(o -> {
            assertThat(o.intentSeq()).isEqualTo(1);
            assertThat(o.outcome().resultType()).isEqualTo("Success");
        });
    }

    @Test
    void aFailedChangeWhoseOutcomeCannotBeWrittenGets503() {
        sink.failOutcomes = true;
        assertThatThrownBy(() -> dispatcher.run(CHANGE, null, PUT, Target.of("/x"), () -> {
            throw new dev.coffer.error.Conflict("Conflict", "no");
        })).isInstanceOf(Unavailable.class);
        assertThat(sink.deferred).isEmpty();
    }

    @Test
    void aReadIsOneRecordAndGets503WhenItCannotBeWritten() {
        assertThat(dispatcher.run(CHANGE, null, GET, Target.of("/x"), () -> "v")).isEqualTo("v");
        assertThat(sink.written).singleElement().isInstanceOf(AuditRecord.Whole.class);
        sink.failWholes = true;
        assertThatThrownBy(() -> dispatcher.run(CHANGE, null, GET, Target.of("/x"), () -> "v"))
                .isInstanceOf(Unavailable.class);
    }

    @Test
    void aChangeIsAnIntentAndAnOutcomePointingAtIt() {
        dispatcher.run(CHANGE, null, PUT, Target.of("/x"), () -> "done");
        assertThat(sink.written).hasSize(2);
        assertThat(sink.written.get(0)).isInstanceOf(AuditRecord.Intent.class);
        assertThat(((AuditRecord.Outcome) sink.written.get(1)).intentSeq()).isEqualTo(1);
    }

    @Test
    void aPostThatChangesNothingIsOneRecordLikeARead() {
        Operation sign = Operation.publicOperation("KeySign").changingNothing();
        RequestInfo post = new RequestInfo("r3", "127.0.0.1", "POST", "/keys/k/v/sign", System.nanoTime());
        assertThat(dispatcher.run(sign, null, post, Target.of("/x"), () -> "signature")).isEqualTo("signature");
        assertThat(sink.written).singleElement().isInstanceOf(AuditRecord.Whole.class);
        sink.failWholes = true;
        assertThatThrownBy(() -> dispatcher.run(sign, null, post, Target.of("/x"), () -> "signature"))
                .as("fail closed: no answer without its record").isInstanceOf(Unavailable.class);
    }
}
