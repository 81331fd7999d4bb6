package io.gonogo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No public signature of a public package names a type of an {@code internal} package: what the
 * Javadoc leaves out, a library user can neither see documented nor rely on.
 *
 * <p>Every gonogo module the command line ships is on this test's class path (as its {@code
 * target/classes} or its jar); each public type of a package without an {@code internal} segment is
 * read by reflection: its superclass, interfaces and type parameters, and its public and protected
 * fields, constructors and methods (return, parameter, exception types and their type arguments).
 */
class PublicApiTest {

    /**
     * Deliberate exceptions, each {@code "Type#member -> internal.Type"} with the reason it stays.
     */
    private static final Map<String, String> ALLOWED = Map.of();

    /** The module under test's own classes and those of the gonogo modules it ships. */
    private static List<String> publicApiClassNames() throws IOException {
        Set<String> names = new TreeSet<>();
        for (String entry :
                System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry);
            // test classes and the test-support module are no part of the shipped API
            if (p.toString().contains("test-classes") || isTestingModule(p)) {
                continue;
            }
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.filter(f -> f.toString().endsWith(".class"))
                            .map(
                                    f ->
                                            p.relativize(f)
                                                    .toString()
                                                    .replace(java.io.File.separatorChar, '/'))
                            .forEach(n -> addIfGonogo(n, names));
                }
            } else if (p.getFileName().toString().startsWith("gonogo-") && entry.endsWith(".jar")) {
                try (JarFile jar = new JarFile(p.toFile())) {
                    for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                        addIfGonogo(e.nextElement().getName(), names);
                    }
                }
            }
        }
        return List.copyOf(names);
    }

    private static boolean isTestingModule(Path p) {
        String s = p.toString().replace(java.io.File.separatorChar, '/');
        return s.contains("/testing/target/")
                || p.getFileName().toString().startsWith("gonogo-testing");
    }

    private static void addIfGonogo(String resource, Set<String> names) {
        if (resource.startsWith("io/gonogo/")
                && resource.endsWith(".class")
                && !resource.endsWith("package-info.class")
                && !resource.endsWith("module-info.class")) {
            names.add(
                    resource.substring(0, resource.length() - ".class".length()).replace('/', '.'));
        }
    }

    @Test
    void noPublicSignatureOfAPublicPackageNamesAnInternalType() throws IOException {
        List<String> classes = publicApiClassNames();
        assertThat(classes)
                .as("the gonogo classes found on the class path")
                .contains(
                        "io.gonogo.Gonogo",
                        "io.gonogo.core.Decision",
                        "io.gonogo.runners.load.LoadRunner",
                        "io.gonogo.server.GovernanceServer");

        List<String> leaks = new ArrayList<>();
        int checked = 0;
        for (String name : classes) {
            Class<?> type = load(name);
            if (type == null || isInternal(type.getPackageName()) || !isExported(type)) {
                continue;
            }
            checked++;
            leaks.addAll(leaksOf(type));
        }
        leaks.removeIf(ALLOWED::containsKey);

        assertThat(checked).as("public types checked").isGreaterThan(100);
        assertThat(leaks)
                .as(
                        "public signatures naming a type of an internal package (move the type to a"
                            + " public package, wrap it, or list it in ALLOWED with the reason)")
                .isEmpty();
    }

    @Test
    void theCheckFindsALeak() {
        assertThat(leaksOf(Leaky.class))
                .containsExactly(
                        Leaky.class.getName() + "#parse -> io.gonogo.core.internal.Waivers");
    }

    /** A public type whose one method returns an internal type: what the check is for. */
    public static class Leaky {
        /** The leak. */
        public List<io.gonogo.core.internal.Waivers> parse() {
            return List.of();
        }

        /** Private members are not the API. */
        @SuppressWarnings("unused")
        private io.gonogo.core.internal.Waivers hidden() {
            return null;
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, PublicApiTest.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new AssertionError("cannot load " + name + ": " + e, e);
        }
    }

    private static boolean isInternal(String packageName) {
        return ("." + packageName + ".").contains(".internal.");
    }

    /** Public, and every enclosing type public too. */
    private static boolean isExported(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getDeclaringClass()) {
            if (!Modifier.isPublic(c.getModifiers()) || c.isAnonymousClass() || c.isLocalClass()) {
                return false;
            }
        }
        return !type.isSynthetic();
    }

    private static List<String> leaksOf(Class<?> type) {
        List<String> leaks = new ArrayList<>();
        String owner = type.getName();
        check(owner + "#<extends>", type.getGenericSuperclass(), leaks);
        for (Type i : type.getGenericInterfaces()) {
            check(owner + "#<implements>", i, leaks);
        }
        for (TypeVariable<?> v : type.getTypeParameters()) {
            check(owner + "#<" + v.getName() + ">", v, leaks);
        }
        boolean subclassable = !Modifier.isFinal(type.getModifiers()) && !type.isRecord();
        for (Field f : type.getDeclaredFields()) {
            if (visible(f.getModifiers(), subclassable) && !f.isSynthetic()) {
                check(owner + "#" + f.getName(), f.getGenericType(), leaks);
            }
        }
        for (Constructor<?> c : type.getDeclaredConstructors()) {
            if (visible(c.getModifiers(), subclassable) && !c.isSynthetic()) {
                checkExecutable(owner + "#<init>", c, leaks);
            }
        }
        for (Method m : type.getDeclaredMethods()) {
            if (visible(m.getModifiers(), subclassable) && !m.isSynthetic() && !m.isBridge()) {
                check(owner + "#" + m.getName(), m.getGenericReturnType(), leaks);
                checkExecutable(owner + "#" + m.getName(), m, leaks);
            }
        }
        return leaks.stream().distinct().toList();
    }

    private static boolean visible(int modifiers, boolean subclassable) {
        return Modifier.isPublic(modifiers) || (subclassable && Modifier.isProtected(modifiers));
    }

    private static void checkExecutable(String where, Executable e, List<String> leaks) {
        for (Type p : e.getGenericParameterTypes()) {
            check(where, p, leaks);
        }
        for (Type x : e.getGenericExceptionTypes()) {
            check(where, x, leaks);
        }
        for (TypeVariable<?> v : e.getTypeParameters()) {
            check(where, v, leaks);
        }
    }

    private static void check(String where, Type t, List<String> leaks) {
        check(where, t, leaks, new java.util.HashSet<>());
    }

    private static void check(String where, Type t, List<String> leaks, Set<Type> seen) {
        if (t == null || !seen.add(t)) {
            return;
        }
        if (t instanceof Class<?> c) {
            while (c.isArray()) {
                c = c.getComponentType();
            }
            if (c.getName().startsWith("io.gonogo.") && isInternal(c.getPackageName())) {
                leaks.add(where + " -> " + c.getName());
            }
        } else if (t instanceof ParameterizedType p) {
            check(where, p.getRawType(), leaks, seen);
            check(where, p.getOwnerType(), leaks, seen);
            for (Type a : p.getActualTypeArguments()) {
                check(where, a, leaks, seen);
            }
        } else if (t instanceof GenericArrayType g) {
            check(where, g.getGenericComponentType(), leaks, seen);
        } else if (t instanceof WildcardType w) {
            for (Type b : w.getUpperBounds()) {
                check(where, b, leaks, seen);
            }
            for (Type b : w.getLowerBounds()) {
                check(where, b, leaks, seen);
            }
        } else if (t instanceof TypeVariable<?> v) {
            for (Type b : v.getBounds()) {
                check(where, b, leaks, seen);
            }
        }
    }
}
