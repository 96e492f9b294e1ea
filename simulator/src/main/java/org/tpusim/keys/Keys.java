package org.tpusim.keys;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Looks up the constants of a {@link Keyed} enum by key, and lists the keys for messages, the same way for
 * every enum ({@code "expected one of " + Keys.allKeys(FfnLayout.class)}).
 */
public final class Keys {
    private Keys() {
    }

    /** The constant spelt {@code key} (exact match), or empty. */
    public static <E extends Enum<E> & Keyed> Optional<E> fromKey(Class<E> type, String key) {
        return Arrays.stream(type.getEnumConstants()).filter(e -> e.key().equals(key)).findFirst();
    }

    /** Every key in declaration order, joined with ", " (e.g. "bf16, int8"), for messages. */
    public static <E extends Enum<E> & Keyed> String allKeys(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Keyed::key).collect(Collectors.joining(", "));
    }
}
