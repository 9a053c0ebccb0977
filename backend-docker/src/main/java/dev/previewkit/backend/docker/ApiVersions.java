package dev.previewkit.backend.docker;

/** Compares engine API versions such as {@code 1.41} and {@code 1.9}, number by number. */
final class ApiVersions {
    private ApiVersions() {}

    /** Whether {@code version} is {@code minimum} or newer; an unreadable version is not. */
    static boolean atLeast(String version, String minimum) {
        String[] have = version.split("\\.");
        String[] need = minimum.split("\\.");
        try {
            for (int i = 0; i < need.length; i++) {
                int part = i < have.length ? Integer.parseInt(have[i]) : 0;
                int wanted = Integer.parseInt(need[i]);
                if (part != wanted) {
                    return part > wanted;
                }
            }
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
