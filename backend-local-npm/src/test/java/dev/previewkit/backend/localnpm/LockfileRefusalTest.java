package dev.previewkit.backend.localnpm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.previewkit.PackageManager;
import java.util.List;
import org.junit.jupiter.api.Test;

class LockfileRefusalTest {
    /** What npm 11 printed here for `npm ci` with a lockfile that lacked two packages. */
    private static final List<String> NPM_CI = List.of(
            "npm error code EUSAGE",
            "npm error",
            "npm error `npm ci` can only install packages when your package.json and package-lock.json or"
                    + " npm-shrinkwrap.json are in sync. Please update your lock file with `npm install` before"
                    + " continuing.",
            "npm error",
            "npm error Missing: embla-carousel-autoplay@8.6.0 from lock file",
            "npm error Invalid: lock file's @radix-ui/react-slot@1.0.0 does not satisfy @radix-ui/react-slot@1.2.3",
            "npm error Missing: embla-carousel-autoplay@8.6.0 from lock file",
            "npm error",
            "npm error Clean install a project");

    @Test
    void in_npmCiOutOfSync_namesEachPackageOnce() {
        assertThat(LockfileRefusal.in(PackageManager.NPM, NPM_CI))
                .contains(List.of("embla-carousel-autoplay", "@radix-ui/react-slot"));
    }

    @Test
    void in_otherNpmFailure_isNoRefusal() {
        assertThat(LockfileRefusal.in(PackageManager.NPM, List.of("npm error code E404",
                "npm error 404 Not Found - GET https://registry.npmjs.org/no-such-package"))).isEmpty();
    }

    @Test
    void in_frozenRefusalsOfOtherManagers_recognised() {
        assertThat(LockfileRefusal.in(PackageManager.PNPM, List.of(" ERR_PNPM_OUTDATED_LOCKFILE  Cannot install"
                + " with \"frozen-lockfile\" because pnpm-lock.yaml is not up to date"))).contains(List.of());
        assertThat(LockfileRefusal.in(PackageManager.BUN, List.of("error: lockfile had changes, but lockfile is"
                + " frozen"))).contains(List.of());
        assertThat(LockfileRefusal.in(PackageManager.YARN, List.of("error Your lockfile needs to be updated, but"
                + " yarn was run with `--frozen-lockfile`."))).contains(List.of());
        assertThat(LockfileRefusal.in(PackageManager.BUN, NPM_CI)).isEmpty();
    }
}
