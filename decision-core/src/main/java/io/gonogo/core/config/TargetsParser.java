package io.gonogo.core.config;

import io.gonogo.core.Criterion;
import io.gonogo.core.InvalidInputException;
import io.gonogo.core.Profile;
import io.gonogo.core.Release;
import io.gonogo.core.RiskLevel;
import io.gonogo.core.RiskStatus;
import io.gonogo.core.Subject;
import io.gonogo.core.Unit;
import io.gonogo.core.Verdict;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Reads a targets file.
 *
 * <p>Accepted top-level sections (any other key is an error naming its line and column):
 *
 * <pre>
 * release:              # required
 *   name: text          # required
 *   phase: text
 *   date: text
 *   owner: text
 * profile: quick|full   # default quick; --profile overrides
 * sut: embedded         # required with suites; or {url: http://host:port} or {command: ...}
 * suites:               # one mapping per suite kind, validated by that kind
 *   load: {...}
 * targets:              # list
 *   - id: p99-1k                   # required, unique
 *     title: P99 latency at 1K     # default: the id
 *     metric: latency              # required
 *     where: {scenario: health-1k} # label filter, default none
 *     aggregate: p99               # required for distributions (latency, connect_time)
 *     pass: "&lt; 10ms"            # required: &lt; &lt;= &gt; &gt;= and a quantity, unit included
 *     acceptable: "&lt; 25ms"      # looser band giving ACCEPTABLE
 *     stretch: "&lt; 5ms"          # stricter criterion giving EXCEEDED
 *     critical: true               # default true
 * risks:                # list: the risk register
 *   - id: db-failover              # required, unique; 'target.' is kept for derived risks
 *     title: text                  # required
 *     probability: low|medium|high # required
 *     impact: low|medium|high      # required
 *     mitigation: text
 *     owner: text                  # default: the policy's condition owner
 *     status: open|mitigated|accepted|closed   # default open; only closed stops it counting
 *     when: target p99-5k ACCEPTABLE           # or: suite chaos failed | suite chaos not-executed
 *     due: 2026-12-01              # due date of the condition a MEDIUM risk becomes
 * checklist:            # list: readiness items, each with exactly one binding
 *   - id: runbook                  # required, unique
 *     title: text                  # required
 *     evidence: file docs/runbook.md exists    # or: suite load passed | target p99-1k met
 *   - id: security-review
 *     title: text
 *     attested-by: name            # done only with attested-on, on or before the decision
 *     attested-on: 2026-11-20
 * policy:
 *   require-profile: full
 *   condition-owner: text
 *   condition-due-days: 14
 *   risk-matrix:                   # probability -> impact -> level, over the default
 *     high: {low: high}
 *   checklist-min: 80%             # below it, the checklist is a condition
 * reports:
 *   out: reports/                  # relative to the working directory
 * results:              # list: other tools' result files to import; see {@link ResultsSpec}
 *   - {path: build/jmh-result.json, id: jmh, format: jmh, labels: {transport: http},
 *      optional: false}
 *   approvers: [name, ...]         # who signs the go/no-go document's approval block
 * plan:                 # the sprint of the progress report; see PlanParser
 *   objective: text
 *   tasks:
 *     - {id: load-suite, title: text, status: done, deliverables: [path], suites: [load],
 *        done-when: suite load executed}
 * </pre>
 *
 * <p>Every value may take text from the environment: {@code ${env:NAME}}, or {@code
 * ${env:NAME:-default}} for a variable that may be unset or empty; <code>$${</code> is a literal
 * <code>${</code>; {@code ${port:NAME}} is left for a {@code sut: command} provider to fill in when
 * it starts. A variable that is unset without a default, or any other {@code ${...}}, is an error
 * at the value's line and column. A file with suites must say what they run against in {@code sut}.
 * See {@link Values} for the command line's overrides.
 *
 * <p>Units: {@code ns us ms s min h}, {@code /s} ({@code req/s}, {@code ops/s}), {@code %}, {@code
 * x}, {@code B KB MB GB KiB MiB GiB}, or none for counts; one optional space between number and
 * unit. For standard metrics the unit's dimension must match the metric's (a latency target in
 * {@code /s} is an error).
 */
public final class TargetsParser {

    private TargetsParser() {}

    /**
     * Parses {@code file}.
     *
     * @param file the targets file, such as {@code targets.yaml}; {@code ${env:NAME}} is read from
     *     the process environment
     * @return the validated file
     * @throws InvalidInputException naming file, line and column of the first error
     */
    public static TargetsFile parse(Path file) {
        return parse(file, Values.fromEnvironment());
    }

    /**
     * Parses {@code file} with {@code values}: {@code ${env:NAME}} read from its environment, its
     * {@code --sut-url} and {@code --set} overrides applied before anything is validated.
     *
     * @param file the targets file
     * @param values the environment and overrides, {@link Values#fromEnvironment()} for none
     * @return the validated file
     * @throws InvalidInputException naming file, line and column (or the flag) of the first error
     */
    public static TargetsFile parse(Path file, Values values) {
        return parse(file, ValueResolver.apply(ConfigNode.read(file), values));
    }

    /**
     * Parses YAML {@code text} as if read from {@code file}.
     *
     * @param file the path errors name and relative paths resolve against; not read
     * @param text the YAML
     * @return the validated file
     * @throws InvalidInputException naming file, line and column of the first error
     */
    public static TargetsFile parse(Path file, String text) {
        return parse(file, text, Values.fromEnvironment());
    }

    /**
     * Parses YAML {@code text} as if read from {@code file}, with {@code values}.
     *
     * @param file the path errors name and relative paths resolve against; not read
     * @param text the YAML
     * @param values the environment and overrides
     * @return the validated file
     * @throws InvalidInputException naming file, line and column (or the flag) of the first error
     */
    public static TargetsFile parse(Path file, String text, Values values) {
        return parse(file, ValueResolver.apply(ConfigNode.read(file.toString(), text), values));
    }

    private static TargetsFile parse(Path file, ConfigNode root) {
        ConfigNode.Mapping top = root.asMapping("the targets file");
        acceptSections(top);
        Release release = release(top.node("release"));
        Profile profile = top.find("profile").map(TargetsParser::profile).orElse(null);
        Map<String, ConfigNode> suites = suites(top);
        SutSpec sut =
                top.find("sut")
                        .map(TargetsParser::sut)
                        .orElseGet(() -> noSut(root, suites.isEmpty()));
        List<Target> targets = targets(top);
        Policy policy = top.find("policy").map(TargetsParser::policy).orElse(Policy.DEFAULT);
        Path out = top.find("reports").map(TargetsParser::reportsOut).orElse(null);
        Set<String> targetIds = new HashSet<>();
        targets.forEach(t -> targetIds.add(t.id()));
        Path folder = file.toAbsolutePath().getParent();
        List<RiskSpec> risks = risks(top, targetIds, suites.keySet());
        List<ChecklistSpec> checklist = checklist(top, folder, targetIds, suites.keySet());
        List<ResultsSpec> results =
                top.find("results").map(n -> ResultsSpec.parse(n, folder)).orElse(List.of());
        // the progress report's sprint tasks
        PlanSpec plan =
                top.find("plan")
                        .map(n -> PlanParser.plan(n, targetIds, suites.keySet()))
                        .orElse(PlanSpec.NONE);
        List<String> approvers =
                top.find("reports").map(TargetsParser::reportsApprovers).orElse(List.of());
        Set<String> riskIds = new HashSet<>();
        risks.forEach(r -> riskIds.add(r.id()));
        List<WaiverSpec> waivers =
                top.find("waivers")
                        .map(n -> waivers(n, targetIds, riskIds, suites.keySet()))
                        .orElse(List.of());
        BaselineSpec baseline = top.find("baseline").map(n -> baseline(n, file)).orElse(null);
        return new TargetsFile(
                        file, release, profile, sut, suites, targets, policy, out, risks, checklist)
                .withResults(results)
                .withPlan(plan, approvers)
                .withRules(waivers, baseline);
    }

    /** Checks that {@code top} holds only the sections this version reads. */
    private static void acceptSections(ConfigNode.Mapping top) {
        top.accept(
                "release",
                "profile",
                "sut",
                "suites",
                "targets",
                "policy",
                "reports",
                "risks",
                "checklist",
                "plan",
                "results",
                "waivers",
                "baseline");
        for (String key : List.of("include")) {
            top.keyNode(key)
                    .ifPresent(
                            k -> {
                                throw k.error(
                                        "section '"
                                                + key
                                                + "' is not supported by this version of gonogo"
                                                + " yet");
                            });
        }
        top.finish();
    }

    /** The suite kinds of 'suites', in file order, with their settings. */
    private static Map<String, ConfigNode> suites(ConfigNode.Mapping top) {
        Map<String, ConfigNode> suites = new LinkedHashMap<>();
        top.find("suites")
                .ifPresent(
                        n -> {
                            ConfigNode.Mapping m = n.asMapping("'suites'");
                            for (String kind : m.keys()) {
                                suites.put(kind, m.node(kind));
                            }
                        });
        return suites;
    }

    /** The targets of 'targets', in file order; their ids must be unique. */
    private static List<Target> targets(ConfigNode.Mapping top) {
        List<Target> targets = new ArrayList<>();
        Map<String, ConfigNode> seen = new HashMap<>();
        top.find("targets")
                .ifPresent(
                        n -> {
                            for (ConfigNode item : n.asList("'targets'")) {
                                Target t = target(item);
                                ConfigNode previous = seen.putIfAbsent(t.id(), item);
                                if (previous != null) {
                                    throw item.error(
                                            "duplicate target id '"
                                                    + t.id()
                                                    + "'; first declared at line "
                                                    + previous.line()
                                                    + "; ids must be unique");
                                }
                                targets.add(t);
                            }
                        });
        return targets;
    }

    /** The risk register of 'risks', in file order; its ids must be unique. */
    private static List<RiskSpec> risks(
            ConfigNode.Mapping top, Set<String> targetIds, Set<String> suiteKinds) {
        List<RiskSpec> risks = new ArrayList<>();
        top.find("risks")
                .ifPresent(
                        n -> {
                            Map<String, ConfigNode> ids = new HashMap<>();
                            for (ConfigNode item : n.asList("'risks'")) {
                                RiskSpec r = risk(item, targetIds, suiteKinds);
                                unique(ids, r.id(), item, "risk");
                                risks.add(r);
                            }
                        });
        return risks;
    }

    /** The readiness checklist of 'checklist', in file order; its ids must be unique. */
    private static List<ChecklistSpec> checklist(
            ConfigNode.Mapping top, Path folder, Set<String> targetIds, Set<String> suiteKinds) {
        List<ChecklistSpec> checklist = new ArrayList<>();
        top.find("checklist")
                .ifPresent(
                        n -> {
                            Map<String, ConfigNode> ids = new HashMap<>();
                            for (ConfigNode item : n.asList("'checklist'")) {
                                ChecklistSpec c =
                                        checklistItem(item, folder, targetIds, suiteKinds);
                                unique(ids, c.id(), item, "checklist item");
                                checklist.add(c);
                            }
                        });
        return checklist;
    }

    private static List<WaiverSpec> waivers(
            ConfigNode n, Set<String> targetIds, Set<String> riskIds, Set<String> suiteKinds) {
        List<WaiverSpec> out = new ArrayList<>();
        Map<String, ConfigNode> ids = new HashMap<>();
        Map<String, ConfigNode> subjects = new HashMap<>();
        for (ConfigNode item : n.asList("'waivers'")) {
            out.add(waiver(item, targetIds, riskIds, suiteKinds, ids, subjects));
        }
        return out;
    }

    /**
     * One waiver; {@code ids} and {@code subjects} hold the waivers seen so far by id and by waived
     * subject, each of which must be unique.
     */
    private static WaiverSpec waiver(
            ConfigNode item,
            Set<String> targetIds,
            Set<String> riskIds,
            Set<String> suiteKinds,
            Map<String, ConfigNode> ids,
            Map<String, ConfigNode> subjects) {
        ConfigNode.Mapping m = item.asMapping("a waiver");
        m.accept("id", "target", "risk", "justification", "approver", "expires");
        m.finish();
        String id = m.node("id").asId("waiver id");
        unique(ids, id, item, "waiver");
        Optional<ConfigNode> target = m.find("target");
        Optional<ConfigNode> risk = m.find("risk");
        if (target.isPresent() == risk.isPresent()) {
            throw item.error(
                    "waiver '"
                            + id
                            + "' must name exactly one of 'target' or 'risk'"
                            + (target.isPresent() ? ", not both" : "")
                            + "; a waiver silences one target or one risk");
        }
        WaiverSpec.Kind kind = target.isPresent() ? WaiverSpec.Kind.TARGET : WaiverSpec.Kind.RISK;
        ConfigNode subjectNode = target.orElseGet(risk::orElseThrow);
        String subject = subjectNode.asId(kind.prefix() + " id");
        checkWaived(id, kind, subject, subjectNode, targetIds, riskIds, suiteKinds);
        ConfigNode previous = subjects.putIfAbsent(kind.prefix() + "." + subject, item);
        if (previous != null) {
            throw subjectNode.error(
                    kind.prefix()
                            + " '"
                            + subject
                            + "' is already waived by the waiver at line "
                            + previous.line()
                            + "; expected one waiver per target or risk");
        }
        String justification = m.string("justification").strip();
        if (justification.isEmpty()) {
            throw m.node("justification")
                    .error(
                            "'justification' is blank; expected why the exception is"
                                    + " acceptable");
        }
        String approver = m.string("approver").strip();
        if (approver.isEmpty()) {
            throw m.node("approver")
                    .error("'approver' is blank; expected the name of who approved the waiver");
        }
        LocalDate expires = date(m.node("expires"), "'expires'");
        return new WaiverSpec(
                id,
                kind,
                subject,
                justification,
                approver,
                expires,
                item.file() + ":" + subjectNode.line() + ":" + subjectNode.column());
    }

    /** Checks that the target or risk a waiver names is declared. */
    private static void checkWaived(
            String id,
            WaiverSpec.Kind kind,
            String subject,
            ConfigNode subjectNode,
            Set<String> targetIds,
            Set<String> riskIds,
            Set<String> suiteKinds) {
        if (kind == WaiverSpec.Kind.TARGET
                && !targetIds.contains(subject)
                && !generated(subject, suiteKinds)) {
            throw subjectNode.error(
                    "waiver '"
                            + id
                            + "' names target '"
                            + subject
                            + "', which the targets file"
                            + " does not declare"
                            + (targetIds.isEmpty()
                                    ? ""
                                    : "; declared: "
                                            + String.join(", ", new TreeSet<>(targetIds))));
        }
        if (kind == WaiverSpec.Kind.RISK && !riskIds.contains(subject)) {
            throw subjectNode.error(
                    "waiver '"
                            + id
                            + "' names risk '"
                            + subject
                            + "', which the risk register"
                            + " does not declare"
                            + (subject.startsWith(Subject.Kind.TARGET.prefix())
                                    ? "; to waive a derived risk, waive its" + " target"
                                    : "")
                            + (riskIds.isEmpty()
                                    ? ""
                                    : "; declared: " + String.join(", ", new TreeSet<>(riskIds))));
        }
    }

    /**
     * Whether {@code id} has the form of a target a suite kind generates, {@code
     * <kind>.<scenario>.<criterion>}.
     */
    private static boolean generated(String id, Set<String> suiteKinds) {
        int dot = id.indexOf('.');
        return dot > 0
                && suiteKinds.contains(id.substring(0, dot))
                && id.indexOf('.', dot + 1) > dot + 1;
    }

    private static BaselineSpec baseline(ConfigNode n, Path file) {
        Path folder = file.toAbsolutePath().getParent();
        if (n.isScalar()) {
            return new BaselineSpec(
                    BaselineSpec.Kind.FILE,
                    resolve(n, n.asString("'baseline'"), folder),
                    n.file() + ":" + n.line() + ":" + n.column());
        }
        ConfigNode.Mapping m =
                n.asMapping("'baseline' (a file, or {history: DIR})").accept("history");
        m.finish();
        ConfigNode h = m.node("history");
        return new BaselineSpec(
                BaselineSpec.Kind.HISTORY,
                resolve(h, h.asString("'history'"), folder),
                h.file() + ":" + h.line() + ":" + h.column());
    }

    private static Path resolve(ConfigNode n, String text, Path folder) {
        if (text.isBlank()) {
            throw n.error(
                    "the baseline path is blank; expected a decision.json or evidence.json, or"
                            + " {history: DIR}");
        }
        try {
            return folder.resolve(text.strip()).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw n.error("'" + text + "' is not a usable path: " + e.getReason());
        }
    }

    private static void unique(
            Map<String, ConfigNode> seen, String id, ConfigNode item, String what) {
        ConfigNode previous = seen.putIfAbsent(id, item);
        if (previous != null) {
            throw item.error(
                    "duplicate "
                            + what
                            + " id '"
                            + id
                            + "'; first declared at line "
                            + previous.line()
                            + "; ids must be unique");
        }
    }

    private static RiskSpec risk(ConfigNode item, Set<String> targetIds, Set<String> suiteKinds) {
        ConfigNode.Mapping m = item.asMapping("a risk");
        m.accept(
                "id",
                "title",
                "probability",
                "impact",
                "mitigation",
                "owner",
                "status",
                "when",
                "due");
        m.finish();
        ConfigNode idNode = m.node("id");
        String id = idNode.asId("risk id");
        if (id.startsWith(Subject.Kind.TARGET.prefix())) {
            throw idNode.error(
                    "risk id '"
                            + id
                            + "' starts with 'target.', which is kept for the risks gonogo"
                            + " derives from targets; choose another id");
        }
        String title = m.string("title");
        RiskLevel probability = level(m.node("probability"), "'probability'");
        RiskLevel impact = level(m.node("impact"), "'impact'");
        RiskStatus status =
                m.find("status")
                        .map(
                                n -> {
                                    String text = n.asScalarText("'status'");
                                    return RiskStatus.fromId(text)
                                            .orElseThrow(
                                                    () ->
                                                            n.error(
                                                                    "unknown risk status '"
                                                                            + text
                                                                            + "'; expected open,"
                                                                            + " mitigated, accepted"
                                                                            + " or closed"));
                                })
                        .orElse(RiskStatus.OPEN);
        RiskWhen when =
                m.find("when").map(n -> when(n, targetIds, suiteKinds)).orElse(RiskWhen.ALWAYS);
        LocalDate due = m.find("due").map(n -> date(n, "'due'")).orElse(null);
        return new RiskSpec(
                id,
                title,
                probability,
                impact,
                m.string("mitigation", ""),
                m.string("owner", ""),
                status,
                when,
                due);
    }

    private static RiskLevel level(ConfigNode n, String what) {
        String text = n.asScalarText(what);
        return RiskLevel.fromId(text)
                .orElseThrow(
                        () -> n.error(what + " is '" + text + "'; expected low, medium or high"));
    }

    private static LocalDate date(ConfigNode n, String what) {
        String text = n.asScalarText(what);
        try {
            return LocalDate.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw n.error(what + " is '" + text + "'; expected a date such as 2026-12-01");
        }
    }

    private static RiskWhen when(ConfigNode n, Set<String> targetIds, Set<String> suiteKinds) {
        String text = n.asString("'when'").strip();
        String[] w = text.split("\\s+", 3);
        String expected =
                "; expected 'target <id> <VERDICT>' (such as 'target p99-5k ACCEPTABLE') or"
                        + " 'suite <kind> failed' or 'suite <kind> not-executed'";
        if (w.length == 3 && w[0].equals("target")) {
            if (!targetIds.contains(w[1])) {
                throw n.error(
                        "'when' names target '"
                                + w[1]
                                + "', which the targets file does not declare"
                                + (targetIds.isEmpty()
                                        ? ""
                                        : "; declared: "
                                                + String.join(", ", new TreeSet<>(targetIds))));
            }
            String v = w[2].strip().replace(' ', '_').replace('-', '_').toUpperCase(Locale.ROOT);
            for (Verdict verdict : Verdict.values()) {
                if (verdict.name().equals(v)) {
                    return new RiskWhen(RiskWhen.Kind.TARGET, w[1], verdict, "");
                }
            }
            throw n.error(
                    "'when' has the verdict '"
                            + w[2]
                            + "'; expected EXCEEDED, MET, ACCEPTABLE, INCONCLUSIVE,"
                            + " MISSED or NOT_MEASURED");
        }
        if (w.length == 3 && w[0].equals("suite")) {
            if (!suiteKinds.contains(w[1])) {
                throw n.error(
                        "'when' names suite '"
                                + w[1]
                                + "', which 'suites' does not declare"
                                + (suiteKinds.isEmpty()
                                        ? ""
                                        : "; declared: " + String.join(", ", suiteKinds)));
            }
            if (!w[2].equals(RiskWhen.FAILED) && !w[2].equals(RiskWhen.NOT_EXECUTED)) {
                throw n.error(
                        "'when' has the suite state '"
                                + w[2]
                                + "'; expected failed or not-executed");
            }
            return new RiskWhen(RiskWhen.Kind.SUITE, w[1], null, w[2]);
        }
        throw n.error("'when' is '" + text + "'" + expected);
    }

    private static ChecklistSpec checklistItem(
            ConfigNode item, Path folder, Set<String> targetIds, Set<String> suiteKinds) {
        ConfigNode.Mapping m = item.asMapping("a checklist item");
        m.accept("id", "title", "evidence", "attested-by", "attested-on");
        m.finish();
        String id = m.node("id").asId("checklist item id");
        String title = m.string("title");
        Optional<ConfigNode> evidence = m.find("evidence");
        Optional<ConfigNode> by = m.find("attested-by");
        Optional<ConfigNode> on = m.find("attested-on");
        if (evidence.isPresent() && by.isPresent()) {
            throw m.keyNode("attested-by")
                    .orElseThrow()
                    .error(
                            "checklist item '"
                                    + id
                                    + "' has both 'evidence'"
                                    + " and 'attested-by'; expected exactly one binding");
        }
        if (on.isPresent() && by.isEmpty()) {
            throw m.keyNode("attested-on")
                    .orElseThrow()
                    .error("'attested-on' needs 'attested-by' naming who" + " attested");
        }
        if (evidence.isEmpty() && by.isEmpty()) {
            throw item.error(
                    "checklist item '"
                            + id
                            + "' has no binding; expected 'evidence: suite <kind> passed',"
                            + " 'evidence: target <id> met', 'evidence: file <path> exists' or"
                            + " 'attested-by: <name>'");
        }
        if (by.isPresent()) {
            return new ChecklistSpec(id, title, attestation(by.get(), on));
        }
        return new ChecklistSpec(
                id, title, evidence(evidence.orElseThrow(), folder, targetIds, suiteKinds));
    }

    /** The binding of an item attested by {@code by}, on the date {@code on} if given. */
    private static ChecklistSpec.Binding attestation(ConfigNode by, Optional<ConfigNode> on) {
        String name = by.asString("'attested-by'").strip();
        if (name.isEmpty()) {
            throw by.error("'attested-by' is blank; expected the name of the person who attests");
        }
        return ChecklistSpec.Binding.attestation(
                name, on.map(n -> date(n, "'attested-on'")).orElse(null));
    }

    /** The binding an item's 'evidence' {@code n} names. */
    private static ChecklistSpec.Binding evidence(
            ConfigNode n, Path folder, Set<String> targetIds, Set<String> suiteKinds) {
        String text = n.asString("'evidence'").strip();
        String[] w = text.split("\\s+");
        if (w.length == 3 && w[0].equals("suite") && w[2].equals("passed")) {
            if (!suiteKinds.contains(w[1])) {
                throw n.error(
                        "'evidence' names suite '"
                                + w[1]
                                + "', which 'suites' does not declare"
                                + (suiteKinds.isEmpty()
                                        ? ""
                                        : "; declared: " + String.join(", ", suiteKinds)));
            }
            return ChecklistSpec.Binding.suitePassed(w[1]);
        }
        if (w.length == 3 && w[0].equals("target") && w[2].equals("met")) {
            if (!targetIds.contains(w[1])) {
                throw n.error(
                        "'evidence' names target '"
                                + w[1]
                                + "', which the targets file does not declare"
                                + (targetIds.isEmpty()
                                        ? ""
                                        : "; declared: "
                                                + String.join(", ", new TreeSet<>(targetIds))));
            }
            return ChecklistSpec.Binding.targetMet(w[1]);
        }
        if (w.length >= 3 && w[0].equals("file") && w[w.length - 1].equals("exists")) {
            String path =
                    text.substring("file".length(), text.length() - "exists".length()).strip();
            try {
                return ChecklistSpec.Binding.fileExists(path, folder.resolve(path).normalize());
            } catch (java.nio.file.InvalidPathException e) {
                throw n.error("'" + path + "' is not a usable file name: " + e.getReason());
            }
        }
        throw n.error(
                "'evidence' is '"
                        + text
                        + "'; expected 'suite <kind> passed', 'target <id> met' or"
                        + " 'file <path> exists' (the path relative to the targets file's folder)");
    }

    private static Release release(ConfigNode node) {
        ConfigNode.Mapping m = node.asMapping("'release'").accept("name", "phase", "date", "owner");
        m.finish();
        return new Release(
                m.string("name"),
                m.string("phase", ""),
                m.find("date").map(n -> n.asScalarText("'date'")).orElse(""),
                m.string("owner", ""));
    }

    private static Profile profile(ConfigNode node) {
        String id = node.asScalarText("'profile'");
        return Profile.fromId(id)
                .orElseThrow(
                        () -> node.error("unknown profile '" + id + "'; expected quick or full"));
    }

    /**
     * The service under test of a file without {@code sut}: none is needed when there are no suites
     * (the embedded server stands in, and nothing starts it); with suites it is an error.
     */
    private static SutSpec noSut(ConfigNode root, boolean noSuites) {
        if (noSuites) {
            return SutSpec.embedded();
        }
        throw InvalidInputException.at(
                root.file(),
                1,
                1,
                "the file has suites but no 'sut' saying what they run against; add one of:"
                        + " 'sut: embedded' (the bundled governance server, started for the run),"
                        + " 'sut: {url: http://127.0.0.1:8080}' (a service already running),"
                        + " 'sut: {command: ./run-service.sh}' (a service gonogo starts and"
                        + " stops), or give --sut-url URL");
    }

    private static SutSpec sut(ConfigNode node) {
        if (node.isScalar()) {
            String kind = node.asScalarText("'sut'");
            if (!kind.equals("embedded")) {
                throw node.error(
                        "unknown sut '"
                                + kind
                                + "'; expected embedded, or a mapping such as"
                                + " {url: http://127.0.0.1:8080}");
            }
            return SutSpec.embedded();
        }
        ConfigNode.Mapping m = node.asMapping("'sut'");
        if (m.keys().size() != 1) {
            throw node.error(
                    "expected 'sut' to name exactly one provider (embedded, url or command), found "
                            + m.keys().size()
                            + " keys");
        }
        String kind = m.keys().iterator().next();
        m.accept(kind);
        return new SutSpec(kind, m.node(kind));
    }

    private static Target target(ConfigNode item) {
        ConfigNode.Mapping m = item.asMapping("a target");
        m.accept(
                "id",
                "title",
                "metric",
                "where",
                "aggregate",
                "pass",
                "acceptable",
                "stretch",
                "critical");
        m.finish();
        String id = m.node("id").asId("target id");
        Target.Builder b =
                Target.builder(id).location(item.file() + ":" + item.line() + ":" + item.column());
        m.find("title").ifPresent(n -> b.title(n.asString("'title'")));
        ConfigNode metricNode = m.node("metric");
        String metric = metricNode.asId("metric name");
        b.metric(metric);
        m.find("where").ifPresent(n -> b.where(n.asStringMap("'where'")));
        Optional<Metrics.Info> info = Metrics.find(metric);
        Optional<ConfigNode> aggNode = m.find("aggregate");
        ConfigNode passNode = m.node("pass");
        Aggregation aggregation = aggregation(m, aggNode, passNode, metric, info);
        if (aggregation != null) {
            b.aggregate(aggregation);
        }
        checkAggregationFits(item, id, metric, info, aggregation, aggNode);
        Unit.Dimension expected =
                aggregation != null && aggregation.kind() == Aggregation.Kind.COUNT
                        ? Unit.Dimension.COUNT
                        : info.map(i -> i.unit().dimension()).orElse(null);
        Criterion pass = criterion(passNode, "'pass'", expected, metric);
        b.pass(pass);
        m.find("acceptable")
                .ifPresent(
                        n -> b.acceptable(looser(n, "'acceptable'", pass, expected, metric, true)));
        m.find("stretch")
                .ifPresent(n -> b.stretch(looser(n, "'stretch'", pass, expected, metric, false)));
        b.critical(m.bool("critical", true));
        return b.build();
    }

    /**
     * The target's aggregation, from 'aggregate' or the compact form of 'pass' (which must agree),
     * checked against the forms of 'acceptable' and 'stretch'; null when it has none.
     */
    private static Aggregation aggregation(
            ConfigNode.Mapping m,
            Optional<ConfigNode> aggNode,
            ConfigNode passNode,
            String metric,
            Optional<Metrics.Info> info) {
        Aggregation aggregation =
                aggNode.map(n -> parse(n, Aggregation::parse, "'aggregate'")).orElse(null);
        // the compact form (p(99) < 15ms) names the aggregation in 'pass'; it must agree with
        // 'aggregate'
        Optional<CompactForm> compact = parse(passNode, CompactForm::parse, "'pass'");
        if (compact.isPresent() && compact.get().aggregation().isPresent()) {
            Aggregation named = compact.get().aggregation().get();
            if (aggregation != null && !aggregation.equals(named)) {
                throw passNode.error(
                        "'pass' names the aggregation "
                                + named
                                + " but 'aggregate' is "
                                + aggregation
                                + "; give it once, in 'pass' or in 'aggregate'");
            }
            aggregation = named;
        }
        if (compact.isPresent()
                && compact.get().rate()
                && info.isPresent()
                && info.get().unit() != Unit.PERCENT) {
            throw passNode.error(
                    "'pass' uses rate, but '"
                            + metric
                            + "' is not a share; expected a metric such as"
                            + " success_rate");
        }
        for (String key : List.of("acceptable", "stretch")) {
            Optional<ConfigNode> n = m.find(key);
            Optional<CompactForm> other =
                    n.isPresent()
                            ? parse(n.get(), CompactForm::parse, "'" + key + "'")
                            : Optional.empty();
            if (other.isPresent()
                    && !other.get().aggregation().equals(Optional.ofNullable(aggregation))) {
                throw n.get()
                        .error(
                                "'"
                                        + key
                                        + "' names "
                                        + other.get()
                                                .aggregation()
                                                .map(Aggregation::text)
                                                .orElse("rate")
                                        + " but the target's aggregation is "
                                        + (aggregation == null ? "none" : aggregation.text())
                                        + "; expected the same aggregation as 'pass'");
            }
        }
        return aggregation;
    }

    /** Checks that {@code aggregation} suits the kind of the known metric {@code metric}. */
    private static void checkAggregationFits(
            ConfigNode item,
            String id,
            String metric,
            Optional<Metrics.Info> info,
            Aggregation aggregation,
            Optional<ConfigNode> aggNode) {
        if (info.isPresent()) {
            if (info.get().distribution() && aggregation == null) {
                throw item.error(
                        "target '"
                                + id
                                + "' on the distribution '"
                                + metric
                                + "' needs 'aggregate', such as p50, p99, p99.9, max or mean");
            }
            if (!info.get().distribution()
                    && aggregation != null
                    && aggregation.kind() == Aggregation.Kind.PERCENTILE) {
                throw aggNode.get()
                        .error(
                                "'"
                                        + aggregation
                                        + "' needs a distribution, but '"
                                        + metric
                                        + "' is a single value per scenario; expected min, max,"
                                        + " mean, sum or count");
            }
        }
    }

    private static Criterion looser(
            ConfigNode n,
            String what,
            Criterion pass,
            Unit.Dimension expected,
            String metric,
            boolean looser) {
        Criterion c = criterion(n, what, expected, metric);
        if (c.isRelative() != pass.isRelative()) {
            throw n.error(
                    what
                            + " '"
                            + c
                            + "' must be "
                            + (pass.isRelative() ? "relative" : "absolute")
                            + " like 'pass' '"
                            + pass
                            + "'; expected "
                            + (pass.isRelative() ? "such as '<= +20% vs baseline'" : "a quantity"));
        }
        if (c.threshold().unit().dimension() != pass.threshold().unit().dimension()) {
            throw n.error(
                    what
                            + " is in "
                            + c.threshold().unit()
                            + " but 'pass' is in "
                            + pass.threshold().unit()
                            + "; expected the same kind of unit");
        }
        if (c.relation().lowerIsBetter() != pass.relation().lowerIsBetter()) {
            throw n.error(
                    what
                            + " '"
                            + c
                            + "' points the other way from 'pass' '"
                            + pass
                            + "'; expected "
                            + (pass.relation().lowerIsBetter() ? "< or <=" : "> or >="));
        }
        double a = c.threshold().valueIn(pass.threshold().unit());
        double p = pass.threshold().value();
        // an acceptable band may equal the pass threshold; a stretch goal must be strictly beyond
        // it
        boolean ok =
                looser
                        ? (pass.relation().lowerIsBetter() ? a >= p : a <= p)
                        : (pass.relation().lowerIsBetter() ? a < p : a > p);
        if (!ok) {
            throw n.error(
                    what
                            + " '"
                            + c
                            + "' must be "
                            + (looser ? "looser than or equal to" : "strictly stricter than")
                            + " 'pass' '"
                            + pass
                            + "'");
        }
        return c;
    }

    private static Criterion criterion(
            ConfigNode n, String what, Unit.Dimension expected, String metric) {
        Criterion written = parse(n, CompactForm::criterion, what);
        if (written.isRelative()) {
            // the change is a signed percentage of the baseline; only the absolute part has the
            // metric's unit
            written.absolutePart().ifPresent(a -> absolute(n, what, a, expected, metric));
            return written;
        }
        return absolute(n, what, written, expected, metric);
    }

    private static Criterion absolute(
            ConfigNode n, String what, Criterion c, Unit.Dimension expected, String metric) {
        if (Metrics.find(metric).isPresent() && c.threshold().value() < 0) {
            throw n.error(
                    what
                            + " '"
                            + c
                            + "' has a negative threshold; '"
                            + metric
                            + "' is never negative");
        }
        if (Metrics.find(metric).isPresent()
                && c.threshold().unit() == Unit.PERCENT
                && c.threshold().value() > 100) {
            throw n.error(
                    what + " '" + c + "' is above 100%; expected a share between 0% and 100%");
        }
        if (expected != null && c.threshold().unit().dimension() != expected) {
            throw n.error(
                    what
                            + " '"
                            + c
                            + "' is in "
                            + describe(c.threshold().unit())
                            + " but '"
                            + metric
                            + "' is measured in "
                            + expected.name().toLowerCase(java.util.Locale.ROOT)
                            + "; expected a unit such as "
                            + example(expected));
        }
        return c;
    }

    private static String describe(Unit unit) {
        return unit == Unit.COUNT ? "a plain count" : "'" + unit.symbol() + "'";
    }

    private static String example(Unit.Dimension d) {
        return switch (d) {
            case DURATION -> "ms, us or s";
            case RATE -> "/s";
            case PERCENT -> "%";
            case RATIO -> "x";
            case BYTES -> "MB or MiB";
            case COUNT -> "none (a plain number)";
        };
    }

    private static <T> T parse(ConfigNode n, Function<String, T> parser, String what) {
        String text = n.asScalarText(what);
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw n.error(what + ": " + e.getMessage());
        }
    }

    private static Policy policy(ConfigNode node) {
        ConfigNode.Mapping m =
                node.asMapping("'policy'")
                        .accept(
                                "require-profile",
                                "condition-owner",
                                "condition-due-days",
                                "risk-matrix",
                                "checklist-min");
        m.finish();
        Profile require = m.find("require-profile").map(TargetsParser::profile).orElse(null);
        int due =
                m.find("condition-due-days")
                        .map(n -> n.asInt("'condition-due-days'", 0, 3650))
                        .orElse(14);
        RiskMatrix matrix =
                m.find("risk-matrix").map(TargetsParser::riskMatrix).orElse(RiskMatrix.DEFAULT);
        Double min = m.find("checklist-min").map(TargetsParser::percent).orElse(null);
        return new Policy(require, m.string("condition-owner", ""), due, matrix, min);
    }

    private static RiskMatrix riskMatrix(ConfigNode node) {
        ConfigNode.Mapping rows = node.asMapping("'risk-matrix'").accept("low", "medium", "high");
        rows.finish();
        Map<RiskLevel, Map<RiskLevel, RiskLevel>> cells = new java.util.EnumMap<>(RiskLevel.class);
        for (String p : rows.keys()) {
            ConfigNode.Mapping row =
                    rows.node(p)
                            .asMapping("risk-matrix row '" + p + "' (impact: level)")
                            .accept("low", "medium", "high");
            row.finish();
            Map<RiskLevel, RiskLevel> r = new java.util.EnumMap<>(RiskLevel.class);
            for (String i : row.keys()) {
                r.put(
                        RiskLevel.fromId(i).orElseThrow(),
                        level(row.node(i), "risk-matrix cell " + p + "/" + i));
            }
            cells.put(RiskLevel.fromId(p).orElseThrow(), r);
        }
        try {
            return new RiskMatrix(cells);
        } catch (IllegalArgumentException e) {
            throw node.error("'risk-matrix': " + e.getMessage());
        }
    }

    private static Double percent(ConfigNode n) {
        String text = n.asScalarText("'checklist-min'").strip();
        java.util.regex.Matcher pm =
                java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?) ?%").matcher(text);
        if (!pm.matches()) {
            throw n.error("'checklist-min' is '" + text + "'; expected a share such as 80%");
        }
        double v = Double.parseDouble(pm.group(1));
        if (v > 100) {
            throw n.error("'checklist-min' is " + text + "; expected a share between 0% and 100%");
        }
        return v;
    }

    private static Path reportsOut(ConfigNode node) {
        ConfigNode.Mapping m = node.asMapping("'reports'").accept("out", "approvers");
        m.finish();
        return m.find("out")
                .map(
                        n -> {
                            try {
                                return Path.of(n.asString("'out'"));
                            } catch (java.nio.file.InvalidPathException e) {
                                throw n.error(
                                        "'out' is not a usable folder name: " + e.getReason());
                            }
                        })
                .orElse(null);
    }

    /** {@code reports.approvers}: who signs the go/no-go document, in file order. */
    private static List<String> reportsApprovers(ConfigNode node) {
        ConfigNode.Mapping m = node.asMapping("'reports'");
        List<String> names = new ArrayList<>();
        for (ConfigNode n :
                m.find("approvers").map(a -> a.asList("'approvers'")).orElse(List.of())) {
            String name = n.asString("an approver").strip();
            if (name.isEmpty()) {
                throw n.error(
                        "an approver is blank; expected the name (and role) of a person who signs");
            }
            names.add(name);
        }
        return names;
    }
}
