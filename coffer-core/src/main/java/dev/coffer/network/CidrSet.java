package dev.coffer.network;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * An immutable set of CIDR ranges over IPv4 and IPv6 answering "is this address in any of them?" with a
 * path-compressed binary trie (a PATRICIA trie) flattened into arrays. A lookup follows one root-to-leaf path
 * and compares at most a few dozen prefixes however many ranges the set holds (about log2(n) for spread-out
 * ranges, never more than 129), instead of scanning a list. Ranges covered by a shorter one are dropped when
 * the set is built, so the first range met on the path decides.
 *
 * <p>Lookups are read-only on final arrays: safe from any number of threads without locking.
 */
public final class CidrSet {

    private static final CidrSet EMPTY = new CidrSet(new long[0], new long[0], new byte[0], new int[0], new int[0],
            new boolean[0], 0);

    private final long[] high;
    private final long[] low;
    /** Prefix length of each node; unsigned byte, 0..128. */
    private final byte[] length;
    private final int[] zero;
    private final int[] one;
    private final boolean[] terminal;
    private final int size;

    private CidrSet(long[] high, long[] low, byte[] length, int[] zero, int[] one, boolean[] terminal, int size) {
        this.high = high;
        this.low = low;
        this.length = length;
        this.zero = zero;
        this.one = one;
        this.terminal = terminal;
        this.size = size;
    }

    public static CidrSet empty() {
        return EMPTY;
    }

    public static CidrSet of(Collection<IpPrefix> prefixes) {
        if (prefixes.isEmpty()) {
            return EMPTY;
        }
        List<IpPrefix> sorted = new ArrayList<>(prefixes);
        // Shorter ranges first: a longer range inside one already present is then recognised and skipped.
        sorted.sort(Comparator.comparingInt(IpPrefix::length));
        Node root = null;
        int kept = 0;
        for (IpPrefix p : sorted) {
            if (root == null) {
                root = new Node(p.network().high(), p.network().low(), p.length(), true);
                kept++;
            } else {
                Node[] holder = {root};
                if (insert(holder, p)) {
                    kept++;
                }
                root = holder[0];
            }
        }
        return flatten(root, kept);
    }

    public boolean contains(IpAddress address) {
        return terminalFor(address) >= 0;
    }

    /** The range that holds {@code address}, or null; for the audit record, which says what admitted a client. */
    public IpPrefix rangeOf(IpAddress address) {
        int i = terminalFor(address);
        return i < 0 ? null : new IpPrefix(new IpAddress(high[i], low[i]), length[i] & 0xFF);
    }

    /** The node of the range holding {@code address}, or -1. Allocation-free: this is the hot path. */
    private int terminalFor(IpAddress address) {
        if (high.length == 0) {
            return -1;
        }
        long h = address.high();
        long l = address.low();
        int i = 0;
        while (i >= 0) {
            int len = length[i] & 0xFF;
            if (!IpPrefix.matches(h, l, high[i], low[i], len)) {
                return -1;
            }
            if (terminal[i]) {
                return i;
            }
            if (len == 128) {
                return -1;
            }
            int bit = len < 64 ? (int) (h >>> (63 - len)) & 1 : (int) (l >>> (127 - len)) & 1;
            i = bit == 0 ? zero[i] : one[i];
        }
        return -1;
    }

    /** How many ranges the set holds after dropping those covered by others. */
    public int size() {
        return size;
    }

    /** Trie nodes, for tests and the benchmark's report. */
    public int nodeCount() {
        return high.length;
    }

    private static final class Node {
        final long high;
        final long low;
        final int length;
        boolean terminal;
        Node zero;
        Node one;

        Node(long high, long low, int length, boolean terminal) {
            this.high = high;
            this.low = low;
            this.length = length;
            this.terminal = terminal;
        }

        int bit(int index) {
            return index < 64 ? (int) (high >>> (63 - index)) & 1 : (int) (low >>> (127 - index)) & 1;
        }
    }

    /** Inserts {@code p}; false when an existing range already covers it. {@code holder[0]} is the root. */
    private static boolean insert(Node[] holder, IpPrefix p) {
        long ph = p.network().high();
        long pl = p.network().low();
        int plen = p.length();
        Node parent = null;
        int parentBit = 0;
        Node node = holder[0];
        while (true) {
            int common = commonLength(ph, pl, node.high, node.low, Math.min(plen, node.length));
            if (common < node.length) {
                Node replacement;
                if (common == plen) {
                    // p is a proper prefix of node: p becomes node's parent (only if built out of order).
                    replacement = new Node(ph, pl, plen, true);
                    attach(replacement, node.bit(plen), node);
                } else {
                    IpAddress split = IpPrefix.masked(new IpAddress(ph, pl), common);
                    replacement = new Node(split.high(), split.low(), common, false);
                    attach(replacement, node.bit(common), node);
                    attach(replacement, bitOf(ph, pl, common), new Node(ph, pl, plen, true));
                }
                if (parent == null) {
                    holder[0] = replacement;
                } else {
                    attach(parent, parentBit, replacement);
                }
                return true;
            }
            if (node.terminal) {
                return false;
            }
            if (node.length == plen) {
                node.terminal = true;
                node.zero = null;
                node.one = null;
                return true;
            }
            int bit = bitOf(ph, pl, node.length);
            Node next = bit == 0 ? node.zero : node.one;
            if (next == null) {
                attach(node, bit, new Node(ph, pl, plen, true));
                return true;
            }
            parent = node;
            parentBit = bit;
            node = next;
        }
    }

    private static void attach(Node parent, int bit, Node child) {
        if (bit == 0) {
            parent.zero = child;
        } else {
            parent.one = child;
        }
    }

    private static int bitOf(long h, long l, int index) {
        return index < 64 ? (int) (h >>> (63 - index)) & 1 : (int) (l >>> (127 - index)) & 1;
    }

    /** Number of leading bits, up to {@code max}, that two 128-bit values share. */
    private static int commonLength(long h1, long l1, long h2, long l2, int max) {
        long dh = h1 ^ h2;
        int common = dh != 0 ? Long.numberOfLeadingZeros(dh) : 64 + Long.numberOfLeadingZeros(l1 ^ l2);
        return Math.min(common, max);
    }

    private static CidrSet flatten(Node root, int kept) {
        List<Node> order = new ArrayList<>();
        collect(root, order);
        int n = order.size();
        long[] high = new long[n];
        long[] low = new long[n];
        byte[] length = new byte[n];
        int[] zero = new int[n];
        int[] one = new int[n];
        boolean[] terminal = new boolean[n];
        java.util.IdentityHashMap<Node, Integer> index = new java.util.IdentityHashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            index.put(order.get(i), i);
        }
        for (int i = 0; i < n; i++) {
            Node node = order.get(i);
            high[i] = node.high;
            low[i] = node.low;
            length[i] = (byte) node.length;
            terminal[i] = node.terminal;
            zero[i] = node.zero == null ? -1 : index.get(node.zero);
            one[i] = node.one == null ? -1 : index.get(node.one);
        }
        return new CidrSet(high, low, length, zero, one, terminal, kept);
    }

    /** Depth-first, so a path's nodes sit close together in the arrays. */
    private static void collect(Node root, List<Node> out) {
        java.util.ArrayDeque<Node> stack = new java.util.ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            Node node = stack.pop();
            out.add(node);
            if (node.one != null) {
                stack.push(node.one);
            }
            if (node.zero != null) {
                stack.push(node.zero);
            }
        }
    }
}
