package dev.coffer.resources;

import dev.coffer.core.PolicyChangingResult;
import dev.coffer.store.VaultRow;

/** A vault as a PUT or PATCH left it, and whether that write altered its access policies. */
public record VaultChange(VaultRow vault, boolean accessPoliciesChanged) implements PolicyChangingResult {
}
