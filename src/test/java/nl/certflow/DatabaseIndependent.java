package nl.certflow;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test class that starts no certflow application: a unit test, a plain engine on its own in-memory H2, a web slice
 * without a database. It runs the same whatever database the suite's applications get, so the PostgreSQL pass (Maven
 * profile {@code postgres-tests}) leaves it out; the H2 pass runs it. {@code DatabaseIndependentTest} holds every
 * class so marked to that.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(DatabaseIndependent.TAG)
public @interface DatabaseIndependent {

    /** The JUnit tag the PostgreSQL pass excludes ({@code excludedGroups} in pom.xml). */
    String TAG = "database-independent";
}
