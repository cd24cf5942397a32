package dev.coffer.objects;

/** Attribute changes asked for by a caller; null members stay as they are. */
public record AttributesUpdate(Boolean enabled, Long notBefore, Long expires) {

    public static final AttributesUpdate NONE = new AttributesUpdate(null, null, null);
}
