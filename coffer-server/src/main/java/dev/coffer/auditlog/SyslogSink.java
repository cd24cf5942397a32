package dev.coffer.auditlog;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Audit events to a syslog server as RFC 5424 messages over TCP, framed by octet counting (RFC 6587), which
 * rsyslog's imtcp and syslog-ng accept. Facility 13 (log audit); severity notice for denials and failures,
 * informational otherwise. MSGID is the operation name; structured data carries the sequence number and result.
 */
public final class SyslogSink implements SecondarySink {

    private static final int FACILITY_LOG_AUDIT = 13;

    private final String host;
    private final int port;
    private final String hostname;
    private final String procId = Long.toString(ProcessHandle.current().pid());
    private Socket socket;

    public SyslogSink(String host, int port) {
        this.host = host;
        this.port = port;
        String h;
        try {
            h = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            h = "-";
        }
        this.hostname = h.isEmpty() ? "-" : h;
    }

    @Override
    public String name() {
        return "syslog";
    }

    @Override
    public void deliver(List<AuditReader.LogicalEvent> events) throws IOException {
        try {
            if (socket == null || socket.isClosed()) {
                socket = new Socket();
                socket.connect(new InetSocketAddress(host, port), 5_000);
                socket.setSoTimeout(10_000);
            }
            OutputStream out = socket.getOutputStream();
            for (AuditReader.LogicalEvent e : events) {
                byte[] msg = message(e).getBytes(StandardCharsets.UTF_8);
                out.write((msg.length + " ").getBytes(StandardCharsets.US_ASCII));
                out.write(msg);
            }
            out.flush();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    String message(AuditReader.LogicalEvent e) {
        String result = e.json().path("resultType").asText("-");
        int severity = "Success".equals(result) ? 6 : 5;
        String time = e.json().path("time").asText("-");
        String msgId = printable(e.json().path("operationName").asText("-"), 32);
        return "<" + (FACILITY_LOG_AUDIT * 8 + severity) + ">1 " + time + " " + printable(hostname, 255) + " coffer "
                + procId + " " + msgId + " [coffer@32473 seq=\"" + e.seq() + "\" resultType=\"" + sd(result)
                + "\"] " + e.json();
    }

    private static String printable(String s, int max) {
        String p = s.replaceAll("[^\\x21-\\x7E]", "_");
        return p.isEmpty() ? "-" : p.length() > max ? p.substring(0, max) : p;
    }

    private static String sd(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("]", "\\]");
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing to flush to a dead connection
            }
            socket = null;
        }
    }
}
