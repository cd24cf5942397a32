package dev.coffer.store.sqlite;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.coffer.store.AccessPolicyRow;
import dev.coffer.store.NetworkAclsRow;
import dev.coffer.store.RoleDefinitionRow;
import dev.coffer.store.StoreException;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** JSON encoding of the nested values kept in TEXT columns (tags, access policies, network ACLs, extra). */
final class JsonColumns {

    // Parse errors must not quote the column text, which may be sensitive metadata.
    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };
    private static final TypeReference<List<AccessPolicyRow>> ACCESS_POLICIES = new TypeReference<>() {
    };

    private static final TypeReference<List<RoleDefinitionRow.PermissionRow>> PERMISSIONS = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private JsonColumns() {
    }

    /** JSON text of {@code value}, or null for null. */
    static String write(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new StoreException("cannot encode a " + value.getClass().getSimpleName() + " as JSON", null);
        }
    }

    static Map<String, String> stringMap(String json) {
        return json == null ? Map.of() : read(json, STRING_MAP);
    }

    static List<AccessPolicyRow> accessPolicies(String json) {
        return json == null ? List.of() : read(json, ACCESS_POLICIES);
    }

    static List<RoleDefinitionRow.PermissionRow> permissions(String json) {
        return json == null ? List.of() : read(json, PERMISSIONS);
    }

    static List<String> strings(String json) {
        return json == null ? List.of() : read(json, STRINGS);
    }

    private static final TypeReference<List<dev.coffer.store.SubnetRow>> SUBNETS = new TypeReference<>() {
    };

    static List<dev.coffer.store.SubnetRow> subnets(String json) {
        return json == null ? List.of() : read(json, SUBNETS);
    }

    static NetworkAclsRow networkAcls(String json) {
        if (json == null) {
            return null;
        }
        try {
            return MAPPER.readValue(json, NetworkAclsRow.class);
        } catch (IOException e) {
            throw unreadable("network ACLs");
        }
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw unreadable(type.getType().getTypeName());
        }
    }

    // The Jackson exception is dropped on purpose: its message can quote the stored text.
    private static StoreException unreadable(String what) {
        return new StoreException("stored JSON for " + what + " is unreadable", null);
    }
}
