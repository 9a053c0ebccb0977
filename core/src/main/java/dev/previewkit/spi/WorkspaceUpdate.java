package dev.previewkit.spi;

import java.util.Set;

/**
 * How the core brought a session's lasting workspace up to date for a build ({@link BuildRequest#sessionWorkspace()}):
 * which project files it wrote and removed since the build before. The workspace then holds exactly the
 * project's files (plus the backend's own {@code node_modules}); whatever else a build left there is gone.
 * Immutable.
 *
 * @param created  whether the workspace was created empty for this build (the session's first build in it)
 * @param added    project-relative paths of files that were not there before
 * @param modified paths of files whose content changed (or that a build had touched)
 * @param deleted  paths of files that were removed because the project no longer has them
 */
public record WorkspaceUpdate(boolean created, Set<String> added, Set<String> modified, Set<String> deleted) {
    public WorkspaceUpdate {
        added = Set.copyOf(added);
        modified = Set.copyOf(modified);
        deleted = Set.copyOf(deleted);
    }

    /** Whether no file was written or removed. */
    public boolean unchanged() {
        return added.isEmpty() && modified.isEmpty() && deleted.isEmpty();
    }
}
