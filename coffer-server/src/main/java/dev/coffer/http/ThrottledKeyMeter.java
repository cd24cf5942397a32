package dev.coffer.http;

import dev.coffer.crypto.KeyType;
import dev.coffer.keys.KeyMeter;
import dev.coffer.network.KeyWeights;
import dev.coffer.network.Throttle;
import dev.coffer.network.ThrottleClass;
import dev.coffer.store.VaultRow;

/**
 * The keys engine's meter on the edge's throttle: once the engine has read the key it charges the vault's
 * key buckets (and their subscription's) what Azure's weights add to the one unit {@link ThrottlingGate} charged (RSA 3072/4096 and HSM
 * keys cost more), and refuses with the same {@code 429 Throttled} and {@code Retry-After} the edge sends.
 */
public final class ThrottledKeyMeter implements KeyMeter {

    private final Throttle throttle;

    public ThrottledKeyMeter(Throttle throttle) {
        this.throttle = throttle;
    }

    @Override
    public void transaction(VaultRow vault, KeyType kty, int bits) {
        charge(vault, ThrottleClass.KEY, KeyWeights.extraUnits(KeyWeights.transactionUnits(kty.wireName(), bits)));
    }

    @Override
    public void creation(VaultRow vault, KeyType kty) {
        charge(vault, ThrottleClass.KEY_CREATE, KeyWeights.extraUnits(KeyWeights.createUnits(kty.wireName())));
    }

    private void charge(VaultRow vault, ThrottleClass c, int units) {
        if (units == 0) {
            return;
        }
        Throttle.Refusal refusal = throttle.acquire(vault.subscriptionId(), vault.name(), c, units);
        if (refusal != null) {
            throw ThrottlingGate.refusal(throttle, vault, c, refusal);
        }
    }
}
