package dev.previewkit.backend.localnpm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.previewkit.PackageManager;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ManagerProvisionerTest {
    @Test
    void version_pinnedByPackageManagerField_isThatVersionWithoutItsHash() {
        assertThat(ManagerProvisioner.version(PackageManager.PNPM, Optional.of("pnpm@9.12.0+sha512.abc")))
                .contains("9.12.0");
        assertThat(ManagerProvisioner.version(PackageManager.BUN, Optional.of("bun@1.2.3"))).contains("1.2.3");
    }

    @Test
    void version_noFieldOrAnotherManagersField_isTheDefault() {
        assertThat(ManagerProvisioner.version(PackageManager.BUN, Optional.empty()))
                .contains(ManagerProvisioner.DEFAULT_VERSIONS.get(PackageManager.BUN));
        assertThat(ManagerProvisioner.version(PackageManager.PNPM, Optional.of("yarn@1.22.22")))
                .contains(ManagerProvisioner.DEFAULT_VERSIONS.get(PackageManager.PNPM));
        assertThat(ManagerProvisioner.version(PackageManager.PNPM, Optional.of("pnpm@latest")))
                .contains(ManagerProvisioner.DEFAULT_VERSIONS.get(PackageManager.PNPM));
    }

    @Test
    void version_npmOrModernYarn_cannotBeProvisioned() {
        assertThat(ManagerProvisioner.version(PackageManager.NPM, Optional.empty())).isEmpty();
        assertThat(ManagerProvisioner.version(PackageManager.YARN, Optional.of("yarn@4.5.0"))).isEmpty();
        assertThat(ManagerProvisioner.version(PackageManager.YARN, Optional.of("yarn@1.22.19"))).contains("1.22.19");
    }
}
