package dev.flotilla.manager.scheduling;

/** A filter's answer for one host: fits, or rejected with a reason a person can read. */
public record Verdict(boolean accepted, String reason) {

    private static final Verdict FITS = new Verdict(true, "");

    public static Verdict fits() {
        return FITS;
    }

    public static Verdict rejected(String reason) {
        return new Verdict(false, reason);
    }
}
