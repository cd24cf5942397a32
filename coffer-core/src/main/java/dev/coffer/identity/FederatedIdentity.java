package dev.coffer.identity;

import java.util.List;
import java.util.Set;

/** What a verified token of a trusted external issuer says: whose user it is in Coffer, and its mapped groups. */
public record FederatedIdentity(String tenantId, String objectId, String displayName, Set<String> groupIds,
                                List<String> amr, String issuer, String audience) {
    public FederatedIdentity {
        groupIds = Set.copyOf(groupIds);
        amr = List.copyOf(amr);
    }
}
