package dev.coffer.http;

import dev.coffer.directory.Principal;

/**
 * A check the management plane makes once the caller is authenticated (throttling of writes). A gate that
 * refuses has already audited the refusal and sent the error.
 */
@FunctionalInterface
public interface ManagementGate {

    ManagementGate NONE = (ex, caller) -> true;

    boolean admitManagement(Exchange ex, Principal caller);
}
