package dev.coffer.network;

/** User-supplied text made safe to quote in an error message: bounded, printable ASCII only. */
final class Quoted {

    private static final int MAX = 64;

    private Quoted() {
    }

    static String of(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(Math.min(text.length(), MAX) + 3);
        for (int i = 0; i < text.length() && i < MAX; i++) {
            char c = text.charAt(i);
            sb.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        if (text.length() > MAX) {
            sb.append("...");
        }
        return sb.toString();
    }
}
