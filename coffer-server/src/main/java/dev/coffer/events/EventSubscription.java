package dev.coffer.events;

import java.util.List;

/**
 * A webhook subscribed to one vault's events, as Event Grid's {@code eventSubscriptions} resource holds it.
 *
 * @param includedEventTypes the event types delivered; empty means all
 * @param provisioningState  Succeeded once the validation handshake passed, else Failed
 */
public record EventSubscription(String name, String vaultName, String vaultScope, String endpointUrl,
                                List<String> includedEventTypes, String provisioningState) {

    public EventSubscription {
        includedEventTypes = List.copyOf(includedEventTypes);
    }

    public boolean wants(String eventType) {
        return "Succeeded".equals(provisioningState)
                && (includedEventTypes.isEmpty() || includedEventTypes.stream().anyMatch(eventType::equalsIgnoreCase));
    }
}
