package dev.sluice.tests.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The project is its own reference: no tracked file (the CI script aside) points outside the
 * repository at the contract folder next to it, every document a file cites exists in it, and every
 * document stays under 500 lines.
 */
class ProjectReferencesTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** Built from parts, so that this file does not name what it looks for. */
    private static final List<String> OUTSIDE = List.of(".." + "/shared", "shared" + "/spec", "shared" + "/docs");
    private static final Pattern DOCS_CITATION = Pattern.compile("docs/([A-Z][A-Z0-9_-]*\\.md)");
    private static final Pattern BARE_CITATION = Pattern.compile("(?<![\\w/.-])([A-Z][A-Z0-9_-]*\\.md)\\b");

    @Test
    void noTrackedFileOutsideCiPointsAtTheSharedFolder() throws Exception {
        List<String> found = new ArrayList<>();
        for (String file : trackedTextFiles()) {
            List<String> lines = lines(file);
            for (int i = 0; i < lines.size(); i++) {
                for (String outside : OUTSIDE) {
                    if (lines.get(i).contains(outside)) found.add(file + ":" + (i + 1) + ": " + lines.get(i).trim());
                }
            }
        }
        assertEquals(List.of(), found, "files that point outside the repository");
    }

    @Test
    void everyCitedDocumentExists() throws Exception {
        List<String> broken = new ArrayList<>();
        for (String file : trackedTextFiles()) {
            List<String> lines = lines(file);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                Matcher docs = DOCS_CITATION.matcher(line);
                while (docs.find()) {
                    if (!Files.isRegularFile(ROOT.resolve("docs").resolve(docs.group(1)))) {
                        broken.add(file + ":" + (i + 1) + ": docs/" + docs.group(1) + " does not exist");
                    }
                }
                Matcher bare = BARE_CITATION.matcher(line);
                while (bare.find()) {
                    String problem = bareProblem(file, bare.group(1));
                    if (problem != null) broken.add(file + ":" + (i + 1) + ": " + problem);
                }
            }
        }
        assertEquals(List.of(), broken, "citations of documents the repository does not have");
    }

    /** Hand-written files stay under 500 lines: a longer document is split into parts that link to each other. */
    @Test
    void everyDocumentIsShorterThan500Lines() throws Exception {
        List<String> tooLong = new ArrayList<>();
        for (String file : trackedTextFiles()) {
            if (!file.endsWith(".md")) continue;
            List<String> lines = lines(file);
            int count = lines.get(lines.size() - 1).isEmpty() ? lines.size() - 1 : lines.size();
            if (count >= 500) tooLong.add(file + ": " + count + " lines");
        }
        assertEquals(List.of(), tooLong, "documents of 500 lines or more: split them into parts");
    }

    @Test
    void theReadmeCitesTheLanguageAndCommandLineReferences() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        for (String doc : List.of("docs/LANGUAGE.md", "docs/CLI.md", "docs/KERNEL.md")) {
            assertTrue(readme.contains(doc), "README.md does not cite " + doc);
        }
    }

    /**
     * A document cited by its bare name: inside docs/ it is a sibling (or the root's README);
     * elsewhere only a file at the root may be cited bare, the others with their docs/ prefix, so a
     * reader knows where to look.
     */
    private static String bareProblem(String file, String name) {
        boolean inDocs = file.startsWith("docs/");
        if (inDocs && Files.isRegularFile(ROOT.resolve("docs").resolve(name))) return null;
        if (Files.isRegularFile(ROOT.resolve(name))) return null;
        if (!inDocs && Files.isRegularFile(ROOT.resolve("docs").resolve(name))) return name + " is docs/" + name;
        return name + " does not exist";
    }

    /** Tracked files, as git lists them, except the CI script's folder and binary files. */
    private static List<String> trackedTextFiles() throws IOException, InterruptedException {
        Process git = new ProcessBuilder("git", "-C", ROOT.toString(), "ls-files", "-z").redirectErrorStream(true).start();
        String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, git.waitFor(), "git ls-files failed: " + out);
        List<String> files = new ArrayList<>();
        for (String file : out.split("\0")) {
            if (file.isEmpty() || file.startsWith(".ci/")) continue;
            Path path = ROOT.resolve(file);
            if (!Files.isRegularFile(path) || isBinary(path)) continue;
            files.add(file);
        }
        assertTrue(files.size() > 100, "git listed only " + files.size() + " files");
        return files;
    }

    private static boolean isBinary(Path path) throws IOException {
        for (byte b : Files.readAllBytes(path)) if (b == 0) return true;
        return false;
    }

    /** The file's lines; bytes that are not UTF-8 become replacement characters rather than an error. */
    private static List<String> lines(String file) throws IOException {
        return List.of(new String(Files.readAllBytes(ROOT.resolve(file)), StandardCharsets.UTF_8).split("\n", -1));
    }
}
