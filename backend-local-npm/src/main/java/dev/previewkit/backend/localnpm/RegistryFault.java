package dev.previewkit.backend.localnpm;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises, in what npm printed, a failure to reach the package registry (refused or reset connections,
 * unknown hosts, timeouts, the registry's own 5xx answers): an infrastructure fault that says nothing about
 * the project and may pass. A missing package (E404) or version (ETARGET) is the project's.
 */
final class RegistryFault {
    private static final Pattern CODE = Pattern.compile("^npm (?:error|ERR!) code (?<code>ECONNREFUSED|ECONNRESET"
            + "|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|EPIPE|ERR_SOCKET_TIMEOUT|E5\\d\\d)\\s*$");

    private RegistryFault() {}

    /** The npm error code of a registry that could not be reached, if the output shows one. */
    static Optional<String> in(List<String> output) {
        for (String line : output) {
            Matcher matcher = CODE.matcher(line.strip());
            if (matcher.matches()) {
                return Optional.of(matcher.group("code"));
            }
        }
        return Optional.empty();
    }
}
