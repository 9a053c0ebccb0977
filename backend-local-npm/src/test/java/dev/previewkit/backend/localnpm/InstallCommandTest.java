package dev.previewkit.backend.localnpm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.previewkit.PackageManager;
import org.junit.jupiter.api.Test;

class InstallCommandTest {
    @Test
    void arguments_npmWithLockfile_usesCiWithoutScripts() {
        assertThat(InstallCommand.arguments(PackageManager.NPM, true))
                .startsWith("ci").contains("--ignore-scripts", "--no-audit", "--no-fund");
    }

    @Test
    void arguments_npmWithoutLockfile_usesInstallWithoutScripts() {
        assertThat(InstallCommand.arguments(PackageManager.NPM, false))
                .startsWith("install").contains("--ignore-scripts", "--no-audit", "--no-fund").doesNotContain("ci");
    }

    @Test
    void arguments_pnpm_freezesLockfileOnlyWhenPresent() {
        assertThat(InstallCommand.arguments(PackageManager.PNPM, true)).contains("--frozen-lockfile", "--ignore-scripts");
        assertThat(InstallCommand.arguments(PackageManager.PNPM, false)).contains("--no-frozen-lockfile");
    }

    @Test
    void arguments_yarnAndBun_neverRunScriptsAndFreezeOnlyWithLockfile() {
        for (PackageManager manager : new PackageManager[] {PackageManager.YARN, PackageManager.BUN}) {
            assertThat(InstallCommand.arguments(manager, true)).contains("--ignore-scripts", "--frozen-lockfile");
            assertThat(InstallCommand.arguments(manager, false)).contains("--ignore-scripts")
                    .doesNotContain("--frozen-lockfile");
        }
    }
}
