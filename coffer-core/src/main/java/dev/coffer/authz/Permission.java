package dev.coffer.authz;

import java.util.List;

/**
 * One permission block of a role: what it grants is (actions − notActions) on the control plane and
 * (dataActions − notDataActions) on the data plane. A "not" entry only subtracts from this block; another
 * role can still grant the action.
 */
public record Permission(List<ActionPattern> actions, List<ActionPattern> notActions,
                         List<ActionPattern> dataActions, List<ActionPattern> notDataActions) {

    public Permission {
        actions = List.copyOf(actions);
        notActions = List.copyOf(notActions);
        dataActions = List.copyOf(dataActions);
        notDataActions = List.copyOf(notDataActions);
    }

    public static Permission of(List<String> actions, List<String> notActions, List<String> dataActions,
                                List<String> notDataActions) {
        return new Permission(compile(actions), compile(notActions), compile(dataActions), compile(notDataActions));
    }

    private static List<ActionPattern> compile(List<String> texts) {
        return texts.stream().map(ActionPattern::new).toList();
    }

    public boolean grants(Action action) {
        return action.dataAction()
                ? anyMatch(dataActions, action) && !anyMatch(notDataActions, action)
                : anyMatch(actions, action) && !anyMatch(notActions, action);
    }

    private static boolean anyMatch(List<ActionPattern> patterns, Action action) {
        for (ActionPattern p : patterns) {
            if (p.matches(action.name())) {
                return true;
            }
        }
        return false;
    }
}
