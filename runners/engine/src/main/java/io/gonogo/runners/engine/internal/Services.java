package io.gonogo.runners.engine.internal;

import io.gonogo.core.ExecutionException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * Loads an extension point's implementations by id; two implementations with one id are an error
 * naming both.
 */
public final class Services {
    private Services() {}

    /** All implementations of {@code type} visible to {@code loader}, by id. */
    public static <T> Map<String, T> load(
            Class<T> type, Function<T, String> id, ClassLoader loader) {
        List<T> all = new java.util.ArrayList<>();
        ServiceLoader.load(type, loader).forEach(all::add);
        return byId(all, type, id);
    }

    /** {@code all} by id. */
    public static <T> Map<String, T> byId(
            List<? extends T> all, Class<?> type, Function<T, String> id) {
        Map<String, T> byId = new LinkedHashMap<>();
        for (T t : all) {
            T previous = byId.putIfAbsent(id.apply(t), t);
            if (previous != null) {
                throw new ExecutionException(
                        "two "
                                + type.getSimpleName()
                                + " implementations claim '"
                                + id.apply(t)
                                + "': "
                                + previous.getClass().getName()
                                + " and "
                                + t.getClass().getName());
            }
        }
        return byId;
    }
}
