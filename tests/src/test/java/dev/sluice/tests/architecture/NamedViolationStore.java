package dev.sluice.tests.architecture;

import com.tngtech.archunit.library.freeze.TextFileBasedViolationStore;
import com.tngtech.archunit.library.freeze.ViolationStore;
import java.util.Locale;

/**
 * ArchUnit's text-file store of frozen violations, with one file per rule named after the rule
 * (ArchUnit's default is a random name), so that a reader of {@code archunit_store} sees which
 * violations belong to which rule. Configured in {@code archunit.properties}.
 */
public final class NamedViolationStore extends ViolationStore.Delegate {
    public NamedViolationStore() {
        super(new TextFileBasedViolationStore(NamedViolationStore::fileName));
    }

    private static String fileName(String ruleDescription) {
        String name = ruleDescription.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return name.length() > 80 ? name.substring(0, 80) : name;
    }
}
