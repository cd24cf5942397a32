package dev.coffer.objects;

/** The attributes every secret, key and certificate version carries (times in Unix seconds). */
public record ObjectAttributes(boolean enabled, Long notBefore, Long expires, long created, long updated) {
}
