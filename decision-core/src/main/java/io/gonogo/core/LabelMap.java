package io.gonogo.core;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The labels of a measurement: an immutable map sorted by key, held in two arrays, with its hash
 * code computed once.
 *
 * <p>A large run holds 100,000 measurements of a handful of labels each, and the decision and every
 * document look labels up, compare label sets and key hash maps by them. A {@code TreeMap} walks
 * nodes and compares strings for each of those; this scans a few array slots (the keys' hash codes
 * are kept beside them, so a slot is settled by comparing two ints) and answers {@link #hashCode()}
 * from a field. It iterates in key order like the {@code TreeMap} it replaces, so everything
 * written from it stays sorted. It is a plain {@link Map}: equal to any map with the same entries,
 * and refusing every change.
 */
public final class LabelMap extends AbstractMap<String, String> {
    private static final LabelMap EMPTY = new LabelMap(new String[0], new String[0]);

    private final String[] keys;
    private final String[] values;

    /** The keys' hash codes, scanned before any string is compared. */
    private final int[] keyHashes;

    private final int hash;

    private LabelMap(String[] keys, String[] values) {
        this.keys = keys;
        this.values = values;
        this.keyHashes = new int[keys.length];
        int h = 0;
        for (int i = 0; i < keys.length; i++) {
            keyHashes[i] = keys[i].hashCode();
            h += keyHashes[i] ^ values[i].hashCode(); // Map's hash code: the sum of its entries'
        }
        this.hash = h;
    }

    /**
     * These labels (the same instance when {@code labels} already is one), sorted by key.
     *
     * @param labels label keys and values, in any order
     * @return the labels as an immutable map sorted by key
     * @throws NullPointerException when a key or a value is null
     */
    public static LabelMap of(Map<String, String> labels) {
        if (labels instanceof LabelMap l) {
            return l;
        }
        int n = labels.size();
        if (n == 0) {
            return EMPTY;
        }
        String[] k = new String[n];
        String[] v = new String[n];
        int i = 0;
        for (Map.Entry<String, String> e : labels.entrySet()) {
            k[i] = Objects.requireNonNull(e.getKey(), "a label key is null");
            v[i] =
                    Objects.requireNonNull(
                            e.getValue(), () -> "label '" + e.getKey() + "' has a null value");
            i++;
        }
        if (!(labels instanceof java.util.SortedMap<String, String> s && s.comparator() == null)) {
            sort(k, v);
        }
        return new LabelMap(k, v);
    }

    /** Insertion sort by key (label sets are small), keeping keys and values paired. */
    private static void sort(String[] k, String[] v) {
        for (int i = 1; i < k.length; i++) {
            String key = k[i];
            String value = v[i];
            int j = i - 1;
            while (j >= 0 && k[j].compareTo(key) > 0) {
                k[j + 1] = k[j];
                v[j + 1] = v[j];
                j--;
            }
            k[j + 1] = key;
            v[j + 1] = value;
        }
    }

    /**
     * These labels without {@code drop}'s keys (this instance when none of them is here).
     *
     * @param drop the keys to leave out
     * @return the remaining labels, still sorted
     */
    public LabelMap without(Collection<String> drop) {
        int keep = 0;
        for (String k : keys) {
            if (!drop.contains(k)) {
                keep++;
            }
        }
        if (keep == keys.length) {
            return this;
        }
        String[] k = new String[keep];
        String[] v = new String[keep];
        int j = 0;
        for (int i = 0; i < keys.length; i++) {
            if (!drop.contains(keys[i])) {
                k[j] = keys[i];
                v[j] = values[i];
                j++;
            }
        }
        return keep == 0 ? EMPTY : new LabelMap(k, v);
    }

    private int indexOf(Object key) {
        if (!(key instanceof String)) {
            return -1;
        }
        int h = key.hashCode(); // cached in the string after its first use
        int[] hashes = keyHashes;
        for (int i = 0; i < hashes.length; i++) {
            if (hashes[i] == h && keys[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : values[i];
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public int size() {
        return keys.length;
    }

    @Override
    public boolean isEmpty() {
        return keys.length == 0;
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super String> action) {
        for (int i = 0; i < keys.length; i++) {
            action.accept(keys[i], values[i]);
        }
    }

    @Override
    public Set<Map.Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, String>> iterator() {
                return new Iterator<>() {
                    private int i;

                    @Override
                    public boolean hasNext() {
                        return i < keys.length;
                    }

                    @Override
                    public Map.Entry<String, String> next() {
                        if (i >= keys.length) {
                            throw new NoSuchElementException();
                        }
                        Map.Entry<String, String> e =
                                new SimpleImmutableEntry<>(keys[i], values[i]);
                        i++;
                        return e;
                    }
                };
            }

            @Override
            public int size() {
                return keys.length;
            }
        };
    }

    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        if (o instanceof LabelMap l) {
            return hash == l.hash && Arrays.equals(keys, l.keys) && Arrays.equals(values, l.values);
        }
        return super.equals(o);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
