package dev.previewkit.internal.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.previewkit.Artifact;
import dev.previewkit.BuildProfile;
import dev.previewkit.CacheLimits;
import dev.previewkit.OutputLimits;
import dev.previewkit.PreviewException;
import dev.previewkit.Toolchain;
import dev.previewkit.internal.json.Json;
import dev.previewkit.spi.BuildContext;
import dev.previewkit.spi.BuildOutput;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Published artifacts, keyed by {@code outputKey}: identical input finds the stored artifact without
 * building. Each artifact is copied from the build output (regular files only), renamed into place in one
 * step and then marked complete; see {@link DiskStore}. Thread-safe, and safe to share with other processes.
 *
 * <p>Artifact files are hard links into a {@link BlobStore} ({@code .blobs/<sha256>}), so a content that many
 * artifacts hold (the images of every version of one app) is on disk once. The byte limit bounds the bytes
 * of distinct contents, the blobs; each entry's marker records the bytes its publishing added. Deleting an
 * artifact (eviction, a failed publish, an incomplete entry at recovery) sweeps the blobs no artifact links
 * to any more. Without hard links, artifacts are plain copies and each weighs its own bytes.
 */
public final class ArtifactStore {

    private static final String PROFILE = "profile";
    private static final String SOURCE_MAPS = "sourceMaps";
    private static final String MODERN_TOOLCHAIN = "modernToolchain";
    private static final String TOOLCHAIN = "toolchain";
    private static final String TOOLCHAIN_DESCRIPTION = "toolchainDescription";

    private final BlobStore blobs;
    private final DiskStore store;
    private final OutputLimits limits;

    /** @throws PreviewException when the store's folders cannot be created */
    public ArtifactStore(Path root, CacheLimits cacheLimits, OutputLimits limits) {
        try {
            this.blobs = new BlobStore(root.resolve(BlobStore.FOLDER));
        } catch (IOException e) {
            throw new PreviewException("Cannot create the artifact store " + root + ": " + e.getMessage(), e);
        }
        this.store = new DiskStore(root, "artifact", cacheLimits, entry -> blobs.sweep(),
                blobs.shares() ? entries -> blobs.bytes() : DiskStore.Usage.SUM_OF_ENTRIES);
        this.limits = limits;
    }

    /** Indexes the artifacts on disk, deletes incomplete ones and the blobs no artifact links to. */
    public void recover() {
        blobs.sweep();  // counts the blobs before the size limit is checked
        store.recover();
        blobs.sweep();  // the blobs of incomplete entries just deleted
    }

    /** The stored artifact for a key, if there is one. */
    public Optional<Artifact> lookup(String key) {
        return store.get(key).map(ArtifactStore::artifact);
    }

    /**
     * Keeps a stored artifact from eviction until the returned hold is closed, for example while a session
     * serves it; empty when the artifact is no longer stored.
     */
    public Optional<AutoCloseable> hold(String key) {
        return store.hold(key).map(held -> held.lease()::close);
    }

    /** Why there is no artifact for a key. */
    public String missReason(String key) {
        return store.evictionReason(key).map(reason -> "an artifact for this input was " + reason)
                .orElse("no artifact was built from this input yet");
    }

    /**
     * Publishes a build output under {@code key}, recording the {@code profile} and {@code toolchain} it was built
     * with: the regular
     * files of an output folder or stream, checked while they are copied, or a preview URI; when another build
     * published the same key meanwhile, returns that artifact instead.
     *
     * @throws dev.previewkit.spi.StepFailedException (FAILED) for an output without index.html, over limits, or
     *     with an entry whose path leaves the output
     * @throws PreviewException when the store cannot be written or the output stream cannot be read
     */
    public Artifact publish(BuildOutput output, String key, BuildProfile profile, Toolchain toolchain,
            BuildContext context) {
        try (KeyLock ignored = store.lock(key, KeyLock.untilStopped(context))) {
            Optional<StoreEntry> existing = store.get(key);
            if (existing.isPresent()) {
                return artifact(existing.get());
            }
            Path staging = store.newStaging(key);
            try {
                ObjectNode metadata = Json.MAPPER.createObjectNode();
                metadata.put(PROFILE, profile.kind().name());
                metadata.put(SOURCE_MAPS, profile.sourceMaps());
                metadata.put(MODERN_TOOLCHAIN, profile.modernToolchain());
                metadata.put(TOOLCHAIN, toolchain.kind().name());
                metadata.put(TOOLCHAIN_DESCRIPTION, toolchain.description());
                OutputCopier.Copied copied;
                if (output instanceof BuildOutput.Folder folder) {
                    copied = OutputCopier.copy(folder.directory(), staging, limits, context, blobs);
                } else if (output instanceof BuildOutput.Entries entries) {
                    copied = EntryCopier.copy(entries.entries(), staging, limits, context, blobs);
                } else {
                    metadata.put("previewUri", ((BuildOutput.Preview) output).uri().toString());
                    copied = new OutputCopier.Copied(List.of(), 0);
                }
                ArrayNode list = metadata.putArray("files");
                copied.files().forEach(list::add);
                return artifact(store.commit(key, metadata, copied.addedBytes()));
            } catch (IOException e) {
                discard(key);
                throw new PreviewException("Cannot copy the build output of " + key + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                discard(key);
                throw e;
            }
        }
    }

    private void discard(String key) {
        store.discardStaging(key);
        blobs.sweep();
    }

    /**
     * The artifact of a stored entry; an entry published before profiles or toolchains were recorded was built as
     * {@link BuildProfile#PRODUCTION} with the project's toolchain (its key lacks them, so no request finds it now).
     */
    private static Artifact artifact(StoreEntry entry) {
        List<String> files = new ArrayList<>();
        for (JsonNode file : entry.metadata().path("files")) {
            files.add(file.asText());
        }
        Optional<URI> previewUri = entry.metadata().hasNonNull("previewUri")
                ? Optional.of(URI.create(entry.metadata().get("previewUri").asText())) : Optional.empty();
        JsonNode metadata = entry.metadata();
        BuildProfile profile = new BuildProfile(BuildProfile.Kind.valueOf(metadata.path(PROFILE)
                .asText(BuildProfile.Kind.PRODUCTION.name())), metadata.path(SOURCE_MAPS).asBoolean(false),
                metadata.path(MODERN_TOOLCHAIN).asBoolean(false));
        Toolchain toolchain = metadata.hasNonNull(TOOLCHAIN)
                ? new Toolchain(Toolchain.Kind.valueOf(metadata.get(TOOLCHAIN).asText()),
                        metadata.path(TOOLCHAIN_DESCRIPTION).asText(""))
                : Toolchain.PROJECT;
        return new Artifact(entry.key(), entry.folder(), files, previewUri, profile, toolchain);
    }
}
