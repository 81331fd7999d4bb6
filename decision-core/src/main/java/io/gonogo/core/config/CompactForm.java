package io.gonogo.core.config;

import io.gonogo.core.Criterion;
import io.gonogo.core.Quantity;
import io.gonogo.core.Unit;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The compact criterion form, close to k6's thresholds: an aggregation written before the operator,
 * such as {@code p(99) < 15ms}, {@code avg < 5ms}, {@code med < 2ms}, {@code min > 1ms}, {@code max
 * < 40ms}, {@code count > 1000} or {@code rate > 99.9%} (also {@code rate > 0.999}, a share as k6
 * writes it). {@code p99}, {@code mean} and {@code sum} are read too. {@code rate} names no
 * aggregation: the value is taken as measured (the worst, when several match).
 *
 * @param aggregation the aggregation the prefix names; empty for {@code rate}
 * @param rate whether the prefix is {@code rate}
 * @param criterion the criterion after the prefix, with a {@code rate} share turned into percent
 */
record CompactForm(Optional<Aggregation> aggregation, boolean rate, Criterion criterion) {

    private static final Pattern FORM =
            Pattern.compile(
                    "(p\\(\\s*\\d{1,2}(?:\\.\\d{1,4})?\\s*\\)|p\\d{1,2}(?:\\.\\d{1,4})?"
                            + "|avg|mean|med|min|max|count|sum|rate)"
                            + "\\s*((?:<=|>=|<|>).*)",
                    Pattern.CASE_INSENSITIVE);

    /**
     * The compact form of {@code text}, or empty when it has no aggregation prefix (the plain
     * form).
     *
     * @throws IllegalArgumentException when the prefix or the criterion after it is wrong
     */
    static Optional<CompactForm> parse(String text) {
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        String prefix = m.group(1).toLowerCase(Locale.ROOT).replace(" ", "");
        Criterion c = Criterion.parse(m.group(2));
        if (c.isRelative()) {
            throw new IllegalArgumentException(
                    "'"
                            + text.strip()
                            + "' mixes the compact form with a relative criterion; write the"
                            + " aggregation in 'aggregate' and the relative criterion in 'pass'");
        }
        if (prefix.equals("rate")) {
            Quantity q = c.threshold();
            if (q.unit() == Unit.COUNT && q.value() >= 0 && q.value() <= 1) {
                c = new Criterion(c.relation(), new Quantity(q.value() * 100.0, Unit.PERCENT));
            } else if (q.unit() != Unit.PERCENT) {
                throw new IllegalArgumentException(
                        "'" + text.strip() + "': rate takes a share, such as 99.9% or 0.999");
            }
            return Optional.of(new CompactForm(Optional.empty(), true, c));
        }
        return Optional.of(new CompactForm(Optional.of(Aggregation.parse(prefix)), false, c));
    }

    /** {@code text}'s criterion, whether written in the compact or the plain form. */
    static Criterion criterion(String text) {
        return parse(text).map(CompactForm::criterion).orElseGet(() -> Criterion.parse(text));
    }
}
