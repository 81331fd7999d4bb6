package io.gonogo.core.config;

import io.gonogo.core.RiskLevel;
import io.gonogo.core.RiskStatus;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * A risk as the register in the targets file declares it; the engine gives it its level and decides
 * whether it counts. Immutable.
 */
public final class RiskSpec {
    private final String id;
    private final String title;
    private final RiskLevel probability;
    private final RiskLevel impact;
    private final String mitigation;
    private final String owner;
    private final RiskStatus status;
    private final RiskWhen when;
    private final LocalDate due;

    /**
     * Creates a declared risk.
     *
     * @param when what activates it, {@link RiskWhen#ALWAYS} when it always applies
     * @param due due date of the condition a MEDIUM risk becomes; null for the policy's
     * @param id unique id in the register, such as {@code R-7}
     * @param title what could go wrong
     * @param probability how likely it is
     * @param impact how bad it would be
     * @param mitigation what reduces it; empty when nothing does
     * @param owner who watches it; empty for the policy's condition owner
     * @param status where it stands
     */
    public RiskSpec(
            String id,
            String title,
            RiskLevel probability,
            RiskLevel impact,
            String mitigation,
            String owner,
            RiskStatus status,
            RiskWhen when,
            LocalDate due) {
        this.id = Objects.requireNonNull(id, "id");
        this.title = Objects.requireNonNull(title, "title");
        this.probability = Objects.requireNonNull(probability, "probability");
        this.impact = Objects.requireNonNull(impact, "impact");
        this.mitigation = Objects.requireNonNull(mitigation, "mitigation");
        this.owner = Objects.requireNonNull(owner, "owner");
        this.status = Objects.requireNonNull(status, "status");
        this.when = Objects.requireNonNull(when, "when");
        this.due = due;
    }

    /**
     * The risk's id.
     *
     * @return the id, such as {@code R-7}
     */
    public String id() {
        return id;
    }

    /**
     * What could go wrong.
     *
     * @return the title, in one line
     */
    public String title() {
        return title;
    }

    /**
     * How likely it is.
     *
     * @return LOW, MEDIUM or HIGH
     */
    public RiskLevel probability() {
        return probability;
    }

    /**
     * How bad it would be.
     *
     * @return LOW, MEDIUM or HIGH
     */
    public RiskLevel impact() {
        return impact;
    }

    /**
     * What reduces it.
     *
     * @return the mitigation, empty when none is declared
     */
    public String mitigation() {
        return mitigation;
    }

    /**
     * Who watches it; empty for the policy's condition owner.
     *
     * @return the owner, or empty
     */
    public String owner() {
        return owner;
    }

    /**
     * Where it stands.
     *
     * @return open, mitigated, accepted or closed; a closed risk does not count
     */
    public RiskStatus status() {
        return status;
    }

    /**
     * What activates it.
     *
     * @return the condition, {@link RiskWhen#ALWAYS} when it always applies
     */
    public RiskWhen when() {
        return when;
    }

    /**
     * The due date of the condition it becomes when MEDIUM, if the register gives one.
     *
     * @return the due date, or empty for the policy's {@code condition-due-days}
     */
    public Optional<LocalDate> due() {
        return Optional.ofNullable(due);
    }
}
