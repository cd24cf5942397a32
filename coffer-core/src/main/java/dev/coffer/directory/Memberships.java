package dev.coffer.directory;

import dev.coffer.store.GroupMemberRow;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An immutable snapshot of group memberships with every principal's transitive groups precomputed, swapped
 * whole after each change so a request always sees one consistent view without a lock.
 */
final class Memberships {

    private final Map<String, Set<String>> directGroupsOf;
    private final Map<String, Set<String>> transitiveGroupsOf = new HashMap<>();
    private final Map<String, List<String>> membersOf;

    private Memberships(Map<String, Set<String>> directGroupsOf, Map<String, List<String>> membersOf) {
        this.directGroupsOf = directGroupsOf;
        this.membersOf = membersOf;
        for (String member : directGroupsOf.keySet()) {
            transitiveGroupsOf.put(member, Set.copyOf(closure(member)));
        }
    }

    static Memberships of(List<GroupMemberRow> rows) {
        Map<String, Set<String>> direct = new HashMap<>();
        Map<String, List<String>> members = new HashMap<>();
        for (GroupMemberRow r : rows) {
            direct.computeIfAbsent(lower(r.memberId()), k -> new HashSet<>()).add(lower(r.groupId()));
            members.computeIfAbsent(lower(r.groupId()), k -> new java.util.ArrayList<>()).add(r.memberId());
        }
        return new Memberships(direct, members);
    }

    /** Every group the principal belongs to, directly or through nested groups (cycles are harmless). */
    Set<String> transitiveGroups(String objectId) {
        return transitiveGroupsOf.getOrDefault(lower(objectId), Set.of());
    }

    List<String> members(String groupId) {
        return membersOf.getOrDefault(lower(groupId), List.of());
    }

    private Set<String> closure(String member) {
        Set<String> seen = new HashSet<>();
        ArrayDeque<String> queue = new ArrayDeque<>(directGroupsOf.getOrDefault(member, Set.of()));
        while (!queue.isEmpty()) {
            String g = queue.poll();
            if (seen.add(g)) {
                queue.addAll(directGroupsOf.getOrDefault(g, Set.of()));
            }
        }
        seen.remove(member);
        return seen;
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
