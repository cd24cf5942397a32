package dev.coffer.resources;

/**
 * Resources of another provider that live in a resource group (virtual networks) and go with it: ARM deletes a
 * group's contents when the group is deleted. Lets {@link ResourceGroups} delete them without knowing the
 * provider.
 */
public interface GroupedResources {

    GroupedResources NONE = (subscriptionId, resourceGroup) -> { };

    /** Deletes every resource of this kind in the group; nothing when there is none. */
    void deleteAllIn(String subscriptionId, String resourceGroup);
}
