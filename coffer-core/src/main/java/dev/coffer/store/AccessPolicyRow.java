package dev.coffer.store;

import java.util.List;

/** One access policy entry; permission names are stored lower-cased. */
public record AccessPolicyRow(String tenantId, String objectId, String applicationId, List<String> keys,
                              List<String> secrets, List<String> certificates, List<String> storage) {
    public AccessPolicyRow {
        keys = List.copyOf(keys);
        secrets = List.copyOf(secrets);
        certificates = List.copyOf(certificates);
        storage = List.copyOf(storage);
    }
}
