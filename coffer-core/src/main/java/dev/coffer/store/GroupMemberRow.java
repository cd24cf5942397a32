package dev.coffer.store;

/** A direct membership: {@code memberId} (user, service principal or group) belongs to {@code groupId}. */
public record GroupMemberRow(String groupId, String memberId) {
}
