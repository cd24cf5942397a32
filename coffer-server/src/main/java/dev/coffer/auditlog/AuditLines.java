package dev.coffer.auditlog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.audit.AuditEvent;
import dev.coffer.audit.AuditOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The physical line format of the audit log. Every line is one JSON object whose first member is
 * {@code "hash"}: the SHA-256 of the rest of the object's exact bytes ({@code {"seq":…,"prev":…,…}}), which
 * carries the sequence number and the previous line's hash. Hashing the exact bytes (not a re-serialisation)
 * keeps verification independent of any JSON library's formatting. Event lines keep Azure's AuditEvent shape,
 * with {@code hash}, {@code seq}, {@code prev} and {@code record} beside it.
 */
public final class AuditLines {

    public static final String GENESIS = "0".repeat(64);
    public static final String EVENT = "event";
    public static final String INTENT = "intent";
    public static final String OUTCOME = "outcome";
    public static final String CHECKPOINT = "checkpoint";
    public static final String FILE_START = "file-start";
    public static final String RECOVERY = "recovery";
    public static final String RETENTION = "retention";

    static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final String PREFIX = "{\"hash\":\"";
    private static final int HASH_END = PREFIX.length() + 64;
    private static final String SEQ_MEMBER = "\"seq\":";
    private static final Pattern API_VERSION = Pattern.compile("[?&]api-version=([^&]+)");

    private AuditLines() {
    }

    /** One line as read back: its claimed hash, whether the bytes match it, and the parsed object. */
    public record Parsed(String hash, boolean hashMatches, long seq, String prev, String kind, ObjectNode json) {
    }

    /** Encodes a record: {@code fill} adds the record's own members after seq, prev and record kind. */
    static Encoded encode(long seq, String prev, String kind, Consumer<ObjectNode> fill) {
        return encode(seq, prev, kind, members(fill));
    }

    /**
     * A record's own members, serialised (the JSON object without its braces). Request threads do this part, so
     * the single writer thread only splices in the chain members and hashes.
     */
    static byte[] members(Consumer<ObjectNode> fill) {
        ObjectNode n = JSON.createObjectNode();
        fill.accept(n);
        byte[] object = write(n);
        return java.util.Arrays.copyOfRange(object, 1, object.length - 1);
    }

    /** Splices seq, prev and record kind in front of pre-serialised members, hashes, and frames the line. */
    static Encoded encode(long seq, String prev, String kind, byte[] members) {
        byte[] head = ("{\"seq\":" + seq + ",\"prev\":\"" + prev + "\",\"record\":\"" + kind + "\""
                + (members.length > 0 ? "," : "")).getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + members.length + 1];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(members, 0, body, head.length, members.length);
        body[body.length - 1] = '}';
        String hash = sha256(body);
        byte[] prefix = (PREFIX + hash + "\",").getBytes(StandardCharsets.US_ASCII);
        byte[] line = new byte[prefix.length + body.length - 1 + 1];
        System.arraycopy(prefix, 0, line, 0, prefix.length);
        System.arraycopy(body, 1, line, prefix.length, body.length - 1);
        line[line.length - 1] = '\n';
        return new Encoded(seq, hash, line);
    }

    record Encoded(long seq, String hash, byte[] line) {
    }

    /**
     * The sequence number of a line without parsing or hashing it (readers skip what they have seen this way),
     * or -1 when the line does not start as the writer writes lines.
     */
    static long peekSeq(String line) {
        int at = HASH_END + 2;
        if (line.length() < at + SEQ_MEMBER.length() + 1 || !line.startsWith(SEQ_MEMBER, at)) {
            return -1;
        }
        long seq = 0;
        int i = at + SEQ_MEMBER.length();
        int digits = 0;
        for (; i < line.length() && Character.isDigit(line.charAt(i)) && digits < 18; i++, digits++) {
            seq = seq * 10 + (line.charAt(i) - '0');
        }
        return digits == 0 ? -1 : seq;
    }

    /** Parses one line (without its newline); null when it is not a line of this format at all. */
    public static Parsed parse(String line) {
        if (line.length() < HASH_END + 3 || !line.startsWith(PREFIX) || line.charAt(HASH_END) != '"'
                || line.charAt(HASH_END + 1) != ',') {
            return null;
        }
        String claimed = line.substring(PREFIX.length(), HASH_END);
        String body = "{" + line.substring(HASH_END + 2);
        ObjectNode json;
        try {
            JsonNode n = JSON.readTree(body);
            if (!(n instanceof ObjectNode o)) {
                return null;
            }
            json = o;
        } catch (IOException e) {
            return null;
        }
        boolean matches = sha256(body.getBytes(StandardCharsets.UTF_8)).equals(claimed);
        return new Parsed(claimed, matches, json.path("seq").asLong(-1), json.path("prev").asText(""),
                json.path("record").asText(""), json);
    }

    static void fillEvent(ObjectNode n, AuditEvent e) {
        n.put("time", e.time().toString());
        n.put("resourceId", e.resourceId());
        n.put("operationName", e.operationName());
        n.put("operationVersion", operationVersion(e.requestUri()));
        n.put("category", "AuditEvent");
        n.put("resultType", e.resultType());
        n.put("resultSignature", e.resultSignature());
        n.put("resultDescription", e.resultDescription());
        n.put("durationMs", e.durationMs());
        n.put("callerIpAddress", e.callerIpAddress());
        n.put("correlationId", e.correlationId());
        ObjectNode claim = n.putObject("identity").putObject("claim");
        claim.put("oid", e.objectId());
        claim.put("appid", e.appId());
        claim.put("upn", e.upn());
        claim.put("tid", e.tenantId());
        ObjectNode p = n.putObject("properties");
        p.put("id", e.targetId() != null ? e.targetId() : e.resourceId());
        p.put("vaultName", e.vaultName());
        p.put("requestUri", e.requestUri());
        p.put("httpStatusCode", e.httpStatus());
        p.put("clientInfo", e.clientInfo());
        p.put("authorizationModel", e.decisionModel());
        p.put("authorizationReason", e.decisionReason());
        p.put("isAccessPolicyMatch", "accessPolicy".equals(e.decisionModel()) ? Boolean.TRUE : null);
        p.put("isRbacAuthorized", "rbac".equals(e.decisionModel()) && "Success".equals(e.resultType())
                ? Boolean.TRUE : null);
        p.put("networkRuleDecision", e.networkDecision());
        p.put("tlsVersion", e.tlsVersion());
        p.put("selfGrant", e.selfGrant());
        if (e.accessPoliciesChanged() != null) {
            p.put("accessPoliciesChanged", e.accessPoliciesChanged());
        }
    }

    static void fillOutcome(ObjectNode n, long intentSeq, AuditOutcome o, String time) {
        n.put("intentSeq", intentSeq);
        n.put("time", time);
        n.put("resultType", o.resultType());
        n.put("resultSignature", o.resultSignature());
        n.put("resultDescription", o.resultDescription());
        n.put("durationMs", o.durationMs());
        ObjectNode p = n.putObject("properties");
        p.put("httpStatusCode", o.httpStatus());
        if (o.targetId() != null) {
            p.put("id", o.targetId());
        }
        if (o.accessPoliciesChanged() != null) {
            p.put("accessPoliciesChanged", o.accessPoliciesChanged());
        }
    }

    /** Azure's operationVersion is the REST api-version the caller used. */
    static String operationVersion(String requestUri) {
        if (requestUri != null) {
            Matcher m = API_VERSION.matcher(requestUri);
            if (m.find()) {
                return m.group(1);
            }
        }
        return null;
    }

    /**
     * The event a user reads: an event or intent line without the chain members; for an intent, the outcome's
     * result merged in (or {@code Unknown} when none was recorded).
     */
    public static ObjectNode presented(ObjectNode line, ObjectNode outcome) {
        ObjectNode e = line.deepCopy();
        long seq = e.path("seq").asLong();
        e.remove(java.util.List.of("hash", "prev", "record", "seq"));
        if (outcome != null) {
            for (String f : new String[] {"resultType", "resultSignature", "resultDescription", "durationMs"}) {
                e.set(f, outcome.get(f));
            }
            properties(e).set("httpStatusCode", outcome.path("properties").get("httpStatusCode"));
            for (String f : new String[] {"id", "accessPoliciesChanged"}) {
                if (outcome.path("properties").hasNonNull(f)) {
                    properties(e).set(f, outcome.path("properties").get(f));
                }
            }
        } else if (INTENT.equals(line.path("record").asText())) {
            e.put("resultType", "Unknown");
            e.put("resultSignature", "Unknown");
            e.put("resultDescription", "the outcome was not recorded");
        }
        properties(e).put("sequenceNumber", seq);
        return e;
    }

    private static ObjectNode properties(ObjectNode e) {
        return e.get("properties") instanceof ObjectNode p ? p : e.putObject("properties");
    }

    static byte[] write(ObjectNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
