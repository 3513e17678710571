package dev.flotilla.cli.storage;

import java.math.BigDecimal;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A size as people type it: {@code 10G}, {@code 512M}, {@code 1.5T}, {@code 1GiB}, or plain bytes. Binary units. */
final class Size implements ITypeConverter<Long> {

    @Override
    public Long convert(String text) {
        return parse(text);
    }

    static long parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT).replace("IB", "").replace("B", "");
        long unit = 1;
        if (!t.isEmpty()) {
            switch (t.charAt(t.length() - 1)) {
                case 'K' -> unit = 1L << 10;
                case 'M' -> unit = 1L << 20;
                case 'G' -> unit = 1L << 30;
                case 'T' -> unit = 1L << 40;
                default -> unit = 1;
            }
        }
        String number = unit == 1 ? t : t.substring(0, t.length() - 1);
        try {
            long bytes = new BigDecimal(number).multiply(BigDecimal.valueOf(unit)).setScale(0, java.math.RoundingMode.CEILING).longValueExact();
            if (bytes <= 0) {
                throw new TypeConversionException("'" + text + "' is not a positive size");
            }
            return bytes;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new TypeConversionException("'" + text + "' is not a size such as 10G, 512M or 1073741824");
        }
    }
}
