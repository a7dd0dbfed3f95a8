package dev.sluice.tests.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import java.util.regex.Pattern;

/**
 * The main classes of every Sluice module on this module's class path, imported once for all
 * architecture tests. Test classes are left out wherever they come from: this module's own
 * ({@code target/test-classes}) and the compiler's and runtime's test jars
 * ({@code sluice-*-tests.jar}, or their {@code test-classes} folders in a reactor build).
 */
final class MainClasses {
    private static final Pattern TEST_JAR = Pattern.compile(".*-tests\\.jar!/.*");
    private static JavaClasses imported;

    private MainClasses() {}

    static synchronized JavaClasses get() {
        if (imported == null) {
            imported = new ClassFileImporter().withImportOption(MainClasses::isMainCode).importPackages("dev.sluice");
        }
        return imported;
    }

    private static boolean isMainCode(Location location) {
        return !location.contains("/test-classes/") && !location.matches(TEST_JAR);
    }
}
