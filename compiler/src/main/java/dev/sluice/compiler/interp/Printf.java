package dev.sluice.compiler.interp;

import java.util.function.LongFunction;

/** The subset of printf that bpf_trace_printk accepts: %d %i %u %x %X %c %s %p with l/ll, and %%. */
final class Printf {
    private Printf() {}

    static String format(String format, long[] args, LongFunction<String> strings) {
        StringBuilder out = new StringBuilder();
        int next = 0;
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 == format.length()) {
                out.append(c);
                continue;
            }
            int j = i + 1;
            if (format.charAt(j) == '%') {
                out.append('%');
                i = j;
                continue;
            }
            int longs = 0;
            while (j < format.length() && format.charAt(j) == 'l') {
                longs++;
                j++;
            }
            if (j == format.length()) {
                out.append(format, i, j);
                break;
            }
            char conv = format.charAt(j);
            long arg = next < args.length ? args[next] : 0;
            boolean wide = longs > 0;
            switch (conv) {
                case 'd': case 'i': out.append(wide ? arg : (int) arg); next++; break;
                case 'u': out.append(wide ? Long.toUnsignedString(arg) : Integer.toUnsignedString((int) arg)); next++; break;
                case 'x': out.append(wide ? Long.toHexString(arg) : Integer.toHexString((int) arg)); next++; break;
                case 'X': out.append((wide ? Long.toHexString(arg) : Integer.toHexString((int) arg)).toUpperCase()); next++; break;
                case 'c': out.append((char) (arg & 0xff)); next++; break;
                case 'p': out.append("0x").append(Long.toHexString(arg)); next++; break;
                case 's': out.append(strings.apply(arg)); next++; break;
                default: out.append(format, i, j + 1); break;
            }
            i = j;
        }
        return out.toString();
    }
}
