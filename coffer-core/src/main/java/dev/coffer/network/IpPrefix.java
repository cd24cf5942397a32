package dev.coffer.network;

/**
 * A CIDR range in the 128-bit address space of {@link IpAddress}: IPv4 {@code a.b.c.d/n} is held as
 * {@code ::ffff:a.b.c.d/(96+n)}. A single address is a range of one ({@code /32}, {@code /128}).
 *
 * @param network the first address, host bits zero
 * @param length  prefix length in the 128-bit space, 0 to 128
 */
public record IpPrefix(IpAddress network, int length) {

    public IpPrefix {
        if (length < 0 || length > 128) {
            throw new IllegalArgumentException("prefix length " + length + " is outside 0..128");
        }
        if (!network.equals(masked(network, length))) {
            throw new IllegalArgumentException("host bits are set in " + network + "/" + length);
        }
    }

    /** The range of one address. */
    public static IpPrefix of(IpAddress address) {
        return new IpPrefix(address, 128);
    }

    /**
     * Parses {@code a.b.c.d}, {@code a.b.c.d/n} (n 0..32), an IPv6 literal, or {@code v6/n} (n 0..128). Host
     * bits below the prefix are cleared, as routers and Azure read {@code 10.1.2.3/8}: the range 10.0.0.0/8.
     */
    public static IpPrefix parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("an IP address or CIDR range is required");
        }
        int slash = text.indexOf('/');
        String addressText = slash < 0 ? text : text.substring(0, slash);
        IpAddress address = IpAddress.parse(addressText);
        boolean writtenAsIpv4 = addressText.indexOf(':') < 0;
        int length = 128;
        if (slash >= 0) {
            String digits = text.substring(slash + 1);
            int max = writtenAsIpv4 ? 32 : 128;
            if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')
                    || (digits.length() > 1 && digits.charAt(0) == '0') || Integer.parseInt(digits) > max) {
                throw new IllegalArgumentException("'" + Quoted.of(text) + "' has no valid prefix length (0 to "
                        + max + ")");
            }
            length = Integer.parseInt(digits) + (writtenAsIpv4 ? 96 : 0);
        }
        return new IpPrefix(masked(address, length), length);
    }

    public boolean contains(IpAddress address) {
        return matches(address.high(), address.low(), network.high(), network.low(), length);
    }

    /** True when this range lies within {@code other} (equal ranges included). */
    public boolean within(IpPrefix other) {
        return other.length <= length && other.contains(network);
    }

    public boolean isIpv4() {
        return length >= 96 && network.isIpv4();
    }

    /** {@code a.b.c.d/n} for IPv4 ranges, {@code v6/n} otherwise; a single address without the length. */
    @Override
    public String toString() {
        if (length == 128) {
            return network.toString();
        }
        return isIpv4() ? network + "/" + (length - 96) : network + "/" + length;
    }

    static boolean matches(long addressHigh, long addressLow, long netHigh, long netLow, int length) {
        if (length <= 64) {
            return length == 0 || ((addressHigh ^ netHigh) & (-1L << (64 - length))) == 0;
        }
        return addressHigh == netHigh && (length == 128 ? addressLow == netLow
                : ((addressLow ^ netLow) & (-1L << (128 - length))) == 0);
    }

    static IpAddress masked(IpAddress address, int length) {
        if (length == 0) {
            return new IpAddress(0, 0);
        }
        if (length <= 64) {
            return new IpAddress(address.high() & (-1L << (64 - length)), 0);
        }
        return length == 128 ? address : new IpAddress(address.high(), address.low() & (-1L << (128 - length)));
    }
}
