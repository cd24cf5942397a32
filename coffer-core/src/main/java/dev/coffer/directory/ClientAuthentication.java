package dev.coffer.directory;

import dev.coffer.store.PrincipalRow;

/** An application that proved who it is, and with which credential (tokens name it, so removing it revokes them). */
public record ClientAuthentication(PrincipalRow servicePrincipal, String credentialId) {
}
