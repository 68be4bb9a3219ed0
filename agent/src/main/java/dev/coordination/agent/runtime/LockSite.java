package dev.coordination.agent.runtime;

import dev.coordination.agent.template.LockNameTemplate;
import dev.coordination.agent.template.MethodShape;
import dev.coordination.agent.template.TemplateCompileException;
import dev.coordination.agent.template.TemplateRenderException;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code @Synchronized} method, compiled once when its class loads: its templates, how it
 * waits, and, when it cannot be locked, why (every call then fails with that message).
 */
public final class LockSite {

    private final String label;
    private final LockNameTemplate[] templates;
    private final List<String> templateSources;
    private final LockStats stats = new LockStats();
    private final boolean blocking;
    private final long timeoutNanos;
    private final String timeoutText;
    private final String loadError;
    private final WeakReference<ClassLoader> loader;
    /** The lock name of a site with one template without fields, checked once; otherwise null. */
    private final String constantName;

    private LockSite(
            String label,
            LockNameTemplate[] templates,
            List<String> templateSources,
            boolean blocking,
            long timeoutNanos,
            String timeoutText,
            String loadError,
            ClassLoader loader) {
        this.label = label;
        this.templates = templates;
        this.templateSources = List.copyOf(templateSources);
        this.blocking = blocking;
        this.timeoutNanos = timeoutNanos;
        this.timeoutText = timeoutText;
        this.loadError = loadError;
        this.loader = new WeakReference<>(loader);
        String constant = templates.length == 1 && templates[0] != null ? templates[0].constant() : null;
        this.constantName = constant != null && LockNames.problem(constant) == null ? constant : null;
    }

    /**
     * Compiles a method's annotation. Never throws for the application's mistakes: they become the
     * site's {@link #loadError()}.
     *
     * @param refusal why the method cannot be locked whatever its templates say (for instance an
     *     asynchronous return type), or {@code null}
     */
    public static LockSite compile(
            MethodShape method,
            List<String> templateSources,
            boolean blocking,
            long timeout,
            TimeUnit unit,
            String refusal,
            ClassLoader loader) {
        String label = method.label();
        String timeoutText = timeout + " " + unit.name();
        long timeoutNanos = timeout < 0 ? -1 : unit.toNanos(timeout);
        List<String> errors = new ArrayList<>();
        if (refusal != null) {
            errors.add(refusal);
        }
        if (templateSources.isEmpty()) {
            errors.add("@Synchronized on " + label + " names no lock: give at least one template");
        }
        if (!blocking && timeout >= 0) {
            errors.add("@Synchronized on " + label + " has blocking=false and timeout=" + timeoutText
                    + ": a call that does not wait cannot have a timeout; drop one of them");
        }
        LockNameTemplate[] compiled = new LockNameTemplate[templateSources.size()];
        for (int i = 0; i < compiled.length; i++) {
            try {
                compiled[i] = LockNameTemplate.compile(templateSources.get(i), method);
            } catch (TemplateCompileException e) {
                errors.add(e.getMessage());
            }
        }
        String loadError = errors.isEmpty() ? null : String.join("; ", errors);
        return new LockSite(label, compiled, templateSources, blocking, timeoutNanos, timeoutText, loadError, loader);
    }

    /**
     * A method that cannot be locked for a reason outside its annotation (its class could not be
     * instrumented): every call fails with {@code reason}.
     */
    public static LockSite refused(
            MethodShape method, List<String> templateSources, String reason, ClassLoader loader) {
        return new LockSite(
                method.label(), new LockNameTemplate[0], templateSources, true, -1, "-1 SECONDS", reason, loader);
    }

    /** {@code VolumeService#attach(Volume, Host)}. */
    public String label() {
        return label;
    }

    /** The annotation's templates, as written. */
    public List<String> templateSources() {
        return templateSources;
    }

    /** What this method's calls did so far. */
    public LockStats stats() {
        return stats;
    }

    /** Why every call of this method fails, or {@code null} when it can be locked. */
    public String loadError() {
        return loadError;
    }

    boolean blocking() {
        return blocking;
    }

    String timeoutText() {
        return timeoutText;
    }

    Deadline deadline(long nowNanos) {
        if (!blocking) {
            return Deadline.noWait();
        }
        return timeoutNanos < 0 ? Deadline.forever() : Deadline.after(timeoutNanos, nowNanos);
    }

    // Not cached here: sites live as long as the agent, and the exceptions pin their class loader.
    ApiExceptions exceptions() {
        return ApiExceptions.forLoader(loader.get());
    }

    /** Whether calls lock exactly one name ({@link #renderSingle}); otherwise {@link #render}. */
    boolean singleName() {
        return templates.length == 1;
    }

    /**
     * The lock name (without prefix) of this call of a one-template site, rendered and checked.
     *
     * @throws RuntimeException the application's {@code LockTemplateException}
     */
    String renderSingle(Object self, Object[] args) {
        String constant = constantName;
        return constant != null ? constant : renderOne(templates[0], self, args);
    }

    /**
     * This call's lock names (without prefix) for a site of several templates: rendered, checked,
     * without duplicates, in acquisition order ({@link LockStripes#order()}).
     *
     * @throws RuntimeException the application's {@code LockTemplateException}
     */
    String[] render(Object self, Object[] args, LockStripes stripes) {
        String[] names = new String[templates.length];
        for (int i = 0; i < names.length; i++) {
            names[i] = renderOne(templates[i], self, args);
        }
        stripes.sortInOrder(names);
        int unique = 1;
        for (int i = 1; i < names.length; i++) {
            if (!names[i].equals(names[unique - 1])) {
                names[unique++] = names[i];
            }
        }
        return unique == names.length ? names : Arrays.copyOf(names, unique);
    }

    private String renderOne(LockNameTemplate template, Object self, Object[] args) {
        String name;
        try {
            name = template.render(self, args);
        } catch (TemplateRenderException e) {
            throw exceptions().template(e.getMessage(), e.getCause());
        }
        String problem = LockNames.problem(name);
        if (problem != null) {
            throw exceptions()
                    .template(
                            "template \"" + template.source() + "\" on " + label + " rendered the lock name \""
                                    + abbreviate(name) + "\", which " + problem,
                            null);
        }
        return name;
    }

    static String abbreviate(String name) {
        return name.length() <= 80 ? name : name.substring(0, 77) + "...";
    }
}
