package dev.coffer.identity;

import dev.coffer.directory.Principal;

/**
 * What the token endpoint hands back. Credentials (access, refresh and id tokens) are only ever given to the
 * client; {@link #toString} never prints them.
 */
public record TokenResponse(Principal principal, String accessToken, long expiresIn, String scope,
                            String refreshToken, String idToken, String clientInfo) {

    @Override
    public String toString() {
        return "TokenResponse[principal=" + principal.objectId() + ", redacted]";
    }
}
