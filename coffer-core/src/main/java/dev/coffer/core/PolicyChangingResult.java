package dev.coffer.core;

/**
 * A result that says whether the operation altered a vault's access policies, as the engine found inside its
 * write (not guessed before it), so the {@link Dispatcher} can put it in the audit outcome; the event publisher
 * raises {@code VaultAccessPolicyChanged} from there.
 */
public interface PolicyChangingResult {

    boolean accessPoliciesChanged();
}
