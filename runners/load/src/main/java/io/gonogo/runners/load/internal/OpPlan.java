package io.gonogo.runners.load.internal;

import java.util.Objects;

/**
 * One operation of a run as the engine uses it: its encoded request, whether it is a HEAD request,
 * its success statuses as a table indexed by status, its request timeout and its weight.
 *
 * @param name the operation's name, empty for the single request of a run without a mix
 * @param request the encoded request
 * @param head whether the method is HEAD
 * @param success {@code success[status]} for statuses 0..599
 * @param timeoutNanos the request timeout
 * @param weight the operation's share of the requests, relative to the others'
 */
public record OpPlan(
        String name,
        byte[] request,
        boolean head,
        boolean[] success,
        long timeoutNanos,
        int weight) {

    /**
     * Checks the references.
     *
     * @param name the operation's name
     * @param request the encoded request
     * @param head whether the method is HEAD
     * @param success the success table, 600 entries
     * @param timeoutNanos the request timeout
     * @param weight the weight, at least 1
     */
    public OpPlan {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(request, "request");
        if (Objects.requireNonNull(success, "success").length != 600) {
            throw new IllegalArgumentException("success table must have 600 entries");
        }
    }

    /**
     * Builds the order in which a run takes its operations: a smooth weighted round robin over
     * {@code sum of weights} slots, so each operation gets its share in every cycle and the
     * operations are interleaved rather than sent in runs.
     *
     * @param ops the operations
     * @return operation indexes, one per slot of a cycle
     */
    static int[] cycle(java.util.List<OpPlan> ops) {
        int total = 0;
        for (OpPlan o : ops) {
            total += o.weight();
        }
        int[] order = new int[total];
        int[] current = new int[ops.size()];
        for (int slot = 0; slot < total; slot++) {
            int best = 0;
            for (int i = 0; i < ops.size(); i++) {
                current[i] += ops.get(i).weight();
                if (current[i] > current[best]) {
                    best = i;
                }
            }
            current[best] -= total;
            order[slot] = best;
        }
        return order;
    }
}
