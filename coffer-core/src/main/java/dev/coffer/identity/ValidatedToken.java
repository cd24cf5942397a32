package dev.coffer.identity;

import java.util.List;

/** What a verified access token says about its bearer. */
public record ValidatedToken(String tenantId, String objectId, String appId, String audience, String issuer,
                             boolean user, List<String> amr, long expiresAt) {
    public ValidatedToken {
        amr = List.copyOf(amr);
    }
}
