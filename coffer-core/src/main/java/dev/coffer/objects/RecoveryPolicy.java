package dev.coffer.objects;

import dev.coffer.store.VaultRow;

/** What a vault's soft-delete settings mean for its objects, including Azure's recovery-level names. */
public record RecoveryPolicy(boolean softDelete, int retentionDays, boolean purgeProtection) {

    public static RecoveryPolicy of(VaultRow vault) {
        return new RecoveryPolicy(vault.enableSoftDelete(), vault.softDeleteRetentionInDays(),
                vault.enablePurgeProtection());
    }

    public String recoveryLevel() {
        if (!softDelete) {
            return "Purgeable";
        }
        String base = retentionDays == 90 ? "Recoverable" : "CustomizedRecoverable";
        return purgeProtection ? base : base + "+Purgeable";
    }

    public int recoverableDays() {
        return softDelete ? retentionDays : 0;
    }
}
