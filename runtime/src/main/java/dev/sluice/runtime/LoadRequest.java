package dev.sluice.runtime;

import dev.sluice.compiler.isa.Code;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What to load: a program's name (the kernel keeps 15 characters of [A-Za-z0-9_.]), type, code,
 * license, the expected attach type where the type needs one, and the verifier log level to keep
 * on success (0: none; 2 or 4 for statistics, which {@link BpfProgram#verifierLog()} returns).
 */
public record LoadRequest(String name, ProgramType type, Code code, String license, OptionalInt expectedAttachType,
                          int statsLogLevel) {
    /** Rejects missing parts. */
    public LoadRequest {
        Objects.requireNonNull(name);
        Objects.requireNonNull(type);
        Objects.requireNonNull(code);
        Objects.requireNonNull(license);
        Objects.requireNonNull(expectedAttachType);
    }

    /**
     * A GPL-licensed request (so GPL-only helpers are allowed) without an expected attach type or statistics.
     */
    public static LoadRequest of(String name, ProgramType type, Code code) {
        return new LoadRequest(name, type, code, "GPL", OptionalInt.empty(), 0);
    }

    /**
     * The same request with the expected attach type that some program types check at load (cgroup skb
     * direction, for instance).
     */
    public LoadRequest withExpectedAttachType(int attachType) {
        return new LoadRequest(name, type, code, license, OptionalInt.of(attachType), statsLogLevel);
    }

    /** The same request under another license string; a non-GPL license forbids GPL-only helpers. */
    public LoadRequest withLicense(String license) {
        return new LoadRequest(name, type, code, license, expectedAttachType, statsLogLevel);
    }

    /**
     * The same request keeping the verifier's statistics log on success (log level 4), for instruction counts
     * and {@link BpfProgram#verifierLog()}.
     */
    public LoadRequest withStatistics() {
        return new LoadRequest(name, type, code, license, expectedAttachType, 4);
    }

    /** The name as the kernel will store it. */
    public String kernelName() {
        StringBuilder out = new StringBuilder();
        for (char c : name.toCharArray()) {
            if (out.length() == 15) break;
            out.append(Character.isLetterOrDigit(c) && c < 128 || c == '_' || c == '.' ? c : '_');
        }
        return out.toString();
    }
}
