package dev.previewkit.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.previewkit.CacheLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs on the default file system: the store takes OS file locks. */
class DiskStoreTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ENTRY_BYTES = 1000;
    /** Room for one entry of {@link #ENTRY_BYTES} and a half. */
    private static final CacheLimits ONE_AND_A_HALF = new CacheLimits(ENTRY_BYTES * 3 / 2, Duration.ofDays(1));
    private static final CacheLimits GENEROUS = new CacheLimits(1L << 30, Duration.ofDays(1));

    @TempDir
    Path temp;

    private final List<StoreEntry> deleted = new CopyOnWriteArrayList<>();

    private Path root() {
        return temp.resolve("store");
    }

    private DiskStore store(CacheLimits limits) {
        return new DiskStore(root(), "test", limits, deleted::add);
    }

    /** Writes an entry the way the stores do: under the key's lock, in staging, then committed. */
    private static StoreEntry put(DiskStore store, String key, byte[] content) throws IOException {
        try (KeyLock ignored = store.lock(key, () -> false)) {
            Path staging = store.newStaging(key);
            Files.createDirectories(staging.resolve("sub"));
            Files.write(staging.resolve("sub/data.bin"), content);
            ObjectNode metadata = JSON.createObjectNode().put("origin", "test-" + key);
            return store.commit(key, metadata, content.length);
        }
    }

    private static StoreEntry put(DiskStore store, String key) throws IOException {
        return put(store, key, bytes(ENTRY_BYTES, key.hashCode()));
    }

    private static byte[] bytes(int size, int seed) {
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) (seed + i * 31);
        }
        return data;
    }

    private List<String> rootChildren() throws IOException {
        try (Stream<Path> children = Files.list(root())) {
            return children.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private void assertGone(String key) {
        assertThat(root().resolve(key)).doesNotExist();
        assertThat(root().resolve(key + ".json")).doesNotExist();
    }

    private void assertComplete(String key) {
        assertThat(root().resolve(key)).isDirectory();
        assertThat(root().resolve(key + ".json")).isRegularFile();
    }

    // ---- commit and get ----

    @Test
    void commit_filledStaging_createsFolderAndMarkerWithoutStaging() throws IOException {
        DiskStore store = store(GENEROUS);
        byte[] content = bytes(ENTRY_BYTES, 7);

        StoreEntry entry = put(store, "k1", content);

        assertThat(entry.key()).isEqualTo("k1");
        assertThat(entry.folder()).isEqualTo(root().resolve("k1"));
        assertThat(entry.bytes()).isEqualTo(ENTRY_BYTES);
        assertThat(entry.folder().resolve("sub/data.bin")).hasBinaryContent(content);
        assertComplete("k1");
        assertThat(rootChildren()).noneMatch(name -> name.startsWith(DiskStore.STAGING_PREFIX));
    }

    @Test
    void commit_metadata_writtenToMarkerWithKeyBytesAndCreated() throws IOException {
        DiskStore store = store(GENEROUS);

        put(store, "k1");

        ObjectNode marker = (ObjectNode) JSON.readTree(root().resolve("k1.json").toFile());
        assertThat(marker.path("origin").asText()).isEqualTo("test-k1");
        assertThat(marker.path("key").asText()).isEqualTo("k1");
        assertThat(marker.path("bytes").asLong()).isEqualTo(ENTRY_BYTES);
        assertThat(marker.path("created").asText()).isNotEmpty();
    }

    @Test
    void get_committedKey_returnsEntryWithContentAndMetadata() throws IOException {
        DiskStore store = store(GENEROUS);
        byte[] content = bytes(ENTRY_BYTES, 3);
        put(store, "k1", content);

        Optional<StoreEntry> found = store.get("k1");

        assertThat(found).hasValueSatisfying(entry -> {
            assertThat(entry.folder()).isEqualTo(root().resolve("k1"));
            assertThat(entry.folder().resolve("sub/data.bin")).hasBinaryContent(content);
            assertThat(entry.bytes()).isEqualTo(ENTRY_BYTES);
            assertThat(entry.metadata().path("origin").asText()).isEqualTo("test-k1");
        });
    }

    @Test
    void get_unknownKey_empty() {
        assertThat(store(GENEROUS).get("missing")).isEmpty();
    }

    @Test
    void get_afterRestartAndRecover_findsEntry() throws IOException {
        byte[] content = bytes(ENTRY_BYTES, 5);
        put(store(GENEROUS), "k1", content);

        DiskStore restarted = store(GENEROUS);
        restarted.recover();

        assertThat(restarted.entries()).extracting(StoreEntry::key).containsExactly("k1");
        assertThat(restarted.get("k1")).hasValueSatisfying(entry -> {
            assertThat(entry.folder().resolve("sub/data.bin")).hasBinaryContent(content);
            assertThat(entry.bytes()).isEqualTo(ENTRY_BYTES);
            assertThat(entry.metadata().path("origin").asText()).isEqualTo("test-k1");
        });
    }

    @Test
    void get_entryCommittedByOtherInstance_foundWithoutRecover() throws IOException {
        DiskStore mine = store(GENEROUS);
        DiskStore otherProcess = store(GENEROUS);
        assertThat(mine.get("k1")).isEmpty();

        put(otherProcess, "k1");

        assertThat(mine.get("k1")).hasValueSatisfying(entry -> assertThat(entry.bytes()).isEqualTo(ENTRY_BYTES));
        assertThat(mine.entries()).extracting(StoreEntry::key).containsExactly("k1");
    }

    @Test
    void get_markerDeletedByOtherProcess_empty() throws IOException {
        DiskStore store = store(GENEROUS);
        put(store, "k1");
        assertThat(store.get("k1")).isPresent();

        Files.delete(root().resolve("k1.json"));

        assertThat(store.get("k1")).isEmpty();
        assertThat(store.entries()).isEmpty();
        assertThat(deleted).as("no eviction: another process deleted it").isEmpty();
        assertThat(store.evictionReason("k1")).isEmpty();
    }

    @Test
    void get_folderWithoutMarker_empty() throws IOException {
        Files.createDirectories(root().resolve("half/sub"));

        assertThat(store(GENEROUS).get("half")).isEmpty();
    }

    @Test
    void newStaging_leftoverStaging_returnsEmptyFolder() throws IOException {
        DiskStore store = store(GENEROUS);
        Path leftover = Files.createDirectories(root().resolve(DiskStore.STAGING_PREFIX + "k1/old"));
        Files.writeString(leftover.resolve("stale.txt"), "stale");

        try (KeyLock ignored = store.lock("k1", () -> false)) {
            Path staging = store.newStaging("k1");

            try (Stream<Path> children = Files.list(staging)) {
                assertThat(children).isEmpty();
            }
        }
    }

    @Test
    void discardStaging_filledStaging_deletesIt() throws IOException {
        DiskStore store = store(GENEROUS);
        try (KeyLock ignored = store.lock("k1", () -> false)) {
            Path staging = store.newStaging("k1");
            Files.writeString(staging.resolve("a.txt"), "a");

            store.discardStaging("k1");

            assertThat(staging).doesNotExist();
        }
        assertThat(store.get("k1")).isEmpty();
    }

    // ---- recover ----

    @Test
    void recover_incompleteLeftovers_deletedAndCompleteEntriesKept() throws IOException {
        put(store(GENEROUS), "complete");
        Files.createDirectories(root().resolve("unmarked/sub"));
        Files.writeString(root().resolve("unmarked/sub/f.txt"), "x");
        Files.createDirectories(root().resolve(DiskStore.STAGING_PREFIX + "x"));
        Files.writeString(root().resolve(DiskStore.STAGING_PREFIX + "x/f.txt"), "x");
        Files.writeString(root().resolve("orphan.json"), "{\"key\":\"orphan\",\"bytes\":1}");

        DiskStore restarted = store(GENEROUS);
        restarted.recover();

        assertThat(root().resolve("unmarked")).doesNotExist();
        assertThat(root().resolve(DiskStore.STAGING_PREFIX + "x")).doesNotExist();
        assertThat(root().resolve("orphan.json")).doesNotExist();
        assertComplete("complete");
        assertThat(restarted.entries()).extracting(StoreEntry::key).containsExactly("complete");
        assertThat(restarted.get("complete")).isPresent();
        assertThat(deleted).as("incomplete leftovers are not evictions").isEmpty();
    }

    @Test
    void recover_leftoverTemporaryMarker_deleted() throws IOException {
        Files.createDirectories(root());
        Files.writeString(root().resolve(DiskStore.STAGING_PREFIX + "k1.json"), "{}");

        store(GENEROUS).recover();

        assertThat(root().resolve(DiskStore.STAGING_PREFIX + "k1.json")).doesNotExist();
    }

    @Test
    void recover_unmarkedFolderLockedByWriter_kept() throws IOException {
        DiskStore writer = store(GENEROUS);
        try (KeyLock ignored = writer.lock("busy", () -> false)) {
            Files.createDirectories(root().resolve("busy"));
            Path staging = writer.newStaging("busy");

            store(GENEROUS).recover();

            assertThat(root().resolve("busy")).isDirectory();
            assertThat(staging).isDirectory();
        }
    }

    @Test
    void recover_unreadableMarker_folderDeleted() throws IOException {
        put(store(GENEROUS), "broken");
        Files.writeString(root().resolve("broken.json"), "{ not json");

        DiskStore restarted = store(GENEROUS);
        restarted.recover();

        assertThat(root().resolve("broken")).doesNotExist();
        assertThat(restarted.get("broken")).isEmpty();
    }

    // ---- size eviction ----

    @Test
    void commit_secondEntryOverSizeLimit_evictsOlderEntry() throws IOException {
        DiskStore store = store(ONE_AND_A_HALF);
        StoreEntry first = put(store, "first");

        StoreEntry second = put(store, "second");
        store.cleanUp();

        assertGone("first");
        assertComplete("second");
        assertThat(store.get("first")).isEmpty();
        assertThat(store.get("second")).isPresent();
        assertThat(store.entries()).extracting(StoreEntry::key).containsExactly("second");
        assertThat(store.evictionReason("first")).hasValueSatisfying(reason -> assertThat(reason).contains("size limit"));
        assertThat(store.evictionReason("second")).isEmpty();
        assertThat(deleted).containsExactly(first);
        assertThat(second.folder().resolve("sub/data.bin")).exists();
    }

    @Test
    void commit_thirdEntryOverSizeLimit_evictsLeastRecentlyUsedAndKeepsNewest() throws IOException {
        DiskStore store = store(ONE_AND_A_HALF);
        put(store, "first");
        put(store, "second");
        store.cleanUp();

        StoreEntry third = put(store, "third");
        store.cleanUp();

        assertGone("first");
        assertGone("second");
        assertComplete("third");
        assertThat(store.get("third")).isPresent();
        assertThat(store.evictionReason("second")).hasValueSatisfying(reason -> assertThat(reason).contains("size limit"));
        assertThat(deleted).extracting(StoreEntry::key).containsExactly("first", "second");
        assertThat(third.folder().resolve("sub/data.bin")).exists();
    }

    @Test
    void commit_olderEntryReadRecently_evictsLeastRecentlyReadInstead() throws IOException {
        DiskStore store = store(new CacheLimits(ENTRY_BYTES * 5 / 2, Duration.ofDays(1)));
        put(store, "a");
        put(store, "b");
        assertThat(store.get("a")).isPresent();  // a is now used more recently than b

        put(store, "c");
        store.cleanUp();

        assertGone("b");
        assertComplete("a");
        assertComplete("c");
        assertThat(store.entries()).extracting(StoreEntry::key).containsExactlyInAnyOrder("a", "c");
        assertThat(deleted).extracting(StoreEntry::key).containsExactly("b");
    }

    @Test
    void commit_withinSizeLimit_evictsNothing() throws IOException {
        DiskStore store = store(new CacheLimits(ENTRY_BYTES * 2, Duration.ofDays(1)));

        put(store, "a");
        put(store, "b");
        store.cleanUp();

        assertComplete("a");
        assertComplete("b");
        assertThat(store.entries()).hasSize(2);
        assertThat(deleted).isEmpty();
    }

    @Test
    void commit_entryLargerThanWholeLimit_keptBecauseJustWritten() throws IOException {
        DiskStore store = store(new CacheLimits(ENTRY_BYTES / 2, Duration.ofDays(1)));

        StoreEntry big = put(store, "big");
        store.cleanUp();

        assertComplete("big");
        assertThat(big.folder().resolve("sub/data.bin")).exists();
        assertThat(store.get("big")).isPresent();
        assertThat(deleted).isEmpty();
    }

    @Test
    void commit_entryLargerThanWholeLimit_evictedByNextCommit() throws IOException {
        DiskStore store = store(new CacheLimits(ENTRY_BYTES / 2, Duration.ofDays(1)));
        put(store, "big");

        put(store, "next");

        assertGone("big");
        assertComplete("next");
        assertThat(deleted).extracting(StoreEntry::key).containsExactly("big");
    }

    @Test
    void evict_leasedEntry_deletionDeferredUntilLeaseClosed() throws IOException {
        DiskStore store = store(ONE_AND_A_HALF);
        StoreEntry first = put(store, "first");
        DiskStore.Lease lease = store.lease(first);

        put(store, "second");
        store.cleanUp();

        assertComplete("first");
        assertThat(first.folder().resolve("sub/data.bin")).exists();
        assertThat(deleted).isEmpty();

        lease.close();

        assertGone("first");
        assertComplete("second");
        assertThat(deleted).containsExactly(first);
        assertThat(store.evictionReason("first")).hasValueSatisfying(reason -> assertThat(reason).contains("size limit"));
    }

    @Test
    void evict_leasedOldestEntry_nextOldestEvictedInstead() throws IOException {
        DiskStore store = store(new CacheLimits(ENTRY_BYTES * 5 / 2, Duration.ofDays(1)));
        StoreEntry oldest = put(store, "oldest");
        put(store, "middle");

        try (DiskStore.Lease ignored = store.lease(oldest)) {
            put(store, "newest");

            assertComplete("oldest");
            assertGone("middle");
            assertComplete("newest");
            assertThat(deleted).extracting(StoreEntry::key).containsExactly("middle");
        }
        assertComplete("oldest");
        assertThat(deleted).extracting(StoreEntry::key).containsExactly("middle");
    }

    @Test
    void evict_twoLeases_leasedEntryKeptWhileEitherLeaseOpen() throws IOException {
        DiskStore store = store(ONE_AND_A_HALF);
        StoreEntry first = put(store, "first");
        DiskStore.Lease a = store.lease(first);
        DiskStore.Lease b = store.lease(first);

        put(store, "second");
        store.cleanUp();
        a.close();

        assertComplete("first");
        assertThat(first.folder().resolve("sub/data.bin")).exists();
        assertThat(deleted).extracting(StoreEntry::key).doesNotContain("first");
        b.close();
    }

    @Test
    void expire_twoLeases_deletedOnlyAfterLastClosed() throws IOException, InterruptedException {
        DiskStore store = store(new CacheLimits(1L << 30, Duration.ofMillis(50)));
        StoreEntry entry = put(store, "idle");
        DiskStore.Lease a = store.lease(entry);
        DiskStore.Lease b = store.lease(entry);
        Thread.sleep(150);
        store.cleanUp();

        a.close();

        assertComplete("idle");
        assertThat(deleted).isEmpty();

        b.close();

        assertGone("idle");
        assertThat(deleted).containsExactly(entry);
    }

    /**
     * Closing a lease re-checks the size limit; an entry committed with {@code commitAndHold} is leased from the
     * start, so no such check can delete it before its build is done with it.
     */
    @Test
    void release_otherEntryStillLeased_doesNotDeleteEntryCommittedAndHeld() throws IOException {
        DiskStore store = store(ONE_AND_A_HALF);
        StoreEntry first = put(store, "first");
        DiskStore.Lease a = store.lease(first);
        DiskStore.Lease b = store.lease(first);
        DiskStore.Held second;
        try (KeyLock lock = store.lock("second", () -> false)) {
            Files.write(store.newStaging("second").resolve("data.bin"), new byte[1000]);
            second = store.commitAndHold("second", JSON.createObjectNode(), 1000);
        }

        a.close();  // another build finishes; first is still leased by b

        assertComplete("second");
        assertThat(deleted).doesNotContain(second.entry());
        second.lease().close();
        b.close();
    }

    @Test
    void lease_closedBeforeEviction_entryDeletedOnEviction() throws IOException {
        DiskStore store = store(ONE_AND_A_HALF);
        StoreEntry first = put(store, "first");
        store.lease(first).close();

        put(store, "second");
        store.cleanUp();

        assertGone("first");
        assertThat(deleted).containsExactly(first);
    }

    @Test
    void recover_moreEntriesThanLimit_evictsDownToLimit() throws IOException {
        DiskStore writer = store(GENEROUS);
        put(writer, "a");
        put(writer, "b");
        put(writer, "c");

        DiskStore restarted = store(ONE_AND_A_HALF);
        restarted.recover();

        assertThat(restarted.entries()).hasSize(1);
        String kept = restarted.entries().findFirst().orElseThrow().key();
        assertComplete(kept);
        assertThat(deleted).hasSize(2).extracting(StoreEntry::key).doesNotContain(kept);
        for (StoreEntry entry : deleted) {
            assertGone(entry.key());
            assertThat(restarted.evictionReason(entry.key())).hasValueSatisfying(r -> assertThat(r).contains("size limit"));
        }
    }

    // ---- idle expiry ----

    @Test
    void cleanUp_entryIdleLongerThanMaxIdle_deletedWithIdleReason() throws IOException, InterruptedException {
        DiskStore store = store(new CacheLimits(1L << 30, Duration.ofMillis(50)));
        StoreEntry entry = put(store, "idle");

        Thread.sleep(150);
        store.cleanUp();

        assertGone("idle");
        assertThat(store.entries()).isEmpty();
        assertThat(store.evictionReason("idle")).hasValueSatisfying(reason -> assertThat(reason).contains("unused"));
        assertThat(deleted).containsExactly(entry);
    }

    @Test
    void cleanUp_leasedEntryIdleLongerThanMaxIdle_deletedWhenLeaseClosed() throws IOException, InterruptedException {
        DiskStore store = store(new CacheLimits(1L << 30, Duration.ofMillis(50)));
        StoreEntry entry = put(store, "idle");
        DiskStore.Lease lease = store.lease(entry);

        Thread.sleep(150);
        store.cleanUp();

        assertThat(store.evictionReason("idle")).hasValueSatisfying(reason -> assertThat(reason).contains("unused"));
        assertComplete("idle");
        assertThat(entry.folder().resolve("sub/data.bin")).exists();
        assertThat(deleted).isEmpty();

        lease.close();

        assertGone("idle");
        assertThat(deleted).containsExactly(entry);
    }

    @Test
    void cleanUp_entryUsedWithinMaxIdle_kept() throws IOException {
        DiskStore store = store(new CacheLimits(1L << 30, Duration.ofMinutes(10)));
        put(store, "fresh");

        store.cleanUp();

        assertComplete("fresh");
        assertThat(store.get("fresh")).isPresent();
        assertThat(store.evictionReason("fresh")).isEmpty();
        assertThat(deleted).isEmpty();
    }

    // ---- bounded by what is in use ----

    @Test
    void lease_tenThousandEntriesLeasedAndReleased_tracksNoLeaseAfter() {
        DiskStore store = store(GENEROUS);
        for (int i = 0; i < 10_000; i++) {
            StoreEntry entry = new StoreEntry("k" + i, root().resolve("k" + i), 1, JSON.createObjectNode());
            DiskStore.Lease a = store.lease(entry);
            DiskStore.Lease b = store.lease(entry);
            a.close();
            b.close();
        }

        assertThat(store.leasedKeys()).isZero();
    }

    @Test
    void evict_entryOverSizeLimit_deletesItsLockFile() throws IOException {
        DiskStore store = store(ONE_AND_A_HALF);
        put(store, "first");

        put(store, "second");

        assertGone("first");
        assertThat(root().resolve("first.lock")).doesNotExist();
    }

    @Test
    void evict_leasedEntryDeletedWhenLeaseClosed_deletesItsLockFile() throws IOException {
        DiskStore store = store(ONE_AND_A_HALF);
        StoreEntry first = put(store, "first");
        DiskStore.Lease lease = store.lease(first);
        put(store, "second");

        lease.close();

        assertGone("first");
        assertThat(root().resolve("first.lock")).doesNotExist();
        assertThat(store.leasedKeys()).isZero();
    }

    @Test
    void recover_leftoverLockFilesOfAbsentEntries_deleted() throws IOException {
        store(GENEROUS);
        Files.writeString(root().resolve("gone.lock"), "");
        Files.writeString(root().resolve("crashed.lock"), "");

        store(GENEROUS).recover();

        assertThat(rootChildren()).noneMatch(name -> name.endsWith(".lock") && !name.startsWith("."));
    }
}
