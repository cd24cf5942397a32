package dev.coffer.objects;

import java.util.List;
import java.util.function.Function;

/** One page of a listing; {@code continuation} is an opaque marker for the next page, null on the last. */
public record Page<T>(List<T> items, String continuation) {
    public Page {
        items = List.copyOf(items);
    }

    /** The same page with each item shown another way; the marker stays. */
    public <R> Page<R> map(Function<? super T, ? extends R> show) {
        return new Page<>(items.stream().<R>map(show).toList(), continuation);
    }
}
