package dev.coffer.identity;

import java.util.Map;

/**
 * A tenant's trust in an external OpenID Connect issuer: tokens whose {@code iss} is exactly {@code issuer},
 * signed by a key of the issuer's JWKS (found through its discovery document), for {@code audience}, are
 * accepted as a user of the tenant. The user's object id is derived from {@code objectIdClaim} (never taken
 * as is, so an external issuer cannot claim an existing principal's id); {@code groupsClaim} values listed in
 * {@code groupMapping} make the caller a member of those Coffer groups.
 */
public record FederatedIssuer(String id, String tenantId, String issuer, String jwksUri, String audience,
                              String objectIdClaim, String groupsClaim, Map<String, String> groupMapping) {
    public FederatedIssuer {
        groupMapping = Map.copyOf(groupMapping);
    }
}
