package dev.coffer.authz;

import dev.coffer.store.RoleAssignmentRow;

/** A stored assignment joined with its role and its normalized scope, ready for decisions. */
record RoleAssignment(RoleAssignmentRow row, String normalizedScope, RoleDefinition role) {

    boolean activeAt(long epochSecond) {
        return (row.notBefore() == null || row.notBefore() <= epochSecond)
                && (row.notAfter() == null || epochSecond < row.notAfter());
    }
}
