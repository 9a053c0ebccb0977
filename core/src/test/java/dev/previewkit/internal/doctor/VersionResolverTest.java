package dev.previewkit.internal.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Version look-ups against a {@link StubRegistry}. */
class VersionResolverTest {
    private static final VersionResolver.Settings QUICK = new VersionResolver.Settings(Duration.ofSeconds(10),
            Duration.ofHours(1), Duration.ofMillis(300), 1000);

    private StubRegistry registry;

    @BeforeEach
    void startRegistry() throws IOException {
        registry = new StubRegistry();
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    private VersionResolver resolver(VersionResolver.Settings settings) {
        return new VersionResolver(registry.uri(), settings);
    }

    private VersionResolver resolver() {
        return resolver(QUICK);
    }

    /** {@code count} package names the registry does not know. */
    static List<String> madeUp(int count) {
        return IntStream.range(0, count).mapToObj(i -> "made-up-package-" + i).toList();
    }

    @Test
    void resolveAll_twentyMadeUpPackagesWithSlowRegistry_takesAboutOneDelayNotTwenty() {
        registry.delay(2_000);

        long start = System.nanoTime();
        Map<String, VersionResolver.Resolved> resolved = resolver().resolveAll(madeUp(20));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(resolved).hasSize(20);
        assertThat(resolved.values()).allSatisfy(version -> assertThat(version.version()).isEqualTo("latest"));
        assertThat(registry.requested()).hasSize(20);
        assertThat(took).isBetween(Duration.ofMillis(1_900), Duration.ofMillis(3_900));
    }

    @Test
    void resolveAll_failedLookUp_triedAgainOnlyAfterItsShortTimeToLive() throws Exception {
        VersionResolver resolver = resolver();

        resolver.resolveAll(List.of("no-such-package"));
        resolver.resolveAll(List.of("no-such-package"));
        assertThat(registry.requested()).as("within the failure's time to live").hasSize(1);
        Thread.sleep(500);
        resolver.resolveAll(List.of("no-such-package"));

        assertThat(registry.requested()).containsExactly("/no-such-package/latest", "/no-such-package/latest");
    }

    @Test
    void resolveAll_morePackagesThanTheCacheHolds_cacheStaysBounded() {
        VersionResolver resolver = resolver(new VersionResolver.Settings(Duration.ofSeconds(10), Duration.ofHours(1),
                Duration.ofHours(1), 5));

        for (String name : madeUp(20)) {
            resolver.resolveAll(List.of(name));
        }

        assertThat(resolver.cached()).isLessThanOrEqualTo(5);
    }

    @Test
    void resolveAll_unpinnedPackage_registryLatestLookedUpOnce() {
        VersionResolver resolver = resolver();

        VersionResolver.Resolved first = resolver.resolveAll(List.of("left-pad")).get("left-pad");
        VersionResolver.Resolved second = resolver.resolveAll(List.of("left-pad")).get("left-pad");

        assertThat(first).isEqualTo(new VersionResolver.Resolved("1.3.0", "registry latest", true));
        assertThat(second).isEqualTo(first);
        assertThat(registry.requested()).containsExactly("/left-pad/latest");
    }

    @Test
    void resolveAll_scopedPackage_escapesTheSlash() {
        assertThat(resolver().resolveAll(List.of("@acme/widgets")).get("@acme/widgets").version()).isEqualTo("1.3.0");
        assertThat(registry.requested()).containsExactly("/@acme%2Fwidgets/latest");
    }

    @Test
    void resolveAll_pinnedPackage_asksNobody() {
        assertThat(resolver().resolveAll(List.of("lucide-react")))
                .containsExactly(Map.entry("lucide-react", new VersionResolver.Resolved("1.75.0", "pinned", true)));
        assertThat(registry.requested()).isEmpty();
    }

    @Test
    void resolveAll_unknownPackage_leftToThePackageManagerAsLatestSayingWhy() {
        VersionResolver.Resolved resolved = resolver().resolveAll(List.of("no-such-package")).get("no-such-package");

        assertThat(resolved.version()).isEqualTo("latest");
        assertThat(resolved.found()).isFalse();
        assertThat(resolved.source()).contains("answered 404").contains("left to the package manager");
    }

    @Test
    void resolveAll_registrySlowerThanTheDeadline_returnsAtTheDeadlineAndKeepsTheLookUpForLater() throws Exception {
        registry.delay(1_500);
        VersionResolver resolver = resolver(new VersionResolver.Settings(Duration.ofMillis(300), Duration.ofHours(1),
                Duration.ofHours(1), 1000));

        long start = System.nanoTime();
        Map<String, VersionResolver.Resolved> late = resolver.resolveAll(List.of("left-pad", "no-such-package"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        Thread.sleep(1_500);
        Map<String, VersionResolver.Resolved> later = resolver.resolveAll(List.of("left-pad"));

        assertThat(took).isLessThan(Duration.ofMillis(1_000));
        assertThat(late.values()).allSatisfy(resolved -> {
            assertThat(resolved.found()).isFalse();
            assertThat(resolved.source()).contains("no answer within");
        });
        assertThat(later.get("left-pad").version()).isEqualTo("1.3.0");
        assertThat(registry.requested()).containsExactlyInAnyOrder("/left-pad/latest", "/no-such-package/latest");
    }

    @Test
    void resolveAll_unreachableRegistry_latestSayingItCannotBeReached() {
        VersionResolver resolver = new VersionResolver(URI.create("http://127.0.0.1:9/"), QUICK);

        VersionResolver.Resolved resolved = resolver.resolveAll(List.of("left-pad")).get("left-pad");

        assertThat(resolved.found()).isFalse();
        assertThat(resolved.source()).contains("cannot reach it");
    }

    @Test
    void resolveAll_morePackagesThanLookedUpAtOnce_restLeftToThePackageManagerWithoutARequest() {
        Map<String, VersionResolver.Resolved> resolved = resolver().resolveAll(madeUp(VersionResolver.MAX_LOOKUPS + 3));

        assertThat(registry.requested()).hasSize(VersionResolver.MAX_LOOKUPS);
        assertThat(resolved.values()).filteredOn(version -> version.source().contains("not looked up")).hasSize(3);
    }
}
