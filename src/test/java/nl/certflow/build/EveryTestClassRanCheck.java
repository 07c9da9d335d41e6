package nl.certflow.build;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.platform.commons.annotation.Testable;

/**
 * Fails the build when a class with tests was not run by any surefire execution (its name matching no include
 * pattern, say): every concrete class in {@code target/test-classes} with a method annotated {@link Testable} (JUnit's
 * Test, ParameterizedTest, jqwik's Property, ...) needs a {@code TEST-<class>.xml} in one of
 * the {@code target/surefire-reports*} folders. Run by the pom in {@code verify}, unless {@code -Dtest} selects tests.
 */
public final class EveryTestClassRanCheck {

    private EveryTestClassRanCheck() {}

    /** Arguments: the test classes folder, the build folder holding the surefire report folders. */
    public static void main(String[] args) throws IOException {
        Path classes = Path.of(args[0]);
        Path target = Path.of(args[1]);
        Set<String> reported = reportedClasses(target);
        Set<String> notRun = new TreeSet<>();
        for (String name : classNames(classes)) {
            String topLevel = name.contains("$") ? name.substring(0, name.indexOf('$')) : name;
            if (!reported.contains(name) && !reported.contains(topLevel) && hasTests(name)) {
                notRun.add(name);
            }
        }
        if (!notRun.isEmpty()) {
            System.err.println("Test classes that no surefire execution ran (rename them to *Test or include them "
                    + "in the pom): " + notRun);
            System.exit(1);
        }
        System.out.println("Every test class ran (" + reported.size() + " reported)");
    }

    private static Set<String> reportedClasses(Path target) throws IOException {
        Set<String> reported = new HashSet<>();
        try (Stream<Path> folders = Files.list(target)) {
            for (Path folder : folders.filter(f -> f.getFileName().toString().startsWith("surefire-reports"))
                    .toList()) {
                try (Stream<Path> reports = Files.list(folder)) {
                    reports.map(report -> report.getFileName().toString())
                            .filter(name -> name.startsWith("TEST-") && name.endsWith(".xml"))
                            .forEach(name ->
                                    reported.add(name.substring("TEST-".length(), name.length() - ".xml".length())));
                }
            }
        }
        return reported;
    }

    private static List<String> classNames(Path classes) throws IOException {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(classes)) {
            return names; // tests not compiled (-Dmaven.test.skip)
        }
        try (Stream<Path> files = Files.walk(classes)) {
            files.filter(file -> file.toString().endsWith(".class")).forEach(file -> {
                String relative = classes.relativize(file).toString();
                names.add(relative.substring(0, relative.length() - ".class".length())
                        .replace(file.getFileSystem().getSeparator(), "."));
            });
        }
        return names;
    }

    private static boolean hasTests(String name) {
        Class<?> type;
        try {
            type = Class.forName(name, false, EveryTestClassRanCheck.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException("Cannot load test class " + name, e);
        }
        if (type.isInterface() || type.isAnnotation() || Modifier.isAbstract(type.getModifiers())) {
            return false;
        }
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method method : c.getDeclaredMethods()) {
                for (Annotation annotation : method.getAnnotations()) {
                    if (isTestable(annotation.annotationType(), new HashSet<>())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** {@code @Testable} itself or an annotation carrying it, at any depth (ParameterizedTest via TestTemplate). */
    private static boolean isTestable(Class<? extends Annotation> type, Set<Class<?>> seen) {
        if (type == Testable.class) {
            return true;
        }
        if (!seen.add(type) || type.getName().startsWith("java.lang.annotation.")) {
            return false;
        }
        for (Annotation meta : type.getAnnotations()) {
            if (isTestable(meta.annotationType(), seen)) {
                return true;
            }
        }
        return false;
    }
}
