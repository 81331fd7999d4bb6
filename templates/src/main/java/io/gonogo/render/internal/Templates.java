package io.gonogo.render.internal;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.FileTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.core.ParseException;
import freemarker.core.PlainTextOutputFormat;
import freemarker.core.TemplateClassResolver;
import freemarker.ext.beans.BeansWrapper;
import freemarker.ext.beans.ClassMemberAccessPolicy;
import freemarker.ext.beans.MemberAccessPolicy;
import freemarker.ext.beans.ZeroArgumentNonVoidMethodPolicy;
import freemarker.template.Configuration;
import freemarker.template.DefaultObjectWrapperBuilder;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import io.gonogo.core.ExecutionException;
import io.gonogo.core.GonogoException;
import io.gonogo.core.InvalidInputException;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TimeZone;
import java.util.regex.Pattern;

/**
 * The FreeMarker templates of the documents, parsed once: the built-in ones on the class path
 * ({@code io/gonogo/render/}), each replaced by a file of the same name in an optional overrides
 * folder.
 *
 * <p>The configuration is locale- and time-zone-independent ({@link Locale#ROOT}, UTC, UTF-8),
 * rethrows every template error, and is locked down: templates see only the components of the view
 * records, lists, strings and booleans (no other Java method, not even {@code toString} or {@code
 * getClass}), {@code ?api} is off, {@code ?new} cannot create any class, and {@code #include} and
 * {@code #import} reach only templates inside the overrides folder (or the built-in ones): names
 * that back out of the folder are refused. Immutable and thread-safe once loaded.
 */
public final class Templates {
    /** The template of {@code go-no-go.md}. */
    public static final String GO_NO_GO = "go-no-go.md.ftl";

    /** The page around the HTML of {@code go-no-go.md}: {@code go-no-go.html}. */
    public static final String GO_NO_GO_HTML = "go-no-go.html.ftl";

    /** The template of {@code summary.md}, also appended to a GitHub Actions step summary. */
    public static final String SUMMARY = "summary.md.ftl";

    /** The template of {@code comparison-matrix.md}. */
    public static final String COMPARISON_MATRIX = "comparison-matrix.md.ftl";

    /** The page around the HTML of {@code comparison-matrix.md}: {@code comparison-matrix.html}. */
    public static final String COMPARISON_MATRIX_HTML = "comparison-matrix.html.ftl";

    /** The template of {@code progress-report.md}. */
    public static final String PROGRESS_REPORT = "progress-report.md.ftl";

    /** The page around the HTML of {@code progress-report.md}: {@code progress-report.html}. */
    public static final String PROGRESS_REPORT_HTML = "progress-report.html.ftl";

    /** The stylesheet that the built-in HTML pages include; overriding it restyles them all. */
    public static final String PAGE_STYLE = "page-style.html.ftl";

    /**
     * Every template a renderer loads up front, so that an override that does not parse fails at
     * once.
     */
    static final List<String> ALL =
            List.of(
                    GO_NO_GO,
                    GO_NO_GO_HTML,
                    SUMMARY,
                    COMPARISON_MATRIX,
                    COMPARISON_MATRIX_HTML,
                    PAGE_STYLE,
                    PROGRESS_REPORT,
                    PROGRESS_REPORT_HTML);

    private static final String CLASS_PATH_BASE = "io/gonogo/render";
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern IN_TEMPLATE =
            Pattern.compile("\\s*\\[in template \"[^\"]*\" at line \\d+, column \\d+]");

    /**
     * FreeMarker's description of its template loaders: noise to a user, and not the same twice.
     */
    private static final Pattern LOADER =
            Pattern.compile(
                    "\\s*The name was interpreted by this TemplateLoader:.*$", Pattern.DOTALL);

    private final Map<String, Loaded> templates;

    /**
     * The model of the HTML page templates: every part is HTML, escaped or drawn by gonogo, and
     * printed as it is.
     *
     * @param title the document's title, escaped for HTML
     * @param body the document's HTML: {@code intro} then {@code sections}
     * @param banner the decision, its colour and its reason, for the banner the page opens with
     * @param toc the document's sections, for the table of contents
     * @param intro the document's heading and the facts under it, before its first section
     * @param sections the document's sections, each heading with an id the table of contents links
     * @param dashboard the headline charts as SVG, for the dashboard above the sections; empty on
     *     pages without one
     */
    public record Page(
            String title,
            String body,
            Banner banner,
            List<Section> toc,
            String intro,
            String sections,
            List<String> dashboard) {
        /** Checks that every part is present and copies the lists. */
        public Page {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(banner, "banner");
            Objects.requireNonNull(intro, "intro");
            Objects.requireNonNull(sections, "sections");
            toc = List.copyOf(toc);
            dashboard = List.copyOf(dashboard);
        }
    }

    /**
     * The decision as the banner at the head of a page shows it.
     *
     * @param tone {@code go}, {@code conditions} or {@code no-go}: the banner's colour (green,
     *     amber, red), as a class name
     * @param outcome the outcome as people write it ({@code GO WITH CONDITIONS})
     * @param reason why, in one sentence, escaped for HTML
     */
    public record Banner(String tone, String outcome, String reason) {}

    /**
     * A section of a page, as its table of contents lists it.
     *
     * @param id the id of the section's heading
     * @param title the heading's text, escaped for HTML
     */
    public record Section(String id, String title) {}

    private record Loaded(Template template, Optional<Path> override) {
        String where() {
            return override.map(Path::toString)
                    .orElse("classpath:" + CLASS_PATH_BASE + "/" + template.getName());
        }
    }

    private Templates(Map<String, Loaded> templates) {
        this.templates = templates;
    }

    /**
     * Loads and parses every template.
     *
     * @param overrides a folder whose files replace the built-in templates of the same name
     * @throws InvalidInputException when an override does not parse, naming its file, line and
     *     column
     * @throws ExecutionException when a built-in template is missing or does not parse
     */
    public static Templates load(Optional<Path> overrides) {
        Configuration cfg = configuration(overrides);
        Map<String, Loaded> loaded = new LinkedHashMap<>();
        for (String name : ALL) {
            Optional<Path> override =
                    overrides.map(d -> d.resolve(name)).filter(Files::isRegularFile);
            try {
                loaded.put(name, new Loaded(cfg.getTemplate(name), override));
            } catch (ParseException e) {
                String message = "the template does not parse: " + oneLine(e.getEditorMessage());
                if (override.isPresent()) {
                    throw InvalidInputException.at(
                            override.get().toString(),
                            e.getLineNumber(),
                            e.getColumnNumber(),
                            message + "; fix it, or remove it to use the built-in " + name);
                }
                throw new ExecutionException(
                        "built-in template "
                                + name
                                + ":"
                                + e.getLineNumber()
                                + ":"
                                + e.getColumnNumber()
                                + ": "
                                + message,
                        e);
            } catch (IOException e) {
                if (override.isPresent()) {
                    throw InvalidInputException.of(
                            override.get().toString(),
                            "cannot read the template: " + oneLine(e.getMessage()),
                            e);
                }
                throw new ExecutionException(
                        "cannot load the built-in template "
                                + name
                                + ": "
                                + oneLine(e.getMessage()),
                        e);
            }
        }
        return new Templates(Map.copyOf(loaded));
    }

    /**
     * Renders template {@code name} with {@code model}, a view record whose components are the
     * template's top-level names, into a string.
     *
     * @throws InvalidInputException when an override fails, naming its file, line and column
     * @throws ExecutionException when a built-in template fails
     */
    public String render(String name, Record model) {
        Loaded t = templates.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no template " + name + "; known: " + ALL);
        }
        StringWriter out = new StringWriter(16_384);
        try {
            t.template().process(model, out);
        } catch (TemplateException e) {
            throw failure(
                    t,
                    e.getLineNumber() == null ? 0 : e.getLineNumber(),
                    e.getColumnNumber() == null ? 0 : e.getColumnNumber(),
                    "the template failed: " + oneLine(e.getMessageWithoutStackTop()),
                    e);
        } catch (IOException e) {
            throw new ExecutionException(
                    "cannot render " + t.where() + ": " + oneLine(e.getMessage()), e);
        }
        return out.toString();
    }

    private static GonogoException failure(
            Loaded t, int line, int column, String message, Exception cause) {
        if (t.override().isPresent()) {
            return InvalidInputException.of(
                    t.where() + ":" + line + ":" + column,
                    message
                            + "; fix it, or remove it to use the built-in "
                            + t.template().getName(),
                    cause);
        }
        return new ExecutionException(
                t.where() + ":" + line + ":" + column + ": " + message, cause);
    }

    private static Configuration configuration(Optional<Path> overrides) {
        Configuration cfg = new Configuration(Configuration.VERSION_2_3_34);
        TemplateLoader builtIn =
                new ClassTemplateLoader(Templates.class.getClassLoader(), CLASS_PATH_BASE);
        if (overrides.isPresent()) {
            try {
                cfg.setTemplateLoader(
                        new MultiTemplateLoader(
                                new TemplateLoader[] {
                                    new FileTemplateLoader(overrides.get().toFile()), builtIn
                                }));
            } catch (IOException e) {
                throw InvalidInputException.of(
                        overrides.get().toString(),
                        "cannot use the templates folder: " + oneLine(e.getMessage()),
                        e);
            }
        } else {
            cfg.setTemplateLoader(builtIn);
        }
        DefaultObjectWrapperBuilder wrapper =
                new DefaultObjectWrapperBuilder(Configuration.VERSION_2_3_34);
        // a record's components are its only members a template sees, and as properties (r.name,
        // not r.name()); every other method, field and constructor stays hidden
        wrapper.setExposureLevel(BeansWrapper.EXPOSE_SAFE);
        wrapper.setMemberAccessPolicy(RecordComponentsOnly.INSTANCE);
        wrapper.setRecordZeroArgumentNonVoidMethodPolicy(
                ZeroArgumentNonVoidMethodPolicy.PROPERTY_ONLY_UNLESS_BEAN_PROPERTY_READ_METHOD);
        wrapper.setUseAdaptersForContainers(true);
        cfg.setObjectWrapper(wrapper.build());
        cfg.setAPIBuiltinEnabled(false);
        cfg.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        cfg.setLocale(Locale.ROOT);
        cfg.setTimeZone(TimeZone.getTimeZone("UTC"));
        cfg.setSQLDateAndTimeTimeZone(TimeZone.getTimeZone("UTC"));
        cfg.setNumberFormat("computer");
        cfg.setBooleanFormat("c");
        cfg.setDefaultEncoding(StandardCharsets.UTF_8.name());
        cfg.setOutputEncoding(StandardCharsets.UTF_8.name());
        cfg.setOutputFormat(PlainTextOutputFormat.INSTANCE);
        cfg.setLocalizedLookup(false);
        cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        cfg.setLogTemplateExceptions(false);
        cfg.setWrapUncheckedExceptions(true);
        cfg.setFallbackOnNullLoopVariable(false);
        return cfg;
    }

    /**
     * Exposes to templates the component accessors of records and nothing else: no other method (so
     * neither {@code getClass}, {@code hashCode} nor {@code toString}), field or constructor.
     */
    private enum RecordComponentsOnly implements MemberAccessPolicy, ClassMemberAccessPolicy {
        /** The one policy, stateless. */
        INSTANCE;

        @Override
        public ClassMemberAccessPolicy forClass(Class<?> contextClass) {
            return this;
        }

        @Override
        public boolean isToStringAlwaysExposed() {
            return false;
        }

        @Override
        public boolean isMethodExposed(Method method) {
            Class<?> owner = method.getDeclaringClass();
            if (!owner.isRecord() || method.getParameterCount() != 0) {
                return false;
            }
            for (RecordComponent c : owner.getRecordComponents()) {
                if (c.getAccessor().equals(method)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public boolean isConstructorExposed(Constructor<?> constructor) {
            return false;
        }

        @Override
        public boolean isFieldExposed(Field field) {
            return false;
        }
    }

    /** FreeMarker's message on one line, without its tips and its repetition of the location. */
    private static String oneLine(String message) {
        if (message == null) {
            return "";
        }
        String m = message;
        int tips = m.indexOf("\n----");
        if (tips >= 0) {
            m = m.substring(0, tips);
        }
        m = IN_TEMPLATE.matcher(m).replaceAll("").replace("==> ", "");
        m = LOADER.matcher(m).replaceAll("");
        m = WHITESPACE.matcher(m.strip()).replaceAll(" ");
        return m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
    }
}
