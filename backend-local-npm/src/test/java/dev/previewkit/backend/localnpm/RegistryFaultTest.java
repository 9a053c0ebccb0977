package dev.previewkit.backend.localnpm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RegistryFaultTest {
    @ParameterizedTest
    @ValueSource(strings = {"ECONNREFUSED", "ENOTFOUND", "ETIMEDOUT", "EAI_AGAIN", "E503"})
    void in_networkOrServerError_namesTheCode(String code) {
        assertThat(RegistryFault.in(List.of("npm error code " + code, "npm error errno " + code)))
                .contains(code);
    }

    @Test
    void in_projectErrors_areNoRegistryFault() {
        assertThat(RegistryFault.in(List.of("npm error code E404", "npm error 404 Not Found - GET x"))).isEmpty();
        assertThat(RegistryFault.in(List.of("npm error code ETARGET"))).isEmpty();
        assertThat(RegistryFault.in(List.of("npm error code ERESOLVE"))).isEmpty();
    }
}
