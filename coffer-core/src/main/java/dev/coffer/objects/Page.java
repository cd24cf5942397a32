package dev.coffer.objects;

import java.util.List;

/** One page of a listing; {@code continuation} is an opaque marker for the next page, null on the last. */
public record Page<T>(List<T> items, String continuation) {
    public Page {
        items = List.copyOf(items);
    }
}
