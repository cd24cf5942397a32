package dev.coffer.network;

/**
 * An IP address as 128 bits. IPv4 addresses are held in their IPv4-mapped IPv6 form ({@code ::ffff:a.b.c.d}),
 * so one rule set and one lookup serve both families, and a client seen as {@code ::ffff:10.1.2.3} on a
 * dual-stack socket is the same client as {@code 10.1.2.3}.
 *
 * <p>Parsing is deliberately strict and never touches DNS: no host names, no zone ids, no octal or
 * zero-padded IPv4 octets ({@code 127.000.000.002} is ambiguous between decimal and octal readers), no
 * shortened IPv4 forms ({@code 127.1}).
 */
public record IpAddress(long high, long low) {

    /** The upper 64 bits and the fixed part of the lower 64 bits of {@code ::ffff:0:0/96}. */
    static final long MAPPED_PREFIX_LOW = 0x0000_FFFF_0000_0000L;

    public static IpAddress ofIpv4(int address) {
        return new IpAddress(0L, MAPPED_PREFIX_LOW | (address & 0xFFFF_FFFFL));
    }

    /** From the 4 or 16 bytes of {@code InetAddress.getAddress()}. */
    public static IpAddress fromBytes(byte[] bytes) {
        if (bytes.length == 4) {
            return ofIpv4(((bytes[0] & 0xFF) << 24) | ((bytes[1] & 0xFF) << 16) | ((bytes[2] & 0xFF) << 8)
                    | (bytes[3] & 0xFF));
        }
        if (bytes.length != 16) {
            throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + bytes.length);
        }
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = (hi << 8) | (bytes[i] & 0xFF);
            lo = (lo << 8) | (bytes[i + 8] & 0xFF);
        }
        return new IpAddress(hi, lo);
    }

    /** Parses an IPv4 dotted quad or an IPv6 literal (RFC 4291 text forms, without brackets or zone). */
    public static IpAddress parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 45) {
            throw new IllegalArgumentException("'" + Quoted.of(text) + "' is not an IP address");
        }
        if (text.indexOf(':') >= 0) {
            return parseIpv6(text);
        }
        return ofIpv4(parseIpv4(text, text));
    }

    public boolean isIpv4() {
        return high == 0L && (low & 0xFFFF_FFFF_0000_0000L) == MAPPED_PREFIX_LOW;
    }

    /** Bit {@code index} counted from the most significant (0) to the least significant (127). */
    public int bit(int index) {
        return index < 64 ? (int) (high >>> (63 - index)) & 1 : (int) (low >>> (127 - index)) & 1;
    }

    public byte[] toBytes() {
        if (isIpv4()) {
            int v4 = (int) low;
            return new byte[] {(byte) (v4 >>> 24), (byte) (v4 >>> 16), (byte) (v4 >>> 8), (byte) v4};
        }
        byte[] out = new byte[16];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (high >>> (56 - 8 * i));
            out[i + 8] = (byte) (low >>> (56 - 8 * i));
        }
        return out;
    }

    /** Dotted quad for IPv4 (mapped or not), RFC 5952 compressed text for IPv6. */
    @Override
    public String toString() {
        if (isIpv4()) {
            int v4 = (int) low;
            return (v4 >>> 24) + "." + ((v4 >>> 16) & 0xFF) + "." + ((v4 >>> 8) & 0xFF) + "." + (v4 & 0xFF);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 4; i++) {
            groups[i] = (int) (high >>> (48 - 16 * i)) & 0xFFFF;
            groups[i + 4] = (int) (low >>> (48 - 16 * i)) & 0xFFFF;
        }
        // RFC 5952: compress the longest run of two or more zero groups, the first one on a tie.
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }

    static int parseIpv4(String text, String whole) {
        int value = 0;
        int octets = 0;
        int i = 0;
        int n = text.length();
        while (i <= n) {
            int start = i;
            int octet = 0;
            while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                octet = octet * 10 + (text.charAt(i) - '0');
                i++;
                if (i - start > 3) {
                    throw invalid(whole);
                }
            }
            int digits = i - start;
            if (digits == 0 || octet > 255 || (digits > 1 && text.charAt(start) == '0')) {
                throw invalid(whole);
            }
            value = (value << 8) | octet;
            octets++;
            if (i == n) {
                break;
            }
            if (text.charAt(i) != '.' || octets == 4) {
                throw invalid(whole);
            }
            i++;
        }
        if (octets != 4) {
            throw invalid(whole);
        }
        return value;
    }

    private static IpAddress parseIpv6(String text) {
        int doubleColon = text.indexOf("::");
        if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
            throw invalid(text);
        }
        int[] groups = new int[8];
        int count;
        if (doubleColon < 0) {
            count = parseGroups(text, text, groups, 0, true);
            if (count != 8) {
                throw invalid(text);
            }
        } else {
            String head = text.substring(0, doubleColon);
            String tail = text.substring(doubleColon + 2);
            int[] tailGroups = new int[8];
            int headCount = head.isEmpty() ? 0 : parseGroups(head, text, groups, 0, false);
            int tailCount = tail.isEmpty() ? 0 : parseGroups(tail, text, tailGroups, 0, true);
            // "::" stands for at least one zero group.
            if (headCount + tailCount > 7) {
                throw invalid(text);
            }
            System.arraycopy(tailGroups, 0, groups, 8 - tailCount, tailCount);
        }
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 4; i++) {
            hi = (hi << 16) | groups[i];
            lo = (lo << 16) | groups[i + 4];
        }
        return new IpAddress(hi, lo);
    }

    /** Parses colon-separated hex groups into {@code out}; the last may be a dotted quad (two groups). */
    private static int parseGroups(String part, String whole, int[] out, int offset, boolean ipv4Allowed) {
        int count = offset;
        int start = 0;
        while (true) {
            int colon = part.indexOf(':', start);
            String group = colon < 0 ? part.substring(start) : part.substring(start, colon);
            if (colon < 0 && ipv4Allowed && group.indexOf('.') >= 0) {
                if (count > 6) {
                    throw invalid(whole);
                }
                int v4 = parseIpv4(group, whole);
                out[count++] = v4 >>> 16;
                out[count++] = v4 & 0xFFFF;
                return count;
            }
            if (group.isEmpty() || group.length() > 4 || count >= 8) {
                throw invalid(whole);
            }
            int value = 0;
            for (int i = 0; i < group.length(); i++) {
                int d = Character.digit(group.charAt(i), 16);
                if (d < 0 || group.charAt(i) > 'f') {
                    throw invalid(whole);
                }
                value = (value << 4) | d;
            }
            out[count++] = value;
            if (colon < 0) {
                return count;
            }
            start = colon + 1;
        }
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("'" + Quoted.of(text) + "' is not an IP address");
    }
}
