package dev.plantctl.ml.registry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The model a consumer serves right now, swapped for a newer version from a {@link ModelRegistry} without a
 * restart, and kept when a newer version fails to load.
 *
 * <ul>
 *   <li>{@link #refresh()} looks for versions newer than the one served, newest first; the first that reads,
 *       verifies and opens becomes current in one reference swap, and the one it replaces is closed.</li>
 *   <li>A version that fails is logged once with the reason (whose message names the file), counted in
 *       {@link #failures()}, remembered and not tried again; the next older candidate is tried, and when none
 *       loads the current model stays. So a corrupt latest version does not keep an older good one (newer than
 *       the current, or any at the first refresh) from serving.</li>
 * </ul>
 *
 * <p><b>Threads.</b> Built for one owner thread (a stream task calls {@link #refresh()} and {@link #current()}
 * from its task thread). The swap itself is a volatile write, so other threads may read {@link #current()}, but
 * only the owner may use a model across a refresh: the replaced model is closed at once.
 *
 * @param <M> the opened model, closed when replaced or at {@link #close()}
 */
public final class ServedModel<M extends AutoCloseable> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServedModel.class);

    /** Opens a verified package into a servable model. */
    @FunctionalInterface
    public interface Opener<M> {

        /**
         * @throws Exception when the model cannot be opened; it is then refused like a corrupt file
         */
        M open(ModelPackage model) throws Exception;
    }

    /**
     * The model being served.
     *
     * @param metadata its verified metadata
     * @param model    the opened model
     * @param <M>      its type
     */
    public record Current<M>(ModelMetadata metadata, M model) {
    }

    private final ModelRegistry registry;
    private final ModelContract contract;
    private final Opener<M> opener;
    private final Set<Long> refused = new HashSet<>();
    private volatile Current<M> current;
    private long reloads;
    private long failures;

    /**
     * @param registry where versions come from
     * @param contract what the consumer needs (the model's name among it)
     * @param opener   opens a verified package
     */
    public ServedModel(ModelRegistry registry, ModelContract contract, Opener<M> opener) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.contract = Objects.requireNonNull(contract, "contract");
        this.opener = Objects.requireNonNull(opener, "opener");
    }

    /** The model served now; empty until a version has loaded. */
    public Optional<Current<M>> current() {
        return Optional.ofNullable(current);
    }

    /**
     * Looks for a newer version and serves it if it loads.
     *
     * @return true when the served model changed
     * @throws IOException when the registry cannot be listed (the current model stays)
     */
    public boolean refresh() throws IOException {
        Current<M> now = current;
        long served = now == null ? 0 : now.metadata().version();
        List<Long> versions = registry.versions(contract.name());
        for (int i = versions.size() - 1; i >= 0; i--) {
            long v = versions.get(i);
            if (v <= served) {
                break;
            }
            if (refused.contains(v)) {
                continue;
            }
            Optional<Current<M>> loaded = tryLoad(v);
            if (loaded.isPresent()) {
                current = loaded.get();
                if (now != null) {
                    closeQuietly(now);
                    reloads++;
                }
                LOG.info("serving model {} (sha256 {}) from {}", loaded.get().metadata().id(),
                        loaded.get().metadata().sha256().substring(0, 12), registry.directory(contract.name(), v));
                return true;
            }
        }
        return false;
    }

    /** Swaps performed after the first load. */
    public long reloads() {
        return reloads;
    }

    /** Versions refused. */
    public long failures() {
        return failures;
    }

    /**
     * Closes the served model.
     *
     * @throws IOException when the model fails to close, naming it
     */
    @Override
    public void close() throws IOException {
        Current<M> c = current;
        current = null;
        if (c != null) {
            try {
                c.model().close();
            } catch (Exception e) {
                throw new IOException("closing model " + c.metadata().id() + " failed", e);
            }
        }
    }

    private Optional<Current<M>> tryLoad(long version) {
        try {
            ModelPackage p = registry.read(contract.name(), version, contract);
            return Optional.of(new Current<>(p.metadata(), opener.open(p)));
        } catch (Exception e) {
            failures++;
            refused.add(version);
            String reason = e instanceof ModelRejectedException ? e.getMessage()
                    : registry.directory(contract.name(), version).resolve(ModelRegistry.MODEL_FILE) + ": " + e;
            if (current == null) {
                LOG.warn("model {}/{} refused, trying older versions: {}", contract.name(), version, reason);
            } else {
                LOG.warn("model {}/{} refused, still serving {}: {}", contract.name(), version,
                        current.metadata().id(), reason);
            }
            return Optional.empty();
        }
    }

    private static void closeQuietly(Current<?> c) {
        try {
            ((AutoCloseable) c.model()).close();
        } catch (Exception e) {
            LOG.warn("closing replaced model {} failed: {}", c.metadata().id(), e.toString());
        }
    }
}
