package io.gonogo.core.internal;

import io.gonogo.core.ChecklistItem;
import io.gonogo.core.Numbers;
import io.gonogo.core.config.ChecklistSpec;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The checklist rule: a checklist with fewer items done than the policy's {@code checklist-min}
 * percent, or an empty one under such a minimum, is a condition naming the open items.
 */
public final class ChecklistRule {
    private ChecklistRule() {}

    /**
     * Checks each item of {@code checklist} on {@code today}, adds the checklist's note and, when
     * it falls short of {@code minPercent}, its condition; returns the items in file order.
     */
    public static List<ChecklistItem> apply(
            List<ChecklistSpec> checklist,
            Readiness readiness,
            LocalDate today,
            OptionalDouble minPercent,
            Findings findings) {
        List<ChecklistItem> items = new ArrayList<>();
        for (ChecklistSpec spec : checklist) {
            items.add(readiness.check(spec, today));
        }
        long done = items.stream().filter(ChecklistItem::done).count();
        if (!items.isEmpty()) {
            findings.note(
                    "checklist",
                    "readiness checklist: " + done + " of " + items.size() + " items done");
        }
        if (minPercent.isPresent()) {
            double min = minPercent.getAsDouble();
            double share = items.isEmpty() ? 0 : 100.0 * done / items.size();
            if (items.isEmpty() || share < min) {
                findings.condition("checklist", shortOf(items, done, share, min));
            }
        }
        return items;
    }

    private static String shortOf(List<ChecklistItem> items, long done, double share, double min) {
        List<String> open = items.stream().filter(i -> !i.done()).map(ChecklistItem::id).toList();
        return "the readiness checklist has "
                + done
                + " of "
                + items.size()
                + " items done ("
                + Numbers.short4(share)
                + "%), below the policy's minimum of "
                + Numbers.short4(min)
                + "%"
                + (open.isEmpty() ? "" : "; open: " + String.join(", ", open));
    }
}
