package dev.sluice.compiler.lower;

import dev.sluice.compiler.hooks.PacketField;
import dev.sluice.dsl.model.Expr;
import dev.sluice.dsl.model.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * {@code print FORMAT, VALUES}: the values are fields or {@code str(FIELD)}, one per conversion
 * of the format; each distinct format gets an index, which the event carries.
 */
final class PrintLowering {
    private final FieldLowering fields;
    private final BiConsumer<SourceLocation, String> error;
    private final List<String> formats = new ArrayList<>();

    PrintLowering(FieldLowering fields, BiConsumer<SourceLocation, String> error) {
        this.fields = fields;
        this.error = error;
    }

    /** The formats printed so far, by index. */
    List<String> formats() {
        return formats;
    }

    Optional<Statement> print(dev.sluice.dsl.model.Statement.Print print) {
        List<PacketField> args = new ArrayList<>();
        boolean ok = true;
        for (Expr e : print.args()) {
            Optional<PacketField> v = fields.value(e, "print");
            if (v.isPresent()) args.add(v.get());
            else ok = false;
        }
        int conversions = conversions(print.format());
        if (conversions != print.args().size()) {
            error.accept(print.location(), "the format has " + conversions + " conversion" + (conversions == 1 ? "" : "s") + " and "
                    + print.args().size() + " value" + (print.args().size() == 1 ? "" : "s") + " follow it");
            ok = false;
        }
        if (!ok) return Optional.empty();
        int index = formats.indexOf(print.format());
        if (index < 0) {
            formats.add(print.format());
            index = formats.size() - 1;
        }
        return Optional.of(new Statement.Print(index, args));
    }

    /** Conversions in a print format: %d %u %x %s %ip %mac; %% is a percent sign. */
    private static int conversions(String format) {
        int n = 0;
        for (int i = 0; i < format.length() - 1; i++) {
            if (format.charAt(i) != '%') continue;
            if (format.charAt(i + 1) == '%') {
                i++;
                continue;
            }
            n++;
        }
        return n;
    }
}
