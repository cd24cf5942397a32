package dev.coffer.tls;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.SecureRandom;

/**
 * Hand-written ClientHellos. The JDK's own client refuses to offer TLS 1.1 or CBC-only suite lists under its
 * default security properties, so only raw bytes can show what the server does when a client does.
 */
final class RawTlsProbe {

    static final int CONTENT_HANDSHAKE = 0x16;
    static final int CONTENT_ALERT = 0x15;
    static final int ALERT_HANDSHAKE_FAILURE = 40;
    static final int ALERT_PROTOCOL_VERSION = 70;

    private RawTlsProbe() {
    }

    /**
     * Sends a minimal ClientHello and reports the first reply record as {content type, first body byte}:
     * {22, 2} is a ServerHello, {21, d} an alert with description d, {-1, -1} a closed connection.
     */
    static int[] firstReply(int port, int clientVersion, int... cipherSuites) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(clientHello(clientVersion, cipherSuites));
            socket.getOutputStream().flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            try {
                int contentType = in.readUnsignedByte();
                in.readUnsignedShort();
                int length = in.readUnsignedShort();
                byte[] body = new byte[length];
                in.readFully(body);
                // Alerts are {level, description}; handshake messages start with their type.
                return new int[] {contentType, contentType == CONTENT_ALERT ? body[1] & 0xFF : body[0] & 0xFF};
            } catch (EOFException e) {
                return new int[] {-1, -1};
            }
        }
    }

    private static byte[] clientHello(int clientVersion, int... cipherSuites) throws IOException {
        ByteArrayOutputStream extensions = new ByteArrayOutputStream();
        DataOutputStream ext = new DataOutputStream(extensions);
        ext.writeShort(0x000a); // supported_groups: secp256r1, x25519
        ext.writeShort(6);
        ext.writeShort(4);
        ext.writeShort(0x0017);
        ext.writeShort(0x001d);
        ext.writeShort(0x000b); // ec_point_formats: uncompressed
        ext.writeShort(2);
        ext.writeByte(1);
        ext.writeByte(0);
        ext.writeShort(0x000d); // signature_algorithms: ecdsa_secp256r1_sha256, rsa_pss_rsae_sha256, rsa_pkcs1_sha256
        ext.writeShort(8);
        ext.writeShort(6);
        ext.writeShort(0x0403);
        ext.writeShort(0x0804);
        ext.writeShort(0x0401);

        ByteArrayOutputStream helloBytes = new ByteArrayOutputStream();
        DataOutputStream hello = new DataOutputStream(helloBytes);
        hello.writeShort(clientVersion);
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        hello.write(random);
        hello.writeByte(0); // no session id
        hello.writeShort(cipherSuites.length * 2);
        for (int suite : cipherSuites) {
            hello.writeShort(suite);
        }
        hello.writeByte(1); // compression methods: null only
        hello.writeByte(0);
        hello.writeShort(extensions.size());
        hello.write(extensions.toByteArray());

        byte[] body = helloBytes.toByteArray();
        ByteArrayOutputStream recordBytes = new ByteArrayOutputStream();
        DataOutputStream record = new DataOutputStream(recordBytes);
        record.writeByte(CONTENT_HANDSHAKE);
        record.writeShort(0x0301); // record-layer version as real clients send it
        record.writeShort(body.length + 4);
        record.writeByte(1); // ClientHello
        record.writeByte(body.length >>> 16);
        record.writeShort(body.length & 0xFFFF);
        record.write(body);
        return recordBytes.toByteArray();
    }
}
