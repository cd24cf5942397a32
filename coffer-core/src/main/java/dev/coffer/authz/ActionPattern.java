package dev.coffer.authz;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One entry of a role's action list. As in Azure, matching ignores case and {@code *} stands for any run of
 * characters, slashes included, wherever it appears ({@code *}, {@code *\/read},
 * {@code Microsoft.KeyVault/vaults/*\/read}).
 */
public final class ActionPattern {

    private final String text;
    private final Pattern pattern;
    private final String exact;

    public ActionPattern(String text) {
        this.text = text;
        if (text.indexOf('*') < 0) {
            this.exact = text.toLowerCase(Locale.ROOT);
            this.pattern = null;
        } else {
            this.exact = null;
            StringBuilder regex = new StringBuilder();
            for (String part : text.split("\\*", -1)) {
                if (!regex.isEmpty()) {
                    regex.append(".*");
                }
                regex.append(Pattern.quote(part));
            }
            this.pattern = Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        }
    }

    public boolean matches(String action) {
        return exact != null ? exact.equals(action.toLowerCase(Locale.ROOT)) : pattern.matcher(action).matches();
    }

    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
