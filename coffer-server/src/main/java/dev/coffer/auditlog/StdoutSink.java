package dev.coffer.auditlog;

import java.io.PrintStream;
import java.util.List;

/** Audit events as JSON lines on standard output, for container log collectors. */
public final class StdoutSink implements SecondarySink {

    private final PrintStream out;

    public StdoutSink(PrintStream out) {
        this.out = out;
    }

    @Override
    public String name() {
        return "stdout";
    }

    @Override
    public void deliver(List<AuditReader.LogicalEvent> events) {
        StringBuilder b = new StringBuilder();
        events.forEach(e -> b.append(e.json()).append('\n'));
        out.print(b);
        out.flush();
    }
}
