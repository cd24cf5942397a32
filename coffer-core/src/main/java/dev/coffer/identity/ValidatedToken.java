package dev.coffer.identity;

import java.util.List;

/** What a verified access token says about its bearer. {@code credentialId} names the client credential used. */
public record ValidatedToken(String tenantId, String objectId, String appId, String audience, String issuer,
                             boolean user, List<String> amr, long expiresAt, String credentialId) {
    public ValidatedToken {
        amr = List.copyOf(amr);
    }
}
