package dev.coffer.directory;

/** The kinds of principal, named as Azure's {@code principalType}. */
public enum PrincipalKind {
    USER("User"), GROUP("Group"), SERVICE_PRINCIPAL("ServicePrincipal");

    private final String azureName;

    PrincipalKind(String azureName) {
        this.azureName = azureName;
    }

    public String azureName() {
        return azureName;
    }

    public static PrincipalKind fromAzureName(String name) {
        for (PrincipalKind kind : values()) {
            if (kind.azureName.equalsIgnoreCase(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown principal type");
    }
}
