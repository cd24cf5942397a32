package dev.coffer.authz;

/**
 * An Azure action string. Control-plane actions ({@code Microsoft.KeyVault/vaults/write}) are granted by
 * a role's {@code actions}; data actions ({@code Microsoft.KeyVault/vaults/secrets/getSecret/action}) only by
 * its {@code dataActions}.
 */
public record Action(String name, boolean dataAction) {

    public static Action control(String name) {
        return new Action(name, false);
    }

    public static Action data(String name) {
        return new Action(name, true);
    }

    @Override
    public String toString() {
        return name;
    }
}
